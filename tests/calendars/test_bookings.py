"""Her calendars at the moment of booking: the live look, and her copy of each call."""

from datetime import UTC, datetime
from uuid import uuid4

import icalendar
import pytest
from django.core import mail

from bookings import services as bookings
from bookings.forms import STORAGE_WORDING
from bookings.ics import event_uid
from bookings.models import Booking
from calendars import services
from calendars.models import EventWrite
from outbox import services as outbox
from outbox.models import Message
from tests.calendars.events import chicago, event_ics

pytestmark = pytest.mark.django_db

SLOT = datetime(2030, 1, 7, 15, tzinfo=UTC)  # Monday 9:00 in Chicago
SLOT_PATH = "/book/2030-01-07T15:00Z/"


@pytest.fixture(autouse=True)
def fast_forms(settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "1000/h"
    settings.RATELIMIT_CACHE_PREFIX = f"rl-test-{uuid4().hex}:"


def add_account(account):
    return services.add_calendar(
        address=account.url, username=account.username, password=account.password
    )


def details(client, path=SLOT_PATH) -> dict:
    """What she sends from the details form, with the hidden fields it carries."""
    form = client.get(path).context["form"]
    return {
        "name": "Demo Visitor",
        "email": "visitor@example.com",
        "phone": "",
        "help_with": "Fatigue.",
        "has_storage_consent": "on",
        "time_zone": "Europe/London",
        "stamp": form["stamp"].value(),
        "from": "",
        "website": "",
    }


def book(starts_at=SLOT) -> Booking:
    return bookings.book_consult(
        starts_at=starts_at,
        name="Demo Visitor",
        email="visitor@example.com",
        time_zone="Europe/London",
        help_with="Fatigue.",
        has_storage_consent=True,
        storage_wording=STORAGE_WORDING,
    )


@pytest.mark.caldav
def test_event_added_while_she_fills_the_form_refuses_her_time(
    client, mondays, caldav_account
):
    add_account(caldav_account)
    data = details(client)
    caldav_account.put(
        "Personal",
        event_ics("late", chicago(2030, 1, 7, 9), chicago(2030, 1, 7, 10), "Dentist"),
    )

    response = client.post(SLOT_PATH, data)

    html = response.content.decode()
    assert response.status_code == 409
    assert "That time was just taken" in html
    assert 'formaction="/book/2030-01-07T16:00Z/"' in html
    assert 'formaction="/book/2030-01-07T15:00Z/"' not in html
    assert not Booking.objects.exists()


def test_slow_calendar_leaves_the_decision_to_stored_busy_times(
    mondays, feed_server, settings
):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    services.add_calendar(address=url)
    feed_server.feeds["/google/basic.ics"]["delay"] = 3
    settings.CALENDAR_LIVE_TIMEOUT_SECONDS = 0.3

    started = datetime.now(UTC)
    booking = book()

    assert booking.pk is not None
    assert (datetime.now(UTC) - started).total_seconds() < 2


def test_failing_calendar_is_not_asked_when_a_time_is_confirmed(mondays, feed_server):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    source = services.add_calendar(address=url)
    feed_server.feeds["/google/basic.ics"]["delay"] = 3
    services.sync_calendar_source(source_id=source.pk, timeout=0.2)
    feed_server.requests.clear()

    book()

    assert feed_server.requests == []


def write_all() -> int:
    return sum(
        services.write_calendar_event(write_id=pk)
        for pk in EventWrite.objects.values_list("pk", flat=True)
    )


def stored_events(account) -> list[icalendar.Event]:
    return [
        event
        for obj in account.events("Work")
        for event in icalendar.Calendar.from_ical(obj.data).walk("VEVENT")
    ]


@pytest.mark.caldav
def test_calls_written_moved_and_cancelled_in_her_calendar_with_one_uid(
    mondays, caldav_account, django_capture_on_commit_callbacks
):
    source = add_account(caldav_account)
    work = source.calendars.get(name="Work")
    services.update_calendar_choices(
        calendar_id=work.pk,
        is_counted=True,
        has_blocking_all_day=True,
        is_write_target=True,
    )

    booking = book()
    assert write_all() == 1
    assert write_all() == 0  # a duplicate task writes nothing
    [event] = stored_events(caldav_account)
    assert str(event["UID"]) == event_uid(booking)
    assert event.start == SLOT
    assert "METHOD" not in caldav_account.events("Work")[0].data

    moved = bookings.reschedule_booking(
        booking_id=booking.pk, starts_at=chicago(2030, 1, 7, 11)
    )
    write_all()
    [event] = stored_events(caldav_account)
    assert str(event["UID"]) == event_uid(booking)
    assert event.start == chicago(2030, 1, 7, 11)

    services.sync_calendar_source(source_id=source.pk)
    assert bookings.is_slot_free(SLOT)  # her own written call never blocks

    bookings.cancel_booking(booking_id=moved.pk, by_coach=True)
    write_all()
    assert stored_events(caldav_account) == []


@pytest.mark.caldav
def test_failed_write_is_retried_then_shown_as_failed(
    mondays, caldav_account, settings
):
    source = add_account(caldav_account)
    work = source.calendars.get(name="Work")
    services.update_calendar_choices(
        calendar_id=work.pk,
        is_counted=False,
        has_blocking_all_day=True,
        is_write_target=True,
    )
    caldav_account.calendars["Work"].delete()
    settings.CALENDAR_WRITE_MAX_ATTEMPTS = 2
    book()
    row = EventWrite.objects.get()

    assert services.write_calendar_event(write_id=row.pk) is False
    row.refresh_from_db()
    assert row.status == EventWrite.Status.PENDING
    assert row.due_at > datetime.now(UTC)
    assert row.last_error

    services.write_calendar_event(write_id=row.pk, now=row.due_at)
    row.refresh_from_db()
    assert row.status == EventWrite.Status.FAILED
    assert EventWrite.objects.failed().count() == 1


def _sent(kind: str) -> mail.EmailMessage:
    message = Message.objects.get(kind=kind)
    mail.outbox.clear()
    outbox.send_messages(message_ids=[message.pk])
    return mail.outbox[0]


def _calendar_part(email) -> str:
    for attachment in email.attachments:
        if "calendar" in attachment.get_content_type():
            return attachment.get_content()
    return ""


def test_coach_notice_carries_the_call_as_an_invitation_without_a_write_calendar(
    mondays, mailoutbox
):
    booking = book()

    part = _calendar_part(_sent("booking.coach_new"))

    assert "METHOD:REQUEST" in part
    assert f"UID:{event_uid(booking)}" in part

    bookings.cancel_booking(booking_id=booking.pk)
    part = _calendar_part(_sent("booking.coach_cancelled"))

    assert "METHOD:CANCEL" in part
    assert f"UID:{event_uid(booking)}" in part


@pytest.mark.caldav
def test_coach_notice_has_no_invitation_when_calls_are_written_to_her_calendar(
    mondays, caldav_account, mailoutbox
):
    source = add_account(caldav_account)
    work = source.calendars.get(name="Work")
    services.update_calendar_choices(
        calendar_id=work.pk,
        is_counted=True,
        has_blocking_all_day=True,
        is_write_target=True,
    )
    book()

    assert _calendar_part(_sent("booking.coach_new")) == ""
