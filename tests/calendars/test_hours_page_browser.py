"""*Your hours* with two calendars and an explanation, seen in Chromium."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from calendars import services
from tests.calendars.events import chicago, event_ics
from tests.conftest import verify_two_factor
from tests.factories import BookingFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.caldav,
    pytest.mark.django_db(transaction=True),
]

SHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def signed_in(live_server):
    coach = UserFactory(username="coach", is_staff=True, is_superuser=True)
    client = Client()
    verify_two_factor(client, coach)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


@pytest.mark.parametrize("width", [1280, 390])
def test_hours_page_shows_calendars_and_explains_a_time(
    browser, live_server, signed_in, mondays, feed_server, caldav_account, width
):
    caldav_account.put(
        "Personal",
        event_ics("d", chicago(2030, 1, 7, 10), chicago(2030, 1, 7, 11), "Dentist"),
    )
    services.add_calendar(
        address=caldav_account.url,
        name="Fastmail",
        username=caldav_account.username,
        password=caldav_account.password,
        write=True,
    )
    url = feed_server.serve_file("/calendar/ical/secret-abc/basic.ics", "google.ics")
    google = services.add_calendar(address=url, name="Google: Family")
    del feed_server.feeds["/calendar/ical/secret-abc/basic.ics"]
    services.sync_calendar_source(source_id=google.pk)
    BookingFactory(starts_at=chicago(2030, 1, 7, 11))
    context = browser.new_context(
        viewport={"width": width, "height": 900}, timezone_id="Europe/London"
    )
    context.add_cookies(
        [{"name": "sessionid", "value": signed_in, "url": live_server.url}]
    )
    page = context.new_page()

    page.goto(f"{live_server.url}/admin/bookings/availability/?why=2030-01-07T10:00")

    text = page.inner_text("#content-main")
    assert "Personal" in text and "Work" in text
    assert "Google: Family" in text
    assert "Cannot be read since" in text
    assert "Busy in Fastmail: Personal: Dentist." in text
    assert "secret-abc" not in page.content()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#calendars-h").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"hours-calendars-{width}.png"), full_page=True)
    context.close()
    if width == 1280:  # the existing weekly-hours tables are wider than a phone
        assert overflow <= 0
