"""Rules for the coach's weekly hours that span several windows at once."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.utils import timezone

from bookings.models import Weekday

from .slots import free_slots


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def window_problems(
    windows: list[tuple[int, time, time]], call_minutes: int
) -> list[str]:
    """Plain messages for overlapping windows and calls that fit in no window."""
    problems = []
    by_day = defaultdict(list)
    for weekday, starts_at, ends_at in windows:
        if starts_at < ends_at:
            by_day[weekday].append((starts_at, ends_at))
    for weekday, spans in sorted(by_day.items()):
        spans.sort()
        for (s1, e1), (s2, e2) in zip(spans, spans[1:], strict=False):
            if s2 < e1:
                problems.append(
                    f"{Weekday(weekday).label}: {s1:%H:%M}–{e1:%H:%M} and "
                    f"{s2:%H:%M}–{e2:%H:%M} overlap. Join them into one window "
                    "or change one of them."
                )
    spans = [span for day in by_day.values() for span in day]
    if spans and all(_minutes(e) - _minutes(s) < call_minutes for s, e in spans):
        longest = max(_minutes(e) - _minutes(s) for s, e in spans)
        problems.append(
            f"A call lasts {call_minutes} minutes, but your longest window is "
            f"{longest} minutes, so nobody could book. Make a window longer or "
            "the call shorter."
        )
    return problems


def free_times_preview(*, days: int = 14, now: datetime | None = None, zone):
    """The next `days` days of free times as the public page offers them, by day.

    A list of (date in `zone`, [aware datetimes in `zone`]); reads only.
    """
    now = now or timezone.now()
    grouped = defaultdict(list)
    for slot in free_slots(now, now + timedelta(days=days), now=now):
        local = slot.astimezone(zone)
        grouped[local.date()].append(local)
    return sorted(grouped.items())
