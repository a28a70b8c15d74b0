"""How the back office words calls and counts: plain English, in her zone."""

from django.core.exceptions import ObjectDoesNotExist

from bookings.models import Booking
from coaching.wording import short_title, when

__all__ = [
    "call_status",
    "calls",
    "moved_to",
    "outcome_choices",
    "short_title",
    "when",
]


def moved_to(booking: Booking) -> Booking | None:
    """The booking that replaced this one when she moved her call, if any."""
    try:
        return booking.rescheduled_to
    except ObjectDoesNotExist:
        return None


def call_status(booking: Booking) -> str:
    """ "Held", "No-show", "Moved to Thu 3 Dec, 3:00 p.m." – never "Cancelled"
    for a call she moved."""
    if booking.status == Booking.Status.CANCELLED:
        successor = moved_to(booking)
        if successor is not None:
            return f"Moved to {when(successor.starts_at)}"
    return booking.get_status_display()


def calls(count: int) -> str:
    """ "1 call", "3 calls"."""
    return f"{count} call" if count == 1 else f"{count} calls"


def outcome_choices(booking: Booking, now) -> list[tuple[str, str]]:
    """The Held / No-show buttons a call offers now: (outcome, label)."""
    if booking.starts_at > now:
        return []
    if booking.status == Booking.Status.CONFIRMED:
        return [("held", "Held"), ("no_show", "No-show")]
    if booking.status == Booking.Status.COMPLETED:
        return [("no_show", "Change to no-show")]
    if booking.status == Booking.Status.NO_SHOW:
        return [("held", "Change to held")]
    return []
