"""Times as the coach reads them in the editor: her zone, unambiguous."""

from django.utils import dateformat, timezone

from coaching.zones import coach_zone


def coach_time(value) -> str:
    """“Wed 2 Dec 2026, 7:04 a.m.” in the coach's zone."""
    return dateformat.format(timezone.localtime(value, coach_zone()), "D j M Y, g:i a")
