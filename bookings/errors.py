"""Errors the booking services raise; views show their messages as they are."""

from django.core.exceptions import ValidationError

from bookings.models import SLOT_TAKEN_MESSAGE


class SlotUnavailable(ValidationError):
    """The chosen time is not (or no longer) a free slot."""

    def __init__(self, message: str = SLOT_TAKEN_MESSAGE):
        super().__init__(message, code="slot_unavailable")


class BookingLocked(ValidationError):
    """The booking can no longer be changed online (past, cancelled or too close)."""

    def __init__(self, message: str):
        super().__init__(message, code="booking_locked")


class InvalidToken(Exception):  # noqa: N818 - the name the web layer imports
    """A manage link that is forged, malformed, expired or no longer current."""
