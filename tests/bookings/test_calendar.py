from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from icalendar import Calendar

from bookings.ics import booking_ics, google_calendar_url
from bookings.models import Booking, ConsultSettings
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


@pytest.fixture
def cfg():
    return ConsultSettings.load()


def _event(data: bytes):
    return Calendar.from_ical(data).walk("VEVENT")[0]


def test_booking_ics_has_uid_and_utc_times(booking, cfg):
    data = booking_ics(booking, cfg=ConsultSettings.load())

    event = _event(data)
    assert str(event["UID"]) == f"{booking.calendar_uid}@testserver"
    assert b"DTSTART:20260308T150000Z" in data
    assert b"DTEND:20260308T153000Z" in data
    assert str(event["SUMMARY"]).startswith("Free consult call with ")


def test_booking_ics_describes_the_call_without_health_data(booking, cfg):
    data = booking_ics(booking, cfg=ConsultSettings.load())

    description = str(_event(data)["DESCRIPTION"])
    assert "I'll call the number you give." in description
    assert b"relapse" not in data
    assert b"relapse" not in data.replace(b"\r\n ", b"")


def test_booking_ics_includes_the_video_link_for_video_calls(booking, cfg):
    cfg = ConsultSettings.load()
    cfg.call_method = ConsultSettings.CallMethod.VIDEO
    cfg.video_link = "https://video.example.com/coach"
    cfg.save()
    data = booking_ics(booking, cfg=ConsultSettings.load())

    description = str(_event(data)["DESCRIPTION"])

    assert "https://video.example.com/coach" in description


def test_booking_ics_marks_a_cancelled_call(booking, cfg):
    booking.status = Booking.Status.CANCELLED

    data = booking_ics(booking, cfg=cfg)

    assert str(_event(data)["STATUS"]) == "CANCELLED"
    assert Calendar.from_ical(data)["METHOD"] == "CANCEL"


def test_google_calendar_url_fills_in_the_call(booking, cfg):
    url = google_calendar_url(booking, cfg=cfg)

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


def test_booking_ics_uid_does_not_count_bookings(cfg):
    first, second = BookingFactory(pk=41), BookingFactory(pk=42)

    uids = [str(_event(booking_ics(b, cfg=cfg))["UID"]) for b in (first, second)]
    names = [uid.split("@")[0] for uid in uids]

    # A random name, not one made from the id: "41", "booking-41", "41-..."
    # (a random one may start with "41" by chance, so no prefix check).
    assert not any(name.startswith("booking-") for name in names)
    assert all(len(name) >= 32 and "-" not in name for name in names)
    assert names[0] != names[1]
