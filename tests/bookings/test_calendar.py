from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from icalendar import Calendar

from bookings.models import Booking, ConsultSettings
from bookings.services import booking_ics, google_calendar_url
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 8, 15, tzinfo=UTC)


@pytest.fixture
def booking():
    cfg = ConsultSettings.load()
    cfg.call_details = "I'll call the number you give."
    cfg.call_method = ConsultSettings.CallMethod.PHONE
    cfg.save()
    return BookingFactory(starts_at=START, help_with="Private: my relapse in May.")


def _event(data: bytes):
    return Calendar.from_ical(data).walk("VEVENT")[0]


def test_booking_ics_has_uid_and_utc_times(booking):
    data = booking_ics(booking)

    event = _event(data)
    assert str(event["UID"]) == str(_event(booking_ics(booking))["UID"])
    assert not str(event["UID"]).startswith("booking-")
    assert b"DTSTART:20260308T150000Z" in data
    assert b"DTEND:20260308T153000Z" in data
    assert str(event["SUMMARY"]) == "Free consult call"


def test_booking_ics_describes_the_call_without_health_data(booking):
    data = booking_ics(booking)

    description = str(_event(data)["DESCRIPTION"])
    assert "I'll call the number you give." in description
    assert b"relapse" not in data
    assert booking.client.name.encode() not in data


def test_booking_ics_includes_the_video_link_for_video_calls(booking):
    cfg = ConsultSettings.load()
    cfg.call_method = ConsultSettings.CallMethod.VIDEO
    cfg.video_link = "https://video.example.com/coach"
    cfg.save()

    description = str(_event(booking_ics(booking))["DESCRIPTION"])

    assert "https://video.example.com/coach" in description


def test_booking_ics_marks_a_cancelled_call(booking):
    booking.status = Booking.Status.CANCELLED

    assert str(_event(booking_ics(booking))["STATUS"]) == "CANCELLED"


def test_google_calendar_url_fills_in_the_call(booking):
    url = google_calendar_url(booking)

    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://calendar.google.com/calendar/render"
    )
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["Free consult call"]
    assert query["dates"] == ["20260308T150000Z/20260308T153000Z"]
    assert "I'll call the number you give." in query["details"][0]
    assert "relapse" not in url


def test_booking_ics_uid_does_not_count_bookings():
    first, second = BookingFactory(pk=41), BookingFactory(pk=42)

    uids = [str(_event(booking_ics(b))["UID"]) for b in (first, second)]

    assert not any(uid.startswith(("booking-", "41", "42")) for uid in uids)
    assert uids[0][:8] != uids[1][:8]
