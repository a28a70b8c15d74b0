"""Booking messages: which rows a change writes, and what each email says."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from icalendar import Calendar

from bookings import emails
from bookings.models import Booking, ConsultSettings
from bookings.services import (
    book_consult,
    cancel_booking,
    mark_booking_held,
    mark_booking_no_show,
    reschedule_booking,
)
from outbox.builders import Skip
from outbox.models import Message
from tests.factories import PostFactory, WeeklyWindowFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
# Monday 4 May 2026, 09:00 in Chicago (CDT), 15:00 in London (BST).
SLOT = datetime(2026, 5, 4, 14, tzinfo=UTC)
LATER = datetime(2026, 5, 5, 14, tzinfo=UTC)
SECRET = "Numb left foot since March, on ocrelizumab"


@pytest.fixture(autouse=True)
def availability(settings):
    settings.COACH_EMAIL = "coach@example.org"
    settings.SITE_URL = "https://coach.example.org"
    cfg = ConsultSettings.load()
    cfg.reminder_hours = "24, 1"
    cfg.min_notice_hours = 0
    cfg.save()
    for weekday in range(7):
        WeeklyWindowFactory(weekday=weekday, starts_at=time(9), ends_at=time(12))
    return cfg


def book(**overrides) -> Booking:
    values = {
        "starts_at": SLOT,
        "name": "Ann O'Hara",
        "email": "ann@example.com",
        "time_zone": "Europe/London",
        "help_with": SECRET,
        "has_storage_consent": True,
        "storage_wording": "I agree that you keep my details to arrange the call.",
        "now": NOW,
    }
    return book_consult(**{**values, **overrides})


def live_keys(booking: Booking) -> dict[str, Message]:
    rows = Message.objects.filter(key__startswith=emails.key_prefix(booking.pk))
    return {row.key.split(":")[-1]: row for row in rows.exclude(status="void")}


def render(key: str, booking: Booking):
    message = Message.objects.get(key=emails.message_key(booking.pk, key))
    return emails.build(message)


def all_text(email) -> str:
    """Subject, headers, every part (HTML and calendar included), decoded."""
    mime = email.message()
    parts = [str(mime)]
    for part in mime.walk():
        payload = part.get_payload(decode=True)
        if payload:
            parts.append(payload.decode())
    return "\n".join(parts)


def invitation(email) -> tuple[Calendar, object]:
    for part in email.message().walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True)), part
    raise AssertionError("no calendar part")


def test_book_consult_writes_confirmation_notice_and_reminders():
    booking = book()

    rows = live_keys(booking)

    assert set(rows) == {"confirmation", "coach-new", "reminder-24h", "reminder-1h"}
    assert rows["confirmation"].to_email == "ann@example.com"
    assert rows["coach-new"].to_email == "coach@example.org"
    assert rows["reminder-24h"].due_at == SLOT - timedelta(hours=24)
    assert rows["reminder-1h"].due_at == SLOT - timedelta(hours=1)


def test_booking_inside_a_reminder_offset_gets_only_later_reminders():
    booking = book(now=SLOT - timedelta(hours=5))

    rows = live_keys(booking)

    assert "reminder-24h" not in rows
    assert rows["reminder-1h"].due_at == SLOT - timedelta(hours=1)


def test_booking_an_hour_ahead_gets_no_reminder_burst():
    booking = book(now=SLOT - timedelta(minutes=90))

    assert not {k for k in live_keys(booking) if k.startswith("reminder")}


def test_reminders_follow_the_coach_setting(availability):
    availability.reminder_hours = "48"
    availability.save()

    booking = book()

    assert {k for k in live_keys(booking) if k.startswith("reminder")} == {
        "reminder-48h"
    }


def test_cancel_voids_reminders_and_tells_her_and_the_coach():
    booking = book()

    with time_machine.travel(NOW, tick=False):
        cancel_booking(booking_id=booking.pk, now=NOW)

    rows = live_keys(booking)
    assert set(rows) == {"coach-new", "cancelled", "coach-cancelled"}
    voided = Message.objects.filter(status="void", kind="booking.reminder")
    assert voided.count() == 2


def test_reschedule_moves_reminders_and_keeps_the_calendar_event():
    old = book()
    first, _ = invitation(render("confirmation", old))

    new = reschedule_booking(booking_id=old.pk, starts_at=LATER, now=NOW)

    assert not {k for k in live_keys(old) if k.startswith("reminder")}
    rows = live_keys(new)
    assert rows["reminder-24h"].due_at == LATER - timedelta(hours=24)
    assert {"rescheduled", "coach-rescheduled"} <= set(rows)
    moved, part = invitation(render("rescheduled", new))
    first_event = first.walk("VEVENT")[0]
    moved_event = moved.walk("VEVENT")[0]
    assert moved_event["UID"] == first_event["UID"]
    assert moved_event["SEQUENCE"] > first_event["SEQUENCE"]
    assert moved["METHOD"] == "REQUEST"
    assert part.get_param("method") == "REQUEST"


def test_cancellation_carries_a_calendar_cancel_for_the_same_event():
    booking = book()
    first, _ = invitation(render("confirmation", booking))

    cancel_booking(booking_id=booking.pk, now=NOW)
    booking.refresh_from_db()
    cancelled, part = invitation(render("cancelled", booking))

    event = cancelled.walk("VEVENT")[0]
    assert cancelled["METHOD"] == "CANCEL"
    assert part.get_param("method") == "CANCEL"
    assert event["UID"] == first.walk("VEVENT")[0]["UID"]
    assert event["SEQUENCE"] > first.walk("VEVENT")[0]["SEQUENCE"]
    assert event["STATUS"] == "CANCELLED"


def test_confirmation_invitation_names_organizer_and_attendee():
    booking = book()

    calendar, _ = invitation(render("confirmation", booking))

    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["ORGANIZER"]) == "mailto:coach@example.org"
    assert str(event["ATTENDEE"]) == "mailto:ann@example.com"
    assert event.decoded("DTSTART") == SLOT
    assert str(event["UID"]) == f"{booking.calendar_uid}@coach.example.org"
    assert len(booking.calendar_uid) == 32


def test_confirmation_shows_her_time_with_its_zone_and_an_absolute_manage_link():
    booking = book()

    email = render("confirmation", booking)

    html = email.alternatives[0].content
    assert "3:00 p.m." in email.body or "3:00 pm" in email.body
    assert "London time (Europe/London)" in email.body
    assert "London time (Europe/London)" in html
    assert "https://coach.example.org/book/manage/" in email.body
    assert "Ann O'Hara" not in email.subject
    assert "Hello Ann," in email.body


def test_text_part_is_not_html_escaped():
    booking = book(name="Ann O'Hara & Co")

    email = render("coach-new", booking)

    assert "Ann O'Hara & Co" in email.body
    assert "&#x27;" not in email.body and "&amp;" not in email.body


def test_coach_notice_shows_the_time_in_the_coach_zone():
    booking = book()

    email = render("coach-new", booking)

    assert "9:00 a.m." in email.body
    assert "Chicago time (America/Chicago)" in email.body
    assert "/admin/bookings/booking/" in email.body


@pytest.mark.parametrize("by_coach", [False, True])
def test_no_message_carries_her_answer(by_coach):
    PostFactory()
    booking = book(source_post=PostFactory())
    moved = reschedule_booking(booking_id=booking.pk, starts_at=LATER, now=NOW)
    with time_machine.travel(LATER + timedelta(hours=1), tick=False):
        mark_booking_held(booking_id=moved.pk)
    other = book(starts_at=SLOT + timedelta(days=2), email="bea@example.com")
    cancel_booking(booking_id=other.pk, now=NOW, by_coach=by_coach)
    book(starts_at=SLOT + timedelta(days=3), email="cy@example.com")

    rows = Message.objects.exclude(status="void").exclude(kind="booking.reminder")
    rendered = [emails.build(row) for row in rows]

    assert {row.kind for row in rows} >= {
        "booking.confirmation",
        "booking.coach_new",
        "booking.rescheduled",
        "booking.coach_rescheduled",
        "booking.follow_up",
        "booking.cancelled",
    }
    for email in rendered:
        assert SECRET not in all_text(email)
        assert "ocrelizumab" not in all_text(email)


def test_reminder_is_skipped_for_a_call_that_started():
    booking = book()
    row = live_keys(booking)["reminder-1h"]

    with (
        time_machine.travel(SLOT + timedelta(minutes=1), tick=False),
        pytest.raises(Skip),
    ):
        emails.build(row)


def test_reminder_is_skipped_for_a_cancelled_call_even_if_not_voided():
    booking = book()
    row = live_keys(booking)["reminder-24h"]
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)

    with time_machine.travel(NOW, tick=False), pytest.raises(Skip):
        emails.build(row)


def test_reminder_renders_in_her_zone():
    booking = book()
    row = live_keys(booking)["reminder-24h"]

    with time_machine.travel(SLOT - timedelta(hours=24), tick=False):
        email = emails.build(row)

    assert "Reminder" in email.subject
    assert "3:00 p.m." in email.body


def test_follow_up_goes_the_next_morning_in_her_zone_with_two_posts():
    earlier = NOW - timedelta(days=7)
    source = PostFactory(title="Gut bacteria and MS", publish_at=earlier)
    PostFactory(title="AIP breakfast ideas", publish_at=earlier)
    PostFactory(title="Sleep and fatigue", publish_at=earlier)
    booking = book(source_post=source)

    with time_machine.travel(SLOT + timedelta(hours=1), tick=False):
        mark_booking_held(booking_id=booking.pk)
        row = live_keys(booking)["follow-up"]
        email = emails.build(row)

    # 10:00 in London (BST) on Tuesday 5 May.
    assert row.due_at == datetime(2026, 5, 5, 9, tzinfo=UTC)
    assert email.body.count("https://coach.example.org/blog/") == 2


def test_no_show_voids_the_follow_up():
    booking = book()
    with time_machine.travel(SLOT + timedelta(hours=1), tick=False):
        mark_booking_held(booking_id=booking.pk)
        mark_booking_no_show(booking_id=booking.pk)

    assert "follow-up" not in live_keys(booking)


def test_coach_notice_of_a_move_says_from_when_to_when_with_one_full_stop():
    old = book()
    new = reschedule_booking(booking_id=old.pk, starts_at=LATER, now=NOW)

    email = render("coach-rescheduled", new)

    html = email.alternatives[0].content
    moved = (
        "moved her free consult call from Monday 4 May at 9:00 a.m. "
        "to Tuesday 5 May at 9:00 a.m."
    )
    assert moved in email.body
    assert moved in html
    assert "a.m.." not in email.body and "a.m.." not in html


def test_cancellation_names_her_zone_without_nested_brackets():
    booking = book()
    cancel_booking(booking_id=booking.pk, now=NOW)
    booking.refresh_from_db()

    email = render("cancelled", booking)

    html = email.alternatives[0].content
    assert "London time (Europe/London)" in html
    assert "(London time (Europe/London))" not in html


def test_invitation_description_carries_her_manage_link():
    booking = book()

    calendar, _ = invitation(render("confirmation", booking))

    description = str(calendar.walk("VEVENT")[0]["DESCRIPTION"])
    assert f"https://coach.example.org/book/manage/{booking.manage_key}/" in description
