"""The one email `calendars` sends: a calendar has been failing for a day."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from calendars.models import CalendarSource
from outbox.builders import Skip

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
        "since": source.failing_since,
        "hours_url": settings.SITE_URL + reverse("admin:bookings_availability"),
        "site_name": settings.SITE_NAME,
    }
    name = "calendars/email/failing"
    subject = render_to_string(f"{name}_subject.txt", context)
    email = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"{name}.txt", context),
        to=[message.to_email],
    )
    email.attach_alternative(render_to_string(f"{name}.html", context), "text/html")
    return email
