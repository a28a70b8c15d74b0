"""The pure reading rules: past events left out before parsing, garbage refused."""

from datetime import UTC, date, datetime

import icalendar
import pytest

from calendars import reading
from tests.calendars.events import make_event

START = datetime(2030, 1, 1, tzinfo=UTC)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def uids(data: bytes) -> set[str]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def test_without_past_events_drops_only_single_events_long_over():
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//tests//EN")
    calendar.add("version", "2.0")
    for event in (
        make_event("old", utc(2029, 6, 1, 9), utc(2029, 6, 1, 10), "A long title " * 9),
        make_event("recent", date(2029, 12, 31), date(2030, 1, 1)),
        make_event(
            "weekly", utc(2028, 1, 3, 9), utc(2028, 1, 3, 10), rrule={"FREQ": "WEEKLY"}
        ),
    ):
        calendar.add_component(event)
    data = calendar.to_ical()

    trimmed = reading.without_past_events(data, START)

    assert uids(data) == {"old", "recent", "weekly"}
    assert uids(trimmed) == {"recent", "weekly"}


def test_without_past_events_keeps_data_it_cannot_split():
    data = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n"

    assert reading.without_past_events(data, START) == data


@pytest.mark.parametrize("data", [b"", b"hello", b"BEGIN:VCARD\r\nEND:VCARD\r\n"])
def test_parse_refuses_what_is_not_a_calendar(data):
    with pytest.raises(reading.UnreadableCalendar):
        reading.parse(data)
