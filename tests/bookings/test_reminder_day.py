"""A reminder names the call's day as the reader's calendar has it, not by hours.

The coach is in Chicago (America/Chicago). Her zones: Brisbane (UTC+10, no
daylight saving time), whose midnight falls in the coach's morning, and London,
whose clocks change on other days than Chicago's.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from bookings import emails
from bookings.models import ConsultSettings
from bookings.presentation import call_day
from outbox.models import Message
from tests.factories import BookingFactory, ClientFactory

pytestmark = pytest.mark.django_db

CHICAGO = "America/Chicago"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def _reminder(starts_at: datetime, time_zone: str, hours: int):
    """Her reminder `hours` before a call at starts_at, rendered when it is due."""
    cfg = ConsultSettings.load()
    cfg.reminder_hours = str(hours)
    cfg.save()
    client = ClientFactory(time_zone=time_zone)
    booking = BookingFactory(client=client, starts_at=starts_at, time_zone=time_zone)
    due_at = starts_at - timedelta(hours=hours)
    emails.queue_booked(booking, cfg=cfg, now=due_at - timedelta(days=3))
    row = Message.objects.get(key=emails.message_key(booking.pk, f"reminder-{hours}h"))
    with time_machine.travel(row.due_at, tick=False):
        return emails.build(row)


def _body_parts(email) -> list[str]:
    return [email.body, email.alternatives[0].content]


@pytest.fixture(autouse=True)
def coach_in_chicago(settings):
    settings.COACH_TIME_ZONE = CHICAGO
    settings.COACH_EMAIL = "coach@example.org"


def test_one_hour_reminder_at_half_past_eleven_says_tomorrow_for_a_call_at_0030():
    # Tuesday 5 May 2026, 00:30 in Brisbane; the reminder goes Monday at 23:30.
    email = _reminder(datetime(2026, 5, 4, 14, 30, tzinfo=UTC), "Australia/Brisbane", 1)

    assert email.subject == "Reminder: your free consult call tomorrow at 12:30 a.m."
    for part in _body_parts(email):
        assert "is tomorrow at 12:30 a.m." in part
        assert "today" not in part


def test_one_hour_reminder_says_today_when_the_call_is_today_for_her():
    # Tuesday 5 May 2026, 10:30 in Brisbane; the reminder goes at 09:30.
    email = _reminder(datetime(2026, 5, 5, 0, 30, tzinfo=UTC), "Australia/Brisbane", 1)

    assert email.subject == "Reminder: your free consult call today at 10:30 a.m."
    for part in _body_parts(email):
        assert "is today at 10:30 a.m." in part


def test_twelve_hour_reminder_the_evening_before_says_tomorrow():
    # Tuesday 5 May 2026, 09:00 in Brisbane; the reminder goes Monday at 21:00.
    email = _reminder(datetime(2026, 5, 4, 23, tzinfo=UTC), "Australia/Brisbane", 12)

    assert email.subject == "Reminder: your free consult call tomorrow at 9:00 a.m."


def test_24_hour_reminder_on_the_day_clocks_go_back_says_today():
    # Sunday 25 October 2026, 23:30 in London (GMT); 24 hours earlier it is
    # 00:30 BST on that same Sunday.
    email = _reminder(datetime(2026, 10, 25, 23, 30, tzinfo=UTC), "Europe/London", 24)

    assert email.subject == "Reminder: your free consult call today at 11:30 p.m."


def test_24_hour_reminder_over_the_night_clocks_go_forward_names_the_date():
    # Monday 29 March 2027, 00:30 in London (BST); 24 hours earlier it is
    # Saturday 27 March, 23:30 GMT: the call is two dates away.
    email = _reminder(datetime(2027, 3, 28, 23, 30, tzinfo=UTC), "Europe/London", 24)

    assert (
        email.subject
        == "Reminder: your free consult call on Monday 29 March at 12:30 a.m."
    )
    for part in _body_parts(email):
        assert "is on Monday 29 March at 12:30 a.m." in part


@pytest.mark.parametrize(
    ("starts_at", "sent_at", "zone", "expected"),
    [
        # The 1-hour Brisbane call above, as the coach reads it: Monday
        # 09:30 in Chicago, an hour after 08:30.
        (utc(2026, 5, 4, 14, 30), utc(2026, 5, 4, 13, 30), CHICAGO, "today"),
        (
            utc(2026, 5, 4, 14, 30),
            utc(2026, 5, 4, 13, 30),
            "Australia/Brisbane",
            "tomorrow",
        ),
        # 12 hours across her midnight, the same instant in Chicago.
        (
            utc(2026, 5, 4, 23),
            utc(2026, 5, 4, 11),
            "Australia/Brisbane",
            "tomorrow",
        ),
        (utc(2026, 5, 4, 23), utc(2026, 5, 4, 11), CHICAGO, "today"),
        # 12 hours across the coach's midnight: 20:00 Sunday to 08:00 Monday.
        (utc(2026, 5, 4, 13), utc(2026, 5, 4, 1), CHICAGO, "tomorrow"),
        # Chicago's clocks go back on Sunday 1 November 2026: 24 hours before
        # 23:30 CST that Sunday is 00:30 CDT the same day.
        (utc(2026, 11, 2, 5, 30), utc(2026, 11, 1, 5, 30), CHICAGO, "today"),
        # ... and forward on Sunday 14 March 2027: 24 hours before 00:30 CDT on
        # Monday 15 March is 23:30 CST on Saturday 13 March.
        (
            utc(2027, 3, 15, 5, 30),
            utc(2027, 3, 14, 5, 30),
            CHICAGO,
            "on Monday 15 March",
        ),
        # A 24-hour reminder on an ordinary day: the next day.
        (utc(2026, 5, 5, 14), utc(2026, 5, 4, 14), CHICAGO, "tomorrow"),
    ],
)
def test_call_day_counts_dates_in_the_zone_it_renders_in(
    starts_at, sent_at, zone, expected
):
    with timezone.override(zone):
        day = call_day(starts_at, now=sent_at)

    assert day == expected
