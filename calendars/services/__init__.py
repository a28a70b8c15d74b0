"""Writes for the coach's calendars: add, choose, sync, check live, write calls."""

from calendars.fetching import FetchFailed
from calendars.services.live import live_busy, remember_live_busy
from calendars.services.sources import (
    add_calendar,
    remove_calendar_source,
    update_calendar_choices,
)
from calendars.services.syncing import sync_all_calendars, sync_calendar_source
from calendars.services.writing import (
    has_write_calendar,
    queue_calendar_write,
    queue_due_calendar_writes,
    write_calendar_event,
)

__all__ = [
    "FetchFailed",
    "add_calendar",
    "has_write_calendar",
    "live_busy",
    "queue_calendar_write",
    "queue_due_calendar_writes",
    "remember_live_busy",
    "remove_calendar_source",
    "sync_all_calendars",
    "sync_calendar_source",
    "update_calendar_choices",
    "write_calendar_event",
]
