"""Dates and times as the back office shows them: her zone, never ambiguous."""

from django.utils import dateformat, formats, timezone

from coaching.zones import coach_zone

# "Thu 3 Dec, 3:00 p.m.": a day name and a 12-hour clock cannot be misread.
# With the year it is the site-wide DATETIME_FORMAT (coaching/formats):
# "Wed 2 Dec 2026, 7:00 a.m.". The header of every staff page names her zone.
WHEN_FORMAT = "D j M, g:i a"


def when(value, *, with_year: bool = False) -> str:
    """A time in the coach's zone, e.g. "Thu 3 Dec, 3:00 p.m."."""
    local = timezone.localtime(value, coach_zone())
    if with_year:
        return formats.date_format(local, "DATETIME_FORMAT")
    return dateformat.format(local, WHEN_FORMAT)


def short_title(title: str, limit: int = 36) -> str:
    """A title cut after its last whole word within `limit` letters, with "…"."""
    if len(title) <= limit:
        return title
    cut = title[: limit + 1].rsplit(" ", 1)[0] if " " in title[:limit] else ""
    return (cut or title[:limit]).rstrip(" ,;:–-") + "…"
