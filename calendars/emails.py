"""The one email `calendars` sends: a calendar has been failing for a day."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from calendars.models import CalendarSource
from coaching.zones import her_time_words
from outbox.builders import Skip
from outbox.rendering import render_message

KIND_PREFIX = "calendar."


def build(message) -> EmailMultiAlternatives:
    """Render the failing-calendar notice (Skip once the calendar works again)."""
    source = CalendarSource.objects.filter(pk=message.context.get("source_id")).first()
    if source is None:
        raise Skip("calendar removed")
    if not source.is_failing:
        raise Skip("calendar works again")
    context = {
        "source": source,
        "reason": source.failure_reason,
        "since": her_time_words(source.failing_since),
        "hours_url": settings.SITE_URL + reverse("admin:bookings_availability"),
        "site_name": settings.SITE_NAME,
    }
    return render_message("calendars/email/failing", context, to=[message.to_email])


def failing_key(source_id: int, failing_since) -> str:
    """The outbox key of the one email for one stretch of failures."""
    return f"calendar:{source_id}:failing:{failing_since:%Y%m%d%H%M}"
