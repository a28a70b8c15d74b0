"""Writing her calls into the calendar she chose, reliably (outbox-style).

A booking change records the event's wanted state (one row per UID, version
raised); a task writes it under a lock with a lease, to a resource named from
the UID, so a retry, a duplicate task or a lost worker never writes twice and
the latest change always wins. Failures are retried with a capped back-off and
shown on her home after the last attempt.
"""

import logging
from datetime import datetime, timedelta

import icalendar
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from calendars import fetching, remote
from calendars.models import Calendar, EventWrite

logger = logging.getLogger("calendars")
LEASE = timedelta(minutes=3)


def has_write_calendar() -> bool:
    """Whether calls are written straight into one of her CalDAV calendars."""
    return Calendar.objects.write_target().exists()


def stored_form(ics: bytes | str) -> str:
    """An invitation (iTIP, with METHOD) as a stored calendar object (without)."""
    calendar = icalendar.Calendar.from_ical(ics)
    calendar.pop("METHOD", None)
    return calendar.to_ical().decode()


def queue_calendar_write(*, uid: str, ics: bytes | str | None) -> EventWrite | None:
    """Ask for the event `uid` to hold `ics` (None: removed) in her write calendar.

    Call inside the change's transaction; the write is queued after commit.
    Returns None when no write calendar is chosen.
    """
    from calendars import tasks

    target = Calendar.objects.write_target().first()
    if target is None:
        return None
    with transaction.atomic():
        row, created = EventWrite.objects.select_for_update().get_or_create(
            calendar=target, uid=uid, defaults={"ics": stored_form(ics) if ics else ""}
        )
        if not created:
            row.ics = stored_form(ics) if ics else ""
            row.version += 1
        row.status = EventWrite.Status.PENDING
        row.due_at = timezone.now()
        row.attempts = 0
        row.save()
    transaction.on_commit(lambda: tasks.write_calendar_event.delay(write_id=row.pk))
    return row


def _start(write_id: int, now: datetime) -> tuple[EventWrite, int] | None:
    """Lock the row; if something is left to write, lease it and return it."""
    with transaction.atomic():
        row = (
            EventWrite.objects.select_for_update()
            .select_related("calendar__source")
            .filter(pk=write_id)
            .first()
        )
        if row is None or row.status != EventWrite.Status.PENDING:
            return None
        if row.written_version >= row.version:
            row.status = EventWrite.Status.DONE
            row.save(update_fields=["status", "updated_at"])
            return None
        if row.lease_until and row.lease_until > now:
            return None  # another worker is writing it
        row.lease_until = now + LEASE
        row.attempts += 1
        row.save(update_fields=["lease_until", "attempts", "updated_at"])
        return row, row.version


def _finish(write_id: int, version: int | None, error: str, now: datetime) -> None:
    with transaction.atomic():
        row = EventWrite.objects.select_for_update().get(pk=write_id)
        row.lease_until = None
        if version is not None:
            row.written_version = max(row.written_version, version)
            row.last_error = ""
        else:
            row.last_error = error[:200]
        if row.written_version >= row.version:
            row.status = EventWrite.Status.DONE
        elif version is None and row.attempts >= settings.CALENDAR_WRITE_MAX_ATTEMPTS:
            row.status = EventWrite.Status.FAILED
        else:
            wait = 0 if version is not None else 60 * 2 ** (row.attempts - 1)
            row.due_at = now + timedelta(seconds=min(wait, 3600))
        row.save()


def write_calendar_event(*, write_id: int, now: datetime | None = None) -> bool:
    """Write (or remove) one event in her calendar if still due; idempotent."""
    now = now or timezone.now()
    started = _start(write_id, now)
    if started is None:
        return False
    row, version = started
    calendar = row.calendar
    source = calendar.source
    try:
        with remote.Account(
            source.address,
            source.username,
            source.password,
            timeout=settings.CALENDAR_TIMEOUT_SECONDS,
        ) as account:
            if row.ics:
                account.put_event(calendar.remote_url, row.uid, row.ics)
            else:
                account.delete_event(calendar.remote_url, row.uid)
    except fetching.FetchFailed as exc:
        _finish(write_id, None, str(exc), now)
        logger.info("calendars: write %s not done: %s", write_id, exc)
        return False
    _finish(write_id, version, "", now)
    logger.info("calendars: write %s done (version %s)", write_id, version)
    return True


def queue_due_calendar_writes(*, now: datetime | None = None) -> list[int]:
    """Ids of writes waiting for a worker (retries, or a task the broker lost)."""
    return list(EventWrite.objects.due(now).values_list("pk", flat=True)[:200])
