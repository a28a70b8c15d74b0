"""The coach's own calendars as the booking services use them.

A live look at her calendars when a time is confirmed, and her copy of each
call written into the calendar she chose (same UID as her client's invitation).
"""

from datetime import datetime, timedelta

from bookings.errors import SlotUnavailable
from bookings.ics import booking_ics, event_uid
from bookings.models import Booking, ConsultSettings
from calendars import services as calendars


def check_her_calendars_now(starts_at: datetime, *, cfg: ConsultSettings) -> None:
    """Raise SlotUnavailable if her calendars, asked live, are busy then.

    Reads only (a short overall timeout; a calendar that cannot answer leaves
    the decision to its stored busy times). The busy times found ride on the
    error, so the caller can keep them once its transaction has rolled back.
    """
    start = starts_at - timedelta(minutes=cfg.buffer_before_minutes)
    end = starts_at + timedelta(minutes=cfg.call_minutes + cfg.buffer_after_minutes)
    found = calendars.live_busy(start, end)
    if found:
        error = SlotUnavailable()
        error.live_busy = found
        raise error


def keep_live_busy(error: SlotUnavailable) -> None:
    """After a refusal: keep what the live look found, for the nearest times."""
    calendars.remember_live_busy(getattr(error, "live_busy", []))


def write_to_her_calendar(booking: Booking, *, cfg: ConsultSettings) -> None:
    """Queue her copy of the call (removed once cancelled); in the caller's
    transaction, written after commit. Nothing when no write calendar is set."""
    if booking.status == Booking.Status.CANCELLED:
        calendars.queue_calendar_write(uid=event_uid(booking), ics=None)
    else:
        calendars.queue_calendar_write(
            uid=event_uid(booking), ics=booking_ics(booking, cfg=cfg, coach_copy=True)
        )
