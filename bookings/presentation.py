"""What a booking looks like to a person: her zone's name, links, call details.

Views and emails both import this module; it needs no request, so links are
absolute from SITE_URL (workers that send emails have no request).
"""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from bookings.ics import google_calendar_url
from bookings.models import Booking, ConsultSettings
from bookings.tokens import manage_token
from coaching.links import absolute_url
from coaching.zones import canonical_zone


def zone_label(name: str, *, short: bool = False) -> str:
    """How a zone is named to people, by its current name: "London time
    (Europe/London)", or with `short` just "London time"."""
    name = canonical_zone(name)
    if "/" not in name:
        return f"{name} time"
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time" if short else f"{city} time ({name})"


def full_stop(text) -> str:
    """End a sentence once: "3:00 p.m." keeps its stop, "15:00" gets one."""
    text = str(text)
    return text if text.endswith(".") else f"{text}."


def call_day(starts_at: datetime, *, now: datetime) -> str:
    """ "today", "tomorrow" or "on Thursday 3 December", by dates in the active zone."""
    # Dates, not hours: 23:30 is "tomorrow" for a call at 00:30 an hour later.
    day = timezone.localdate(starts_at)
    today = timezone.localdate(now)
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return "on " + date_format(day, "l j F")


def manage_url(booking: Booking) -> str:
    """Her link to see, move or cancel this call (valid for its current version)."""
    return absolute_url(reverse("bookings:manage", args=[manage_token(booking)]))


def book_url() -> str:
    """The booking page, for "book a new time" links."""
    return absolute_url(reverse("bookings:book"))


def call_context(booking: Booking, *, cfg: ConsultSettings) -> dict:
    """What every page and email about one booking shows (no health answers)."""
    return {
        "booking": booking,
        "consult": cfg,
        "booking_zone_label": zone_label(booking.time_zone),
        "google_url": google_calendar_url(booking, cfg=cfg),
    }
