"""Step 1 of booking: the free times of one week, in her zone."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from bookings.forms import SlotListQuery
from bookings.models import ConsultSettings
from bookings.presentation import zone_label
from coaching.zones import coach_zone_name

from ._common import (
    cookie_zone,
    remember_zone,
    source_post,
    week_of_times,
    with_from,
    zone_choices,
)


@never_cache
def book(request):
    """Step 1: the free times of one week, in her zone."""
    query = SlotListQuery(request.GET)
    chosen_zone = query.zone
    zone = chosen_zone or cookie_zone(request) or coach_zone_name()
    post = source_post(request.GET.get("from"))
    week = week_of_times(
        query.value("week", 0), zone, now=timezone.now(), cfg=ConsultSettings.load()
    )
    book_url = reverse("bookings:book")
    context = {
        "week": week,
        "zone": zone,
        "zone_label": zone_label(zone),
        "zone_is_guess": not (chosen_zone or cookie_zone(request)),
        "zone_choices": zone_choices(zone),
        "post": post,
        "slot_query": with_from("", post),
        "previous_url": with_from(book_url, post, week=week.previous, tz=chosen_zone)
        if week.previous is not None
        else None,
        "next_url": with_from(book_url, post, week=week.next, tz=chosen_zone)
        if week.next is not None
        else None,
    }
    with timezone.override(zone):
        response = render(request, "bookings/book.html", context)
    if chosen_zone:
        remember_zone(response, request, chosen_zone)
    return response
