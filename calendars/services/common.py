"""Small shared pieces of the calendar services (reads only)."""

import hashlib
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings

from calendars import fetching, reading
from calendars.models import BusyInterval, Calendar


def own_uid_suffix() -> str:
    """How the UIDs of the site's own calls end (`@host` of SITE_URL)."""
    return "@" + (urlsplit(settings.SITE_URL).hostname or "localhost")


def rules_for(calendar: Calendar) -> reading.Rules:
    """The reading rules of one calendar: its zone, all-day choice, her addresses."""
    addresses = frozenset(a.strip().lower() for a in settings.COACH_CALENDAR_ADDRESSES)
    return reading.Rules(
        zone_name=calendar.time_zone or settings.COACH_TIME_ZONE,
        has_blocking_all_day=calendar.has_blocking_all_day,
        coach_addresses=addresses,
        own_uid_suffix=own_uid_suffix(),
    )


def sync_window(now: datetime) -> tuple[datetime, datetime]:
    """The stretch of time whose busy intervals are kept."""
    return now - timedelta(days=1), now + timedelta(days=settings.CALENDAR_SYNC_DAYS)


def busy_in_feed(
    data: bytes, calendar: Calendar, start: datetime, end: datetime
) -> tuple[list[reading.Busy], str]:
    """The busy times of one feed and the zone it names, parsed once; raises
    UnreadableCalendar."""
    parsed = reading.parse(reading.without_past_events(data, start))
    busy = reading.busy_times(parsed, start=start, end=end, rules=rules_for(calendar))
    return busy, reading.feed_zone(parsed)


def busy_in_data(
    chunks: list[bytes], calendar: Calendar, start: datetime, end: datetime
) -> list[reading.Busy]:
    """The busy times in some iCalendar files (one feed, or a CalDAV calendar's
    events) for one calendar; raises UnreadableCalendar."""
    rules = rules_for(calendar)
    found = []
    for data in chunks:
        parsed = reading.parse(reading.without_past_events(data, start))
        found += reading.busy_times(parsed, start=start, end=end, rules=rules)
    return sorted(found, key=lambda busy: (busy.starts_at, busy.ends_at))


def fetch_if_changed(calendar: Calendar, source, timeout):
    """Her iCal address fetched conditionally (reads only): the answer, and its
    body's digest when the body differs from the one stored, else None."""
    fetched = fetching.fetch(
        source.address,
        etag=calendar.etag,
        last_modified=calendar.last_modified,
        timeout=timeout,
    )
    if fetched.body is None:
        return fetched, None
    digest = hashlib.sha256(fetched.body).hexdigest()
    return fetched, (None if digest == calendar.content_digest else digest)


def interval_row(calendar_id: int, busy: reading.Busy) -> BusyInterval:
    """The stored row of one busy time read from a calendar (not yet saved)."""
    return BusyInterval(
        calendar_id=calendar_id,
        starts_at=busy.starts_at,
        ends_at=busy.ends_at,
        title=busy.title,
    )
