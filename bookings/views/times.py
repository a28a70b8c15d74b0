"""Step 1 of booking: the free times of one week, in her zone."""

from datetime import timedelta

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from bookings.forms import SlotListQuery
from bookings.models import ConsultSettings
from bookings.presentation import zone_label
from bookings.times_cache import kept_list, seconds_to_keep
from coaching.zones import coach_zone_name

from ._common import (
    cookie_zone,
    remember_zone,
    source_post,
    week_of_times,
    with_from,
    zone_options,
)


@never_cache
def book(request):
    """Step 1: the free times of one week, in her zone."""
    query = SlotListQuery(request.GET)
    chosen_zone = query.zone
    zone = chosen_zone or cookie_zone(request) or coach_zone_name()
    post = source_post(request.GET.get("from"))
    number = query.value("week", 0)
    slug = post.slug if post else ""
    times = kept_list(  # a SafeString: this template's output, kept as rendered
        (zone, number, slug, chosen_zone or ""),
        lambda: _render_times(number, zone, post, chosen_zone),
    )
    context = {
        "times": times,
        "zone": zone,
        "zone_label": zone_label(zone),
        "zone_is_guess": not (chosen_zone or cookie_zone(request)),
        "zone_options": zone_options(zone),
        "post": post,
    }
    response = render(request, "bookings/book.html", context)
    if chosen_zone:
        remember_zone(response, request, chosen_zone)
    return response


def _render_times(number, zone, post, chosen_zone) -> tuple[str, int]:
    """One week's times as HTML, and how many seconds that HTML stays right."""
    now = timezone.now()
    cfg = ConsultSettings.load()
    week = week_of_times(number, zone, now=now, cfg=cfg)
    book_url = reverse("bookings:book")
    context = {
        "week": week,
        "slot_query": with_from("", post),
        "previous_url": with_from(book_url, post, week=week.previous, tz=chosen_zone)
        if week.previous is not None
        else None,
        "next_url": with_from(book_url, post, week=week.next, tz=chosen_zone)
        if week.next is not None
        else None,
    }
    with timezone.override(zone):
        html = render_to_string("bookings/_times.html", context)
    first = week.days[0].times[0][0] if week.days else None
    notice = timedelta(hours=cfg.min_notice_hours)
    return html, seconds_to_keep(first, now=now, notice=notice)
