"""Add-to-calendar files and links for a booked call (no health data in them)."""

from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from bookings.models import Booking, ConsultSettings

SUMMARY = "Free consult call"
GOOGLE_CALENDAR_URL = "https://calendar.google.com/calendar/render"


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def host() -> str:
    """The site's host name, the domain part of every calendar UID."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def call_description(booking: Booking, cfg: ConsultSettings) -> str:
    """What the client sees in her calendar: how the call happens, nothing else."""
    parts = [f"{SUMMARY} with {settings.SITE_NAME}."]
    if cfg.call_details:
        parts.append(cfg.call_details)
    if cfg.call_method == ConsultSettings.CallMethod.VIDEO and cfg.video_link:
        parts.append(f"Video link: {cfg.video_link}")
    return "\n\n".join(parts)


def _event_description(booking: Booking, cfg: ConsultSettings, method: str) -> str:
    """The call's description; a call that stands carries her manage link, so
    her calendar can always reach the way to change or cancel it."""
    # presentation builds links from this module's helpers, so it is read late.
    from bookings.presentation import manage_url

    description = call_description(booking, cfg)
    if method == "CANCEL":
        return description
    return f"{description}\n\nTo change or cancel this call: {manage_url(booking)}"


def calendar_method(booking: Booking) -> str:
    """REQUEST for a call that stands, CANCEL for one that was called off."""
    return "CANCEL" if booking.status == Booking.Status.CANCELLED else "REQUEST"


def booking_ics(
    booking: Booking, *, cfg: ConsultSettings, now: datetime | None = None
) -> bytes:
    """An iCalendar invitation for this call (times in UTC), the same event in
    every email and download: one UID per chain of moves, SEQUENCE raised on each
    change, METHOD:CANCEL once it is called off. Name and time only."""
    method = calendar_method(booking)
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Consult calls//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"{booking.calendar_uid}@{host()}")
    event.add("sequence", booking.calendar_sequence)
    event.add("dtstamp", (now or timezone.now()).astimezone(UTC))
    event.add("dtstart", booking.starts_at.astimezone(UTC))
    event.add("dtend", booking.ends_at.astimezone(UTC))
    event.add("summary", f"{SUMMARY} with {settings.SITE_NAME}")
    event.add("description", _event_description(booking, cfg, method))
    organizer = vCalAddress(f"mailto:{settings.COACH_EMAIL}")
    organizer.params["cn"] = vText(settings.SITE_NAME)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{booking.client.email}")
    attendee.params["cn"] = vText(booking.client.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("ACCEPTED")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee, encode=0)
    if method == "CANCEL":
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def google_calendar_url(booking: Booking, *, cfg: ConsultSettings) -> str:
    """A link that opens Google Calendar with this call filled in."""
    dates = f"{_stamp(booking.starts_at)}/{_stamp(booking.ends_at)}"
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": SUMMARY,
            "dates": dates,
            "details": call_description(booking, cfg),
        }
    )
    return f"{GOOGLE_CALENDAR_URL}?{query}"
