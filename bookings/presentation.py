"""What a booking looks like to a person: her zone's name, links, call details.

Views and emails both import this module; it needs no request, so links are
absolute from SITE_URL (workers that send emails have no request).
"""

from django.urls import reverse

from bookings.ics import google_calendar_url
from bookings.models import Booking, ConsultSettings
from bookings.tokens import manage_token
from coaching.links import absolute_url


def zone_label(name: str) -> str:
    """How a zone is named to people: "London time (Europe/London)"."""
    if "/" not in name:
        return f"{name} time"
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time ({name})"


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
