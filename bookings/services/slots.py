"""Free consult times: the coach's weekly hours, minus everything that blocks them.

Each day's hours are laid out as wall-clock times in the coach's zone and only then
converted to UTC, so the days when daylight saving time starts or ends come out
right: a wall time that does not exist that day (clocks jump forward) is skipped,
and an ambiguous one (clocks fall back) means its first occurrence (fold=0).
"""

from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from bookings.models import Booking, ConsultSettings, TimeOff, WeeklyWindow

# No call is longer than a day (call_minutes <= 240), so bookings that could touch
# a window start at most this long before it; the bound keeps the bookings query
# on an index range instead of every past booking.
LONGEST_BOOKING = timedelta(days=1)


def _wall_time_exists(local: datetime) -> bool:
    """False for wall times skipped when the clocks go forward."""
    round_trip = local.astimezone(UTC).astimezone(local.tzinfo)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


def _day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants where a coach-local day begins and the next one begins."""
    start = datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end.astimezone(UTC)


def _day_candidates(day: date, windows, cfg: ConsultSettings, zone: ZoneInfo):
    """Slot starts (UTC) for one coach-local day, from its weekly windows."""
    call = timedelta(minutes=cfg.call_minutes)
    step = cfg.slot_step_minutes
    for window in windows:
        window_end = datetime.combine(day, window.ends_at, tzinfo=zone).astimezone(UTC)
        minute = window.starts_at.hour * 60 + window.starts_at.minute
        last = window.ends_at.hour * 60 + window.ends_at.minute
        while minute < last:
            local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=zone)
            minute += step
            if not _wall_time_exists(local):
                continue
            start = local.astimezone(UTC)
            if start + call <= window_end:
                yield start


def _overlaps(start: datetime, end: datetime, intervals) -> bool:
    return any(s < end and start < e for s, e in intervals)


def free_slots(
    start: datetime,
    end: datetime,
    *,
    now: datetime | None = None,
    cfg: ConsultSettings | None = None,
    ignoring_booking_id: int | None = None,
) -> list[datetime]:
    """Bookable slot starts (aware UTC) in [start, end); reads only, three queries
    (four when the caller has not loaded the consult settings). The booking
    `ignoring_booking_id` (the call being moved) blocks no time."""
    now = now or timezone.now()
    cfg = cfg or ConsultSettings.load()
    zone = cfg.zone
    earliest = max(start, now + timedelta(hours=cfg.min_notice_hours))
    latest = min(end, now + timedelta(days=cfg.horizon_days))
    if earliest >= latest:
        return []

    first_day = earliest.astimezone(zone).date()
    last_day = latest.astimezone(zone).date()
    range_start = _day_bounds(first_day, zone)[0]
    range_end = _day_bounds(last_day, zone)[1]
    gap = timedelta(minutes=max(cfg.buffer_before_minutes, cfg.buffer_after_minutes))
    before = timedelta(minutes=cfg.buffer_before_minutes)
    after = timedelta(minutes=cfg.buffer_after_minutes)
    call = timedelta(minutes=cfg.call_minutes)

    windows_by_day = defaultdict(list)
    for window in WeeklyWindow.objects.order_by("starts_at"):
        windows_by_day[window.weekday].append(window)
    booked = list(
        Booking.objects.active()
        .filter(
            starts_at__gte=range_start - LONGEST_BOOKING - gap,
            starts_at__lt=range_end + gap,
            ends_at__gt=range_start - gap,
        )
        .exclude(pk=ignoring_booking_id)
        .values_list("starts_at", "ends_at")
    )
    time_off = list(
        TimeOff.objects.filter(
            starts_at__lt=range_end + before, ends_at__gt=range_start - after
        ).values_list("starts_at", "ends_at")
    )

    calls_per_day = Counter(s.astimezone(zone).date() for s, _ in booked)
    # A new call needs the larger buffer between it and any other call on either
    # side: its own buffer and the neighbour's both have to fit.
    blocked = [(s - gap, e + gap) for s, e in booked]

    slots = []
    day = first_day
    while day <= last_day:
        if calls_per_day[day] < cfg.max_per_day:
            for slot in _day_candidates(day, windows_by_day[day.weekday()], cfg, zone):
                if not earliest <= slot < latest:
                    continue
                slot_end = slot + call
                if _overlaps(slot, slot_end, blocked):
                    continue
                if _overlaps(slot - before, slot_end + after, time_off):
                    continue
                slots.append(slot)
        day += timedelta(days=1)
    return sorted(set(slots))


def is_slot_free(
    starts_at: datetime,
    *,
    now: datetime | None = None,
    cfg: ConsultSettings | None = None,
    ignoring_booking_id: int | None = None,
) -> bool:
    """Whether `starts_at` is exactly one of the free slot starts (the booking
    `ignoring_booking_id` blocking nothing); reads only."""
    if timezone.is_naive(starts_at):
        return False
    starts_at = starts_at.astimezone(UTC)
    slots = free_slots(
        starts_at,
        starts_at + timedelta(seconds=1),
        now=now,
        cfg=cfg,
        ignoring_booking_id=ignoring_booking_id,
    )
    return starts_at in slots
