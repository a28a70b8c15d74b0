"""Back-office pages: where clients come from, and the coach's calendar feed."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bookings import services
from bookings.models import Booking, CoachFeed
from coaching.links import absolute_url
from coaching.zones import coach_zone, coach_zone_name

DEFAULT_PERIOD_DAYS = 90


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label="Until (included)",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The start must be on or before the end.")
        return data


def sources_view(request, site):
    """Consults booked per post over a period she picks (booking dates, her zone)."""
    today = timezone.localdate(timezone=coach_zone())
    initial = {"start": today - timedelta(days=DEFAULT_PERIOD_DAYS), "end": today}
    form = PeriodForm(request.GET if "start" in request.GET else None, initial=initial)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    else:
        start, end = initial["start"], initial["end"]
    zone = coach_zone()
    rows = list(
        Booking.objects.filter(
            created_at__gte=datetime.combine(start, time.min, tzinfo=zone),
            created_at__lt=datetime.combine(
                end + timedelta(days=1), time.min, tzinfo=zone
            ),
        ).source_counts()
    )
    context = {
        **site.each_context(request),
        "title": "Where clients come from",
        "form": form,
        "start": start,
        "end": end,
        "rows": rows,
        "zone_name": coach_zone_name(),
        "totals": {
            key: sum(row[key] for row in rows)
            for key in ("booked", "held", "became_clients")
        },
    }
    return TemplateResponse(request, "admin/office/sources.html", context)


def feed_url(feed: CoachFeed) -> str:
    path = reverse("bookings:coach_feed", args=[feed.token])
    return absolute_url(path)


def feed_view(request, site):
    """Her private calendar address, and a button to replace it."""
    context = {
        **site.each_context(request),
        "title": "Your calendar feed",
        "feed_url": feed_url(CoachFeed.load()),
    }
    return TemplateResponse(request, "admin/office/feed.html", context)


@require_POST
def feed_rotate_view(request, site):
    """Give the feed a new address; the old one stops working."""
    services.rotate_coach_feed()
    messages.success(
        request,
        "Your calendar has a new address. Update it in your calendar app; "
        "the old address no longer works.",
    )
    return redirect("admin:bookings_feed")
