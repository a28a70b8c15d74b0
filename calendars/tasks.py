"""Celery entry points for the coach's calendars: thin, idempotent, ids only."""

from celery import shared_task

from calendars import services
from calendars.models import CalendarSource


@shared_task(name="calendars.tasks.sync_calendars")
def sync_calendars() -> int:
    """Every few minutes: one read task per calendar source, and due writes."""
    ids = list(CalendarSource.objects.values_list("pk", flat=True))
    for source_id in ids:
        sync_calendar_source.delay(source_id=source_id)
    for write_id in services.queue_due_calendar_writes():
        write_calendar_event.delay(write_id=write_id)
    return len(ids)


@shared_task(name="calendars.tasks.sync_calendar_source")
def sync_calendar_source(*, source_id: int) -> None:
    """Read one source and keep its busy times (a gone source is nothing to do)."""
    if CalendarSource.objects.filter(pk=source_id).exists():
        services.sync_calendar_source(source_id=source_id)


@shared_task(name="calendars.tasks.write_calendar_event")
def write_calendar_event(*, write_id: int) -> bool:
    """Write one call into her calendar if still due (safe to repeat)."""
    return services.write_calendar_event(write_id=write_id)
