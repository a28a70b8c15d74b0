"""Asking her calendars again, live, whether a time is busy (reads only).

Used inside the booking lock when a prospect confirms a time: each counted
calendar is asked for that stretch only, within a short overall deadline. A
calendar that cannot answer in time (or at all) is skipped: its stored busy
intervals, which the free-time check already used, decide.
"""

import logging
import time
from datetime import datetime

from django.conf import settings
from django.db import transaction

from calendars import reading, remote
from calendars.models import BusyInterval, Calendar, CalendarSource
from calendars.services.common import busy_in_data, fetch_if_changed, interval_row
from calendars.signals import busy_times_changed

logger = logging.getLogger("calendars")


def _ical_busy(calendar: Calendar, start, end, timeout) -> list[reading.Busy]:
    fetched, digest = fetch_if_changed(calendar, calendar.source, timeout)
    if digest is None:
        return []  # unchanged: the stored intervals are the live answer
    return busy_in_data([fetched.body], calendar, start, end)


def _caldav_busy(calendars, start, end, timeout) -> list[tuple[Calendar, list]]:
    source = calendars[0].source
    found = []
    with remote.Account(
        source.address, source.username, source.password, timeout=timeout
    ) as account:
        for calendar in calendars:
            chunks = account.event_data(calendar.remote_url, start, end)
            found.append((calendar, busy_in_data(chunks, calendar, start, end)))
    return found


def live_busy(
    start: datetime, end: datetime, *, timeout: float | None = None
) -> list[tuple[int, reading.Busy]]:
    """(calendar id, busy) for events touching [start, end) right now; reads only."""
    budget = settings.CALENDAR_LIVE_TIMEOUT_SECONDS if timeout is None else timeout
    deadline = time.monotonic() + budget
    by_source: dict[int, list[Calendar]] = {}
    # A calendar already failing is not asked: it would only cost her visitor
    # the whole timeout, and its stored busy times decide anyway.
    calendars = Calendar.objects.counted().filter(source__failing_since__isnull=True)
    for calendar in calendars.select_related("source"):
        by_source.setdefault(calendar.source_id, []).append(calendar)
    found = []
    for calendars in by_source.values():
        left = deadline - time.monotonic()
        if left <= 0.05:
            break  # out of time: the stored intervals decide for the rest
        try:
            if calendars[0].source.kind == CalendarSource.Kind.ICAL:
                pairs = [(calendars[0], _ical_busy(calendars[0], start, end, left))]
            else:
                pairs = _caldav_busy(calendars, start, end, left)
        except Exception as exc:
            # Whatever went wrong (the libraries raise many kinds), a live
            # look must never break a booking: the stored intervals decide.
            logger.info(
                "calendars: live check of source %s skipped: %s",
                calendars[0].source_id,
                type(exc).__name__,
            )
            continue
        found += [(calendar.pk, busy) for calendar, items in pairs for busy in items]
    return found


def remember_live_busy(found: list[tuple[int, reading.Busy]]) -> None:
    """Keep busy times a live check found until the next sync replaces them, so
    the free times offered next already leave them out."""
    if not found:
        return
    with transaction.atomic():
        known = set(Calendar.objects.values_list("pk", flat=True))
        BusyInterval.objects.bulk_create(
            interval_row(calendar_id, busy)
            for calendar_id, busy in found
            if calendar_id in known
        )
        for calendar in Calendar.objects.filter(pk__in={pk for pk, _ in found}):
            calendar.refresh_busy_spans()
    busy_times_changed.send(sender=CalendarSource, source_id=None)
