"""Booking services: every write to consult bookings, plus the free-slot reads."""

from .booking import (
    book_consult,
    cancel_booking,
    change_cutoff_message,
    mark_booking_held,
    mark_booking_no_show,
    reschedule_booking,
)
from .calendar import booking_ics, call_description, google_calendar_url
from .errors import BookingLocked, InvalidToken, SlotUnavailable
from .slots import free_slots, is_slot_free
from .tokens import (
    LINK_GRACE,
    booking_from_token,
    link_expires_at,
    make_manage_token,
    manage_token,
)

__all__ = [
    "LINK_GRACE",
    "BookingLocked",
    "InvalidToken",
    "SlotUnavailable",
    "book_consult",
    "booking_from_token",
    "booking_ics",
    "call_description",
    "cancel_booking",
    "change_cutoff_message",
    "free_slots",
    "google_calendar_url",
    "is_slot_free",
    "link_expires_at",
    "make_manage_token",
    "manage_token",
    "mark_booking_held",
    "mark_booking_no_show",
    "reschedule_booking",
]
