"""Adding, choosing and removing her calendars (the hours page and the shell)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from calendars import fetching, reading, remote, secrets
from calendars.models import BusyInterval, Calendar, CalendarSource
from calendars.services.syncing import sync_calendar_source
from calendars.signals import busy_times_changed

NAME_LENGTH = 100


def _changed(source_id: int | None = None) -> None:
    transaction.on_commit(
        lambda: busy_times_changed.send(sender=CalendarSource, source_id=source_id)
    )


def _check_ical(address: str, timeout: float) -> str:
    """The feed's zone, after one fetch proves the address gives a calendar."""
    fetched = fetching.fetch(address, timeout=timeout)
    try:
        return reading.feed_zone(reading.parse(fetched.body or b""))
    except reading.UnreadableCalendar as exc:
        raise fetching.FetchFailed(
            "The address did not give a calendar the site can read."
        ) from exc


def add_calendar(
    *,
    address: str,
    name: str = "",
    username: str = "",
    password: str = "",
    write: bool = False,
    timeout: float = 10,
) -> CalendarSource:
    """Add an iCal address (no user name) or a CalDAV account, then read it once.

    The address is checked and read before anything is saved; raises
    ValidationError with one sentence (never the secret) when it cannot be.
    A CalDAV account's calendars all count at first; with `write`, its first
    calendar becomes the one calls are written to.
    """
    address = fetching.normalise_address(address)
    kind = CalendarSource.Kind.CALDAV if username else CalendarSource.Kind.ICAL
    if write and kind != CalendarSource.Kind.CALDAV:
        raise ValidationError(
            "Calls can only be written to a CalDAV calendar (with a user name).",
            code="write_needs_caldav",
        )
    try:
        if kind == CalendarSource.Kind.ICAL:
            zone = _check_ical(address, timeout)
            found = [remote.RemoteCalendar("", name or "Calendar")]
        else:
            zone = ""
            with remote.Account(address, username, password, timeout=timeout) as acc:
                found = acc.calendars()
    except fetching.FetchFailed as exc:
        raise ValidationError(str(exc), code="unreadable") from exc
    if not found:
        raise ValidationError("The account has no calendars.", code="no_calendars")
    with transaction.atomic():
        source = CalendarSource.objects.create(
            kind=kind,
            name=(name or found[0].name or "Calendar")[:NAME_LENGTH],
            address_secret=secrets.encrypt(address),
            username=username,
            password_secret=secrets.encrypt(password),
        )
        if write:
            Calendar.objects.write_target().update(is_write_target=False)
        for index, item in enumerate(found):
            Calendar.objects.create(
                source=source,
                remote_url=item.url,
                name=(item.name or source.name)[:200],
                time_zone=zone,
                is_write_target=write and index == 0,
            )
    sync_calendar_source(source_id=source.pk, timeout=timeout)
    return source


def update_calendar_choices(
    *, calendar_id: int, is_counted: bool, has_blocking_all_day: bool, is_write_target
) -> Calendar:
    """Save which calendars count, how all-day events count, and where to write."""
    with transaction.atomic():
        calendar = Calendar.objects.select_for_update().get(pk=calendar_id)
        if is_write_target and calendar.source.kind != CalendarSource.Kind.CALDAV:
            raise ValidationError(
                "Calls can only be written to a CalDAV calendar.", code="write_ical"
            )
        if is_write_target and not calendar.is_write_target:
            Calendar.objects.write_target().update(is_write_target=False)
        rules_changed = (
            calendar.is_counted != is_counted
            or calendar.has_blocking_all_day != has_blocking_all_day
        )
        calendar.is_counted = is_counted
        calendar.has_blocking_all_day = has_blocking_all_day
        calendar.is_write_target = bool(is_write_target)
        if rules_changed:
            # Read again from scratch on the next sync: what was kept was read
            # with the old choices.
            calendar.etag = calendar.last_modified = ""
            calendar.sync_token = calendar.content_digest = ""
            BusyInterval.objects.filter(calendar=calendar).delete()
            calendar.busy_spans = []
        calendar.save()
        _changed(calendar.source_id)
    if rules_changed and is_counted:
        sync_calendar_source(source_id=calendar.source_id, now=timezone.now())
    return calendar


def remove_calendar_source(*, source_id: int) -> None:
    """Forget a calendar address or account, with its busy times and secrets."""
    with transaction.atomic():
        CalendarSource.objects.filter(pk=source_id).delete()
        _changed(source_id)
