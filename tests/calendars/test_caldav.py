"""Busy times read from a real CalDAV server (Radicale) block the right slots."""

from datetime import date, datetime

import pytest

from calendars import services
from calendars.models import BusyInterval, Calendar
from tests.calendars.events import (
    LONDON,
    NOW,
    chicago,
    event_ics,
    make_event,
    offered,
)

pytestmark = [pytest.mark.django_db, pytest.mark.caldav]


def add_account(account):
    source = services.add_calendar(
        address=account.url, username=account.username, password=account.password
    )
    return source


def sync(source):
    return services.sync_calendar_source(source_id=source.pk, now=NOW)


def test_caldav_event_blocks_its_slot(mondays, caldav_account):
    caldav_account.put(
        "Personal",
        event_ics("dentist", chicago(2030, 1, 7, 10), chicago(2030, 1, 7, 10, 30)),
    )

    source = add_account(caldav_account)

    assert offered(date(2030, 1, 7)) == ["09:00", "11:00"]
    assert source.calendars.count() == 2
    assert not source.is_failing


def test_caldav_recurring_event_with_moved_and_deleted_occurrences(
    mondays, caldav_account
):
    moved = make_event(
        "weekly",
        chicago(2030, 1, 14, 11),
        chicago(2030, 1, 14, 12),
        "Physio",
        recurrence_id=chicago(2030, 1, 14, 9),
    )
    caldav_account.put(
        "Personal",
        event_ics(
            "weekly",
            chicago(2030, 1, 7, 9),
            chicago(2030, 1, 7, 10),
            "Physio",
            rrule={"FREQ": "WEEKLY", "COUNT": 5},
            exdate=chicago(2030, 1, 21, 9),
            extra=[moved],
        ),
    )

    add_account(caldav_account)

    assert offered(date(2030, 1, 7)) == ["10:00", "11:00"]
    assert offered(date(2030, 1, 14)) == ["09:00", "10:00"]  # moved to 11:00
    assert offered(date(2030, 1, 21)) == ["09:00", "10:00", "11:00"]  # deleted
    assert offered(date(2030, 1, 28)) == ["10:00", "11:00"]
    assert offered(date(2030, 2, 11)) == ["09:00", "10:00", "11:00"]  # past COUNT


def test_caldav_free_event_does_not_block(mondays, caldav_account):
    caldav_account.put(
        "Personal",
        event_ics(
            "reminder",
            chicago(2030, 1, 7, 9),
            chicago(2030, 1, 7, 12),
            transp="TRANSPARENT",
        ),
    )

    add_account(caldav_account)

    assert offered(date(2030, 1, 7)) == ["09:00", "10:00", "11:00"]


def test_caldav_declined_and_unanswered_invitations_do_not_block(
    mondays, caldav_account
):
    for uid, hour, partstat in (
        ("declined", 9, "DECLINED"),
        ("unanswered", 10, None),
        ("accepted", 11, "ACCEPTED"),
    ):
        caldav_account.put(
            "Work",
            event_ics(
                uid,
                chicago(2030, 1, 7, hour),
                chicago(2030, 1, 7, hour, 30),
                organizer="mailto:someone@example.org",
                attendees=[("Coach@Example.com", partstat)],
            ),
        )

    add_account(caldav_account)

    assert offered(date(2030, 1, 7)) == ["09:00", "10:00"]


def test_caldav_all_day_event_blocks_the_day_unless_she_says_not(
    mondays, caldav_account
):
    caldav_account.put(
        "Personal", event_ics("recital", date(2030, 1, 7), date(2030, 1, 8))
    )
    source = add_account(caldav_account)

    assert offered(date(2030, 1, 7)) == []
    assert offered(date(2030, 1, 14)) == ["09:00", "10:00", "11:00"]

    personal = source.calendars.get(name="Personal")
    services.update_calendar_choices(
        calendar_id=personal.pk,
        is_counted=True,
        has_blocking_all_day=False,
        is_write_target=False,
    )
    sync(source)

    assert offered(date(2030, 1, 7)) == ["09:00", "10:00", "11:00"]


def test_caldav_london_event_read_in_chicago_across_dst_weeks(mondays, caldav_account):
    # Mondays 15:00 in London. The US changes clocks on 10 March 2030, the UK
    # on 31 March: for three weeks the gap is five hours, not six.
    caldav_account.put(
        "Work",
        event_ics(
            "london",
            datetime(2030, 3, 4, 15, tzinfo=LONDON),
            datetime(2030, 3, 4, 16, tzinfo=LONDON),
            "Client in London",
            rrule={"FREQ": "WEEKLY", "COUNT": 6},
        ),
    )

    add_account(caldav_account)

    assert offered(date(2030, 3, 4)) == ["10:00", "11:00"]  # 9:00 CST
    assert offered(date(2030, 3, 11)) == ["09:00", "11:00"]  # 10:00 CDT
    assert offered(date(2030, 3, 25)) == ["09:00", "11:00"]
    assert offered(date(2030, 4, 1)) == ["10:00", "11:00"]  # 9:00 CDT, BST


def test_caldav_unchanged_calendar_is_not_read_again(mondays, caldav_account):
    caldav_account.put(
        "Personal",
        event_ics("one", chicago(2030, 1, 7, 10), chicago(2030, 1, 7, 11)),
    )
    source = add_account(caldav_account)
    first_ids = set(BusyInterval.objects.values_list("pk", flat=True))

    report = sync(source)

    assert report.changed == []
    assert set(BusyInterval.objects.values_list("pk", flat=True)) == first_ids

    caldav_account.put(
        "Personal",
        event_ics("two", chicago(2030, 1, 7, 11), chicago(2030, 1, 7, 12)),
    )
    report = sync(source)

    assert report.changed == [f"{source.name}: Personal"]
    assert offered(date(2030, 1, 7)) == ["09:00"]


def test_caldav_calendar_not_counted_does_not_block(mondays, caldav_account):
    caldav_account.put(
        "Work", event_ics("w", chicago(2030, 1, 7, 9), chicago(2030, 1, 7, 12))
    )
    source = add_account(caldav_account)
    work = source.calendars.get(name="Work")

    services.update_calendar_choices(
        calendar_id=work.pk,
        is_counted=False,
        has_blocking_all_day=True,
        is_write_target=False,
    )

    assert offered(date(2030, 1, 7)) == ["09:00", "10:00", "11:00"]


def test_caldav_missing_calendar_marks_source_failing_and_keeps_busy_times(
    mondays, caldav_account
):
    caldav_account.put(
        "Personal", event_ics("d", chicago(2030, 1, 7, 10), chicago(2030, 1, 7, 11))
    )
    source = add_account(caldav_account)
    caldav_account.calendars["Personal"].delete()

    report = sync(source)

    source.refresh_from_db()
    assert source.is_failing
    assert report.failure == source.failure_reason
    assert "CalDAV" in source.failure_reason
    assert offered(date(2030, 1, 7)) == ["09:00", "11:00"]


def test_caldav_site_own_calls_never_block_themselves(mondays, caldav_account):
    caldav_account.put(
        "Personal",
        event_ics(
            "abc123@testserver", chicago(2030, 1, 7, 10), chicago(2030, 1, 7, 11)
        ),
    )

    add_account(caldav_account)

    assert offered(date(2030, 1, 7)) == ["09:00", "10:00", "11:00"]
    assert Calendar.objects.count() == 2
