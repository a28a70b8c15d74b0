"""The booking pages: choose a time, give details, confirm, and manage the call."""

from .booking import cancelled, confirmed, details
from .feed import coach_feed
from .manage import calendar, cancel, manage, reschedule, reschedule_confirm
from .times import book

__all__ = [
    "book",
    "calendar",
    "cancel",
    "cancelled",
    "coach_feed",
    "confirmed",
    "details",
    "manage",
    "reschedule",
    "reschedule_confirm",
]
