"""The week of free times on /book/, rendered once and reused until it changes.

Working out a week's free times reads the coach's hours, time off and bookings,
and rendering some fifty time buttons in a zone is most of the page's cost. The
rendered list is the same for everyone asking for that week in that zone (from
the same post), so it is kept in the cache under a calendar version:

- The version is one small cache entry, dropped with any change (and again
  after its commit) to a booking, the weekly hours, time off or the consult
  settings (signals in `bookings.apps`): the next visitor gets a list rendered
  from the new rows.
- Time also changes the list: a time leaves it once it is closer than the
  minimum notice. A kept list expires when its first time does, and after a
  minute in any case (a new day, times entering the booking horizon).
- A taken time that still shows for a moment is refused by the booking step,
  which checks again under a lock and offers the nearest free times.
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

    `render()` returns (html, seconds to keep it). The entry carries the moment
    it stops being right, checked on each read against this server's clock.
    """
    version = calendar_version()
    if version is None:
        return render()[0]
    key = LIST_PREFIX + version + ":" + ":".join(str(part) for part in parts)
    kept = _quietly(cache.get, key)
    if kept is not None and time.time() < kept[0]:
        return kept[1]
    html, seconds = render()
    if seconds > 0:
        _quietly(cache.set, key, (time.time() + seconds, html), seconds)
    return html
