"""Reading her calendars and keeping their busy intervals (the beat job's work).

Network reads happen outside any transaction; the intervals of a calendar
that changed are then replaced in one short transaction. An unchanged
calendar costs one conditional request (ETag/Last-Modified, or the CalDAV
sync-token/CTag) and no parsing. A failing source keeps its last busy times.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from calendars import emails, fetching, reading, remote
from calendars.models import BusyInterval, Calendar, CalendarSource, merged_spans
from calendars.services.common import (
    busy_in_data,
    busy_in_feed,
    fetch_if_changed,
    interval_row,
    sync_window,
)
from calendars.signals import busy_times_changed
from outbox import services as outbox

logger = logging.getLogger("calendars")
FAILURE_EMAIL_KIND = emails.KIND_PREFIX + "failing"


@dataclass
class Read:
    """What one read of a calendar found: new busy times, or None if unchanged."""

    calendar: Calendar
    busy: list[reading.Busy] | None
    marks: dict = field(default_factory=dict)


@dataclass
class SyncReport:
    source: CalendarSource
    changed: list[str] = field(default_factory=list)
    kept: dict[str, int] = field(default_factory=dict)
    failure: str = ""


def _read_ical(calendar: Calendar, source, start, end, timeout) -> Read:
    fetched, digest = fetch_if_changed(calendar, source, timeout)
    if fetched.body is None:
        return Read(calendar, None)
    marks = {"etag": fetched.etag, "last_modified": fetched.last_modified}
    if digest is None:
        return Read(calendar, None, marks)  # same bytes, new marks: no parsing
    try:
        busy, zone = busy_in_feed(fetched.body, calendar, start, end)
    except reading.UnreadableCalendar as exc:
        raise fetching.FetchFailed(
            "The address did not give a calendar the site can read."
        ) from exc
    marks.update(content_digest=digest, time_zone=zone)
    return Read(calendar, busy, marks)


def _read_caldav(calendars, source, start, end, timeout) -> list[Read]:
    reads = []
    with remote.Account(
        source.address, source.username, source.password, timeout=timeout
    ) as account:
        for calendar in calendars:
            mark = account.change_mark(calendar.remote_url)
            if mark and mark == calendar.sync_token:
                reads.append(Read(calendar, None))
                continue
            chunks = account.event_data(calendar.remote_url, start, end)
            try:
                busy = busy_in_data(chunks, calendar, start, end)
            except reading.UnreadableCalendar as exc:
                raise fetching.FetchFailed(
                    "The CalDAV server gave events the site cannot read."
                ) from exc
            reads.append(Read(calendar, busy, {"sync_token": mark}))
    return reads


def read_source(source: CalendarSource, *, now: datetime, timeout: float) -> list[Read]:
    """Read every counted calendar of a source; raises FetchFailed."""
    start, end = sync_window(now)
    calendars = list(source.calendars.counted())
    if not calendars:
        return []
    if source.kind == CalendarSource.Kind.ICAL:
        return [_read_ical(calendars[0], source, start, end, timeout)]
    return _read_caldav(calendars, source, start, end, timeout)


def _store(reads: list[Read]) -> list[str]:
    """Replace the intervals of calendars that changed; their names."""
    changed = []
    for read in reads:
        calendar = read.calendar
        for name, value in read.marks.items():
            setattr(calendar, name, value[:300] if name == "etag" else value)
        if read.marks:
            calendar.save(update_fields=list(read.marks))
        if read.busy is None:
            continue
        BusyInterval.objects.filter(calendar=calendar).delete()
        BusyInterval.objects.bulk_create(
            interval_row(calendar.pk, busy) for busy in read.busy
        )
        calendar.busy_spans = merged_spans(
            (busy.starts_at, busy.ends_at) for busy in read.busy
        )
        calendar.save(update_fields=["busy_spans"])
        changed.append(str(calendar))
    return changed


def _record_failure(source: CalendarSource, reason: str, now: datetime) -> None:
    """Mark the source failing (its busy times stay); one email after a day."""
    with transaction.atomic():
        source = CalendarSource.objects.select_for_update().get(pk=source.pk)
        source.failure_reason = reason[:200]
        source.last_tried_at = now
        source.failing_since = source.failing_since or now
        wait = timedelta(hours=settings.CALENDAR_FAILURE_EMAIL_HOURS)
        if source.failure_emailed_at is None and source.failing_since <= now - wait:
            outbox.enqueue(
                kind=FAILURE_EMAIL_KIND,
                key=emails.failing_key(source.pk, source.failing_since),
                to_email=settings.COACH_EMAIL,
                context={"source_id": source.pk},
            )
            source.failure_emailed_at = now
        source.save()
    logger.info("calendars: source %s failing: %s", source.pk, reason)


def sync_calendar_source(
    *, source_id: int, now: datetime | None = None, timeout: float | None = None
) -> SyncReport:
    """Read one source now and keep its busy intervals; records any failure."""
    now = now or timezone.now()
    source = CalendarSource.objects.get(pk=source_id)
    report = SyncReport(source)
    try:
        reads = read_source(
            source, now=now, timeout=timeout or settings.CALENDAR_TIMEOUT_SECONDS
        )
    except fetching.FetchFailed as exc:
        _record_failure(source, str(exc), now)
        report.failure = str(exc)
    else:
        with transaction.atomic():
            source = CalendarSource.objects.select_for_update().get(pk=source.pk)
            report.changed = _store(reads)
            source.last_tried_at = source.last_success_at = now
            source.failure_reason, source.failing_since = "", None
            source.failure_emailed_at = None
            source.save()
        if report.changed:
            busy_times_changed.send(sender=CalendarSource, source_id=source.pk)
    for calendar in source.calendars.counted():
        report.kept[str(calendar)] = calendar.busy_intervals.count()
    return report


def sync_all_calendars(*, now: datetime | None = None) -> list[SyncReport]:
    """Read every source now (the beat job and `manage.py sync_calendars`)."""
    return [
        sync_calendar_source(source_id=pk, now=now)
        for pk in CalendarSource.objects.values_list("pk", flat=True)
    ]
