"""A shared link to one time, opened first, still books in the visitor's zone."""

import zoneinfo
from datetime import time, timedelta

import pytest
from django.utils import timezone

from bookings.forms import format_slot
from bookings.models import Booking, ConsultSettings
from bookings.services import free_slots
from tests.factories import WeeklyWindowFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def coach_in_chicago(settings, site_pages):
    settings.COACH_TIME_ZONE = "America/Chicago"
    settings.BOOKING_MIN_FILL_SECONDS = 0.5
    settings.BOOKING_RATE_LIMIT = "1000/h"
    consult = ConsultSettings.load()
    consult.coach_time_zone = "America/Chicago"
    consult.save()
    for weekday in range(7):
        WeeklyWindowFactory(weekday=weekday, starts_at=time(9), ends_at=time(17))
    return consult


def _clock_text(local) -> str:
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M} {'a.m.' if local.hour < 12 else 'p.m.'}"


def test_first_visit_straight_to_a_time_books_in_her_zone(
    live_server, coach_in_chicago, browser
):
    now = timezone.now()
    slot = free_slots(now, now + timedelta(days=14))[0]
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()

    page.goto(f"{live_server.url}/book/{format_slot(slot)}/")
    page.get_by_text("London time (Europe/London)").wait_for()
    local = slot.astimezone(LONDON)
    assert _clock_text(local) in page.locator(".chosen-time").inner_text()
    page.get_by_label("Your name").fill("Demo Reader")
    page.get_by_label("Your email").fill("reader@example.com")
    page.locator("#id_has_storage_consent").check()
    page.wait_for_timeout(600)
    page.get_by_role("button", name="Book my call").click()

    page.get_by_role("heading", name="Your call is booked").wait_for()
    summary = page.locator(".call-summary").inner_text()
    context.close()
    assert Booking.objects.get().time_zone == "Europe/London"
    assert _clock_text(local) in summary
    assert "London time (Europe/London)" in summary
