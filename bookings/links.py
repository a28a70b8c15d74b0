"""Absolute links to a booking's pages, built from SITE_URL: no request needed.

Pages and emails (sent by workers, with no request) share these.
"""

from django.conf import settings
from django.urls import reverse

from bookings.models import Booking
from bookings.services.tokens import manage_token


def absolute(path: str) -> str:
    """SITE_URL followed by a path on this site."""
    return settings.SITE_URL.rstrip("/") + path


def manage_url(booking: Booking) -> str:
    """Her manage link: see, cancel or move the call."""
    return absolute(reverse("bookings:manage", args=[manage_token(booking)]))
