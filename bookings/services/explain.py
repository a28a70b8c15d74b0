"""Why a time is not offered: the same rules as `free_slots`, named (reads only).

For the coach's own page only: it names her time off notes and her own
calendars' event titles, which no visitor ever sees.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.formats import time_format

from bookings.models import Booking, ConsultSettings, TimeOff, WeeklyWindow
from bookings.presentation import full_stop
from calendars.models import BusyInterval

from .slots import LONGEST_BOOKING, _day_candidates


def _hm(value: datetime, zone) -> str:
    """The time as the back office writes it: 9:30 a.m."""
    return time_format(value.astimezone(zone), "TIME_FORMAT")


def _hours_reasons(starts_at, now, cfg, zone) -> list[str]:
    reasons = []
    if starts_at < now + timedelta(hours=cfg.min_notice_hours):
        reasons.append(
            f"Minimum notice: calls are booked at least {cfg.min_notice_hours} "
            "hours ahead."
        )
    if starts_at >= now + timedelta(days=cfg.horizon_days):
        reasons.append(
            f"Too far ahead: calls are offered {cfg.horizon_days} days ahead."
        )
    day = starts_at.astimezone(zone).date()
    windows = WeeklyWindow.objects.filter(weekday=day.weekday()).order_by("starts_at")
    if starts_at not in set(_day_candidates(day, windows, cfg, zone)):
        reasons.append("Outside your hours (or not one of the start times they give).")
    return reasons


def _call_reasons(starts_at, ends_at, cfg, zone) -> list[str]:
    reasons = []
    gap = timedelta(minutes=max(cfg.buffer_before_minutes, cfg.buffer_after_minutes))
    day = starts_at.astimezone(zone).date()
    booked = (
        Booking.objects.active()
        .filter(
            starts_at__gte=starts_at - LONGEST_BOOKING - gap,
            starts_at__lt=ends_at + gap + LONGEST_BOOKING,
        )
        .order_by("starts_at")
    )
    calls_that_day = 0
    for booking in booked:
        if booking.starts_at.astimezone(zone).date() == day:
            calls_that_day += 1
        if booking.starts_at < ends_at and starts_at < booking.ends_at:
            reasons.append(
                full_stop(f"A booked call at {_hm(booking.starts_at, zone)}")
            )
        elif booking.starts_at < ends_at + gap and starts_at - gap < booking.ends_at:
            at = _hm(booking.starts_at, zone)
            reasons.append(full_stop(f"Buffer: too close to the call at {at}"))
    if calls_that_day >= cfg.max_per_day:
        reasons.append(
            f"Daily cap: {calls_that_day} booked that day, at most {cfg.max_per_day}."
        )
    return reasons


def why_not_offered(
    starts_at: datetime, *, now: datetime | None = None, cfg: ConsultSettings
) -> list[str]:
    """Every reason `starts_at` is not offered (empty when it is); reads only."""
    now = now or timezone.now()
    zone = cfg.zone
    starts_at = starts_at.astimezone(UTC)
    ends_at = starts_at + timedelta(minutes=cfg.call_minutes)
    before = timedelta(minutes=cfg.buffer_before_minutes)
    after = timedelta(minutes=cfg.buffer_after_minutes)
    reasons = _hours_reasons(starts_at, now, cfg, zone)
    reasons += _call_reasons(starts_at, ends_at, cfg, zone)
    for off in TimeOff.objects.filter(
        starts_at__lt=ends_at + after, ends_at__gt=starts_at - before
    ):
        reasons.append(full_stop(f"Time off{': ' + off.note if off.note else ''}"))
    busy = (
        BusyInterval.objects.counted()
        .overlapping(starts_at - before, ends_at + after)
        .select_related("calendar__source")
    )
    for interval in busy:
        title = interval.title or "an event"
        reasons.append(full_stop(f"Busy in {interval.calendar}: {title}"))
    return reasons
