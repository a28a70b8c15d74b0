"""The coach's availability as a whole: weekly hours, time off, call settings."""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bookings.models import ConsultSettings, TimeOff, Weekday, WeeklyWindow
from bookings.times_cache import bump_calendar_version

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


def save_availability(
    *,
    settings_values: dict,
    windows: list[tuple[int, time, time]],
    time_off: list[tuple[datetime, datetime, str]],
    now: datetime | None = None,
) -> ConsultSettings:
    """Save her call settings and replace her weekly hours and time off still to
    come, all or nothing; ValidationError lists every problem."""
    now = now or timezone.now()
    with transaction.atomic():
        # The same lock bookings take: no booking is checked against half-saved hours.
        ConsultSettings.load()
        cfg = ConsultSettings.objects.select_for_update().get(pk=1)
        for name, value in settings_values.items():
            setattr(cfg, name, value)
        new_windows = [
            WeeklyWindow(weekday=day, starts_at=start, ends_at=end)
            for day, start, end in windows
        ]
        new_time_off = [
            TimeOff(starts_at=start, ends_at=end, note=note)
            for start, end, note in time_off
        ]
        problems = window_problems(windows, cfg.call_minutes)
        for row in [cfg, *new_windows, *new_time_off]:
            try:
                row.full_clean()
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems:
            raise ValidationError(problems)
        cfg.save()
        WeeklyWindow.objects.all().delete()
        WeeklyWindow.objects.bulk_create(new_windows)
        TimeOff.objects.filter(ends_at__gte=now).delete()
        TimeOff.objects.bulk_create(new_time_off)
        bump_calendar_version()  # bulk_create sends no signal
    return cfg
