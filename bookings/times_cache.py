"""The week of free times on /book/, rendered once and reused until it changes.

The design is in the README's "Booking times" section: the rendered list is kept
under a calendar version, dropped with any change to the rows it comes from (her
own calendars' busy times included: `calendars.signals.busy_times_changed`), and
ends when its first time comes within the minimum notice or after a minute.
"""

import time
import uuid
from datetime import datetime, timedelta

from django.core.cache import cache

from coaching.cache import quietly
from coaching.versions import drop_now_and_after_commit

VERSION_KEY = "bookings:calendar-version"
LIST_PREFIX = "bookings:times:"
MAX_SECONDS = 60


def _quietly(method, *args):
    return quietly(method, *args, what="booking times cache")


def calendar_version() -> str | None:
    """The current calendar version (made when missing), or None without a cache."""
    version = _quietly(cache.get, VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not _quietly(cache.add, VERSION_KEY, version, None):
            version = _quietly(cache.get, VERSION_KEY)  # another process made one
    return version


def _drop_version() -> None:
    _quietly(cache.delete, VERSION_KEY)


def bump_calendar_version(**signal_kwargs) -> None:
    """Forget every kept list now and again once the change is committed."""
    drop_now_and_after_commit(_drop_version)


def seconds_to_keep(
    first_time: datetime | None, *, now: datetime, notice: timedelta
) -> int:
    """How long a list whose first time is `first_time` stays right."""
    if first_time is None:
        return MAX_SECONDS
    leaves_at = first_time - notice
    return max(0, min(MAX_SECONDS, int((leaves_at - now).total_seconds())))


def kept_list(parts: tuple, render) -> str:
    """The list for `parts` (zone, week, ...), from the cache or `render()`.

    `render()` returns (html, seconds to keep it). One cache round trip reads
    the calendar version and the kept entry together; the entry carries the
    version it was rendered under and the moment it stops being right (checked
    on each read against this server's clock), so a changed calendar or a
    passing time makes it render again.
    """
    key = LIST_PREFIX + ":".join(str(part) for part in parts)
    found = _quietly(cache.get_many, [VERSION_KEY, key]) or {}
    version = found.get(VERSION_KEY) or calendar_version()
    if version is None:
        return render()[0]
    kept = found.get(key)
    if kept is not None and kept[0] == version and time.time() < kept[1]:
        return kept[2]
    html, seconds = render()
    if seconds > 0:
        _quietly(cache.set, key, (version, time.time() + seconds, html), seconds)
    return html
