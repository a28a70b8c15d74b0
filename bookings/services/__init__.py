"""Booking services: every write to consult bookings, plus the free-slot reads."""

from bookings.errors import BookingLocked, InvalidToken, SlotUnavailable

from .booking import (
    book_consult,
    cancel_booking,
    change_cutoff_message,
    mark_booking_held,
    mark_booking_no_show,
    reschedule_booking,
)
from .feed import coach_feed_ics, coach_feed_matches, rotate_coach_feed
from .notes import add_client_note, set_follow_up
from .privacy import client_data_export, erase_client, erase_stale_leads
from .slots import free_slots, is_slot_free
from .status import change_client_status

__all__ = [
    "set_follow_up",
    "rotate_coach_feed",
    "erase_stale_leads",
    "erase_client",
    "coach_feed_matches",
    "coach_feed_ics",
    "client_data_export",
    "change_client_status",
    "add_client_note",
    "BookingLocked",
    "InvalidToken",
    "SlotUnavailable",
    "book_consult",
    "cancel_booking",
    "change_cutoff_message",
    "free_slots",
    "is_slot_free",
    "mark_booking_held",
    "mark_booking_no_show",
    "reschedule_booking",
]
