"""The coach's private calendar feed: her upcoming consults, name and time only."""

from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from icalendar import Calendar, Event

from bookings.ics import host
from bookings.models import Booking, CoachFeed
from bookings.models.office import new_feed_token


def coach_feed_matches(token: str) -> bool:
    """Whether `token` is the feed's current secret (constant-time compare)."""
    current = CoachFeed.objects.values_list("token", flat=True).first()
    return bool(current and token) and constant_time_compare(token, current)


def rotate_coach_feed(*, now: datetime | None = None) -> CoachFeed:
    """Give the feed a new secret: the old URL stops working at once."""
    with transaction.atomic():
        feed = CoachFeed.load()
        feed.token = new_feed_token()
        feed.rotated_at = now or timezone.now()
        feed.save()
    return feed


def coach_feed_ics(*, now: datetime | None = None) -> bytes:
    """Her confirmed upcoming calls as iCalendar: the client's name and the time."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Coach calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{settings.SITE_NAME}: consult calls")
    bookings = (
        Booking.objects.active()
        .upcoming(now=now)
        .select_related("client")
        .only("pk", "starts_at", "ends_at", "created_at", "client__name")
    )
    for booking in bookings:
        event = Event()
        event.add("uid", f"coach-booking-{booking.pk}@{host()}")
        event.add("dtstamp", now.astimezone(UTC))
        event.add("dtstart", booking.starts_at.astimezone(UTC))
        event.add("dtend", booking.ends_at.astimezone(UTC))
        event.add("summary", f"Consult: {booking.client.name}")
        calendar.add_component(event)
    return calendar.to_ical()
