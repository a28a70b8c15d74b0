"""Manage links: the secret that lets a client see, cancel or move her own call.

A token is a random key kept on the booking: it says nothing about the booking
(no id, no count of bookings) and is checked by looking it up. Cancelling or
moving a call gives the old booking a new key, so older links stop working. A
link works until the call is over plus a grace period, however far ahead it was
booked.
"""

import re
from datetime import datetime, timedelta

from django.utils import timezone

from bookings.errors import InvalidToken
from bookings.models import Booking
from bookings.models.bookings import new_manage_key

# After the call, her link still shows what happened for this long.
LINK_GRACE = timedelta(days=14)
_KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{32}")


def manage_token(booking: Booking) -> str:
    """The URL-safe token of this booking's manage link; no personal data."""
    return booking.manage_key


def retire_manage_links(booking: Booking) -> None:
    """Give the booking a new key (unsaved): links sent so far stop working."""
    booking.manage_key = new_manage_key()


def link_expires_at(booking: Booking) -> datetime:
    """When her manage link stops working: the end of the call plus the grace."""
    return booking.ends_at + LINK_GRACE


def booking_from_token(token: str, *, now: datetime | None = None) -> Booking:
    """The booking a token points to; InvalidToken if unknown, retired or expired."""
    if not isinstance(token, str) or not _KEY_SHAPE.fullmatch(token):
        raise InvalidToken("This link is not valid.")
    booking = Booking.objects.select_related("client").filter(manage_key=token).first()
    if booking is None:
        raise InvalidToken("This link is no longer valid.")
    if (now or timezone.now()) >= link_expires_at(booking):
        raise InvalidToken("This link has expired.")
    return booking
