"""The back office's first page: the coach's week, in her zone."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from bookings.models import Booking, Client, StaffVisit
from calendars.models import CalendarSource, EventWrite
from coaching.zones import coach_zone
from outbox import builders, presentation
from outbox.models import Message

from . import wording

SINCE_SESSION_KEY = "office_new_since"
LIST_LIMIT = 25


def _week_bounds(today) -> tuple[datetime, datetime]:
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday, time.min, tzinfo=coach_zone())
    return start, start + timedelta(days=7)


def this_week(now: datetime) -> list[dict]:
    """Seven days (Monday first, her zone), each with its consults; one query."""
    zone = coach_zone()
    today = now.astimezone(zone).date()
    start, end = _week_bounds(today)
    days = {(start + timedelta(days=i)).date(): [] for i in range(7)}
    bookings = (
        Booking.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("client", "source_post")
        .order_by("starts_at")
    )
    for booking in bookings:
        booking.status_text = wording.call_status(booking)
        booking.outcomes = wording.outcome_choices(booking, now)
        days[booking.starts_at.astimezone(zone).date()].append(booking)
    return [
        {"day": day, "is_today": day == today, "bookings": items}
        for day, items in days.items()
    ]


def new_since(request, now: datetime) -> datetime | None:
    """When she last came in: kept for this sign-in, then moved to now."""
    stored = request.session.get(SINCE_SESSION_KEY)
    if stored is not None:
        return datetime.fromisoformat(stored) if stored else None
    visit = StaffVisit.objects.filter(user=request.user).first()
    since = visit.seen_at if visit else None
    request.session[SINCE_SESSION_KEY] = since.isoformat() if since else ""
    StaffVisit.objects.update_or_create(user=request.user, defaults={"seen_at": now})
    return since


def failed_emails() -> list:
    """Emails that gave up, newest first: what each is, why it failed, its record."""
    messages = list(Message.objects.failed().order_by("-created_at")[:LIST_LIMIT])
    for message in messages:
        message.label = builders.describe(message)
        message.record = builders.record_for(message)
        message.why = presentation.why_failed(message)
    return messages


def home_context(request, now: datetime | None = None) -> dict:
    """Everything the home page shows, read with a fixed number of queries."""
    now = now or timezone.now()
    since = new_since(request, now)
    today = now.astimezone(coach_zone()).date()
    leads = Client.objects.new_since(since).select_related("source_post")
    return {
        "week": this_week(now),
        "since": since,
        "new_leads": list(leads[:LIST_LIMIT]),
        "follow_ups": list(
            Client.objects.follow_ups_due(today).filter(erased_at__isnull=True)[
                :LIST_LIMIT
            ]
        ),
        "failed_emails": failed_emails(),
        "failing_calendars": list(CalendarSource.objects.failing()),
        "failed_calendar_writes": EventWrite.objects.failed().count(),
        "today": today,
    }
