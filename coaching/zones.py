"""The coach's time zone: one source for the whole site.

Her availability, publishing times, post dates and the back office all read it
from here; it comes from the `COACH_TIME_ZONE` setting.
"""

import zoneinfo
from functools import cache

from django.conf import settings


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def coach_zone_name() -> str:
    """The IANA name of the coach's zone, e.g. "America/Chicago"."""
    return settings.COACH_TIME_ZONE


def coach_zone() -> zoneinfo.ZoneInfo:
    """The coach's zone as a tzinfo."""
    return _zone(settings.COACH_TIME_ZONE)
