"""Add-to-calendar files and links for a booked call (no health data in them)."""

from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils.crypto import salted_hmac
from icalendar import Calendar, Event

from bookings.models import Booking, ConsultSettings

SUMMARY = "Free consult call"
GOOGLE_CALENDAR_URL = "https://calendar.google.com/calendar/render"


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def event_uid(booking: Booking) -> str:
    """A calendar UID that stays the same for this booking and hides its id."""
    digest = salted_hmac(
        "bookings.calendar-uid", str(booking.pk), algorithm="sha256"
    ).hexdigest()
    return f"{digest[:32]}@{_host()}"


def call_description(booking: Booking, cfg: ConsultSettings | None = None) -> str:
    """What the client sees in her calendar: how the call happens, nothing else."""
    cfg = cfg or ConsultSettings.load()
    parts = [f"{SUMMARY} with {settings.SITE_NAME}."]
    if cfg.call_details:
        parts.append(cfg.call_details)
    if cfg.call_method == ConsultSettings.CallMethod.VIDEO and cfg.video_link:
        parts.append(f"Video link: {cfg.video_link}")
    return "\n\n".join(parts)


def booking_ics(booking: Booking) -> bytes:
    """An iCalendar file (VEVENT, times in UTC) for this booking."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Consult calls//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", event_uid(booking))
    event.add("dtstamp", (booking.created_at or booking.starts_at).astimezone(UTC))
    event.add("dtstart", booking.starts_at.astimezone(UTC))
    event.add("dtend", booking.ends_at.astimezone(UTC))
    event.add("summary", SUMMARY)
    event.add("description", call_description(booking))
    if booking.status == Booking.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def google_calendar_url(booking: Booking) -> str:
    """A link that opens Google Calendar with this call filled in."""
    dates = f"{_stamp(booking.starts_at)}/{_stamp(booking.ends_at)}"
    query = urlencode(
        {
            "action": "TEMPLATE",
            "text": SUMMARY,
            "dates": dates,
            "details": call_description(booking),
        }
    )
    return f"{GOOGLE_CALENDAR_URL}?{query}"
