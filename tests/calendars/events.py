"""Helpers: events built with icalendar (no hand-written text), offered times."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from bookings.services import free_slots

CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)


def chicago(*args) -> datetime:
    return datetime(*args, tzinfo=CHICAGO)


def offered(day: date) -> list[str]:
    """The slot starts offered on one Chicago day, as HH:MM."""
    start = datetime.combine(day, time.min, tzinfo=CHICAGO)
    slots = free_slots(start, start + timedelta(days=1), now=NOW)
    return [slot.astimezone(CHICAGO).strftime("%H:%M") for slot in slots]


def event_ics(
    uid: str,
    start: datetime | date,
    end: datetime | date,
    summary: str = "Busy",
    *,
    extra: list[icalendar.Event] = (),
    **props,
) -> str:
    """One calendar object: an event (and its moved occurrences in `extra`)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//tests//calendars//EN")
    calendar.add("version", "2.0")
    calendar.add_component(make_event(uid, start, end, summary, **props))
    for event in extra:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def make_event(uid, start, end, summary="Busy", **props) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime(2029, 12, 1, tzinfo=ZoneInfo("UTC")))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    attendees = props.pop("attendees", [])
    for key, value in props.items():
        event.add(key.replace("_", "-"), value)
    for address, partstat in attendees:
        attendee = icalendar.vCalAddress(f"mailto:{address}")
        if partstat:
            attendee.params["PARTSTAT"] = partstat
        event.add("attendee", attendee, encode=0)
    return event
