"""A reader in London books a call on her phone, then cancels it."""

import zoneinfo
from datetime import time

import pytest

from bookings.models import Booking, ConsultSettings
from tests.factories import WeeklyWindowFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def coach_in_chicago(settings):
    settings.COACH_TIME_ZONE = "America/Chicago"
    settings.BOOKING_MIN_FILL_SECONDS = 0.5
    settings.BOOKING_RATE_LIMIT = "1000/h"
    consult = ConsultSettings.load()
    consult.save()
    for weekday in range(7):
        WeeklyWindowFactory(weekday=weekday, starts_at=time(9), ends_at=time(17))
    return consult


@pytest.fixture
def london_phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="Europe/London"
    )
    page = context.new_page()
    yield page
    context.close()


def _clock_text(local) -> str:
    """A time as the site writes it: "3:00 p.m."."""
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M} {'a.m.' if local.hour < 12 else 'p.m.'}"


def test_booking_journey_in_london_on_a_phone(
    live_server, coach_in_chicago, london_phone, settings
):
    settings.SITE_URL = live_server.url  # her links are absolute, from SITE_URL
    page = london_phone
    settings.SITE_URL = live_server.url  # links she is given point at this server
    page.goto(live_server.url + "/book/")

    # The page notices her zone and shows the times in it.
    page.get_by_text("Times shown in London time (Europe/London)").wait_for()
    first_time = page.locator(".slot-button").first
    assert first_time.bounding_box()["height"] >= 48
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    first_time.click()

    page.wait_for_url("**/book/*Z/")
    page.get_by_label("Your name").fill("Demo Reader")
    page.get_by_label("Your email").fill("reader@example.com")
    page.get_by_label("What would you most like help with?").fill("Energy.")
    page.locator("#id_has_storage_consent").check()
    page.wait_for_timeout(600)
    page.get_by_role("button", name="Book my call").click()

    page.get_by_role("heading", name="Your call is booked").wait_for()
    booking = Booking.objects.get()
    local = booking.starts_at.astimezone(LONDON)
    summary = page.locator(".call-summary").inner_text()
    assert _clock_text(local) in summary
    assert "London time (Europe/London)" in summary
    assert booking.time_zone == "Europe/London"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="Change or cancel my call").click()
    page.get_by_role("heading", name="Your consult call").wait_for()
    page.get_by_role("link", name="Cancel the call").click()
    page.get_by_role("button", name="Yes, cancel my call").click()

    page.get_by_role("heading", name="Your call is cancelled").wait_for()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_booking_page_without_javascript_shows_coach_zone(
    live_server, coach_in_chicago, browser
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        timezone_id="Europe/London",
        java_script_enabled=False,
    )
    page = context.new_page()

    page.goto(live_server.url + "/book/")
    label = page.locator(".zone-note").inner_text()
    page.get_by_text("Change time zone").click()
    page.select_option("#tz-select", "Europe/London")
    page.get_by_role("button", name="Show times").click()

    assert "Chicago time (America/Chicago)" in label
    page.get_by_text("Times shown in London time (Europe/London)").wait_for()
    context.close()
