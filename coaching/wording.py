"""Dates and times as the back office shows them: her zone, never ambiguous."""

from django.utils import dateformat, timezone

from coaching.zones import coach_zone

# "Thu 3 Dec, 3:00 p.m.": a day name and a 12-hour clock cannot be misread.
WHEN_FORMAT = "D j M, g:i a"
WHEN_WITH_YEAR_FORMAT = "D j M Y, g:i a"


def when(value, *, with_year: bool = False) -> str:
    """A time in the coach's zone, e.g. "Thu 3 Dec, 3:00 p.m."."""
    local = timezone.localtime(value, coach_zone())
    return dateformat.format(local, WHEN_WITH_YEAR_FORMAT if with_year else WHEN_FORMAT)
