"""A reader in Sydney books on a 390 x 844 phone: few taps, clear names."""

import re
from datetime import time

import pytest
from playwright.sync_api import expect

from bookings.models import Booking
from tests.factories import WeeklyWindowFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# "Tuesday 24 November, 2:00 a.m. Sydney time", maybe with a night note after it.
TIME_NAME = (
    r"{day}, \d{{1,2}}:\d\d [ap]\.m\. Sydney time"
    r"(, (early morning|late evening) for you)?$"
)


@pytest.fixture
def coach_in_chicago(settings):
    settings.COACH_TIME_ZONE = "America/Chicago"
    settings.BOOKING_MIN_FILL_SECONDS = 0.5
    settings.BOOKING_RATE_LIMIT = "1000/h"
    for weekday in range(7):
        WeeklyWindowFactory(weekday=weekday, starts_at=time(9), ends_at=time(17))


@pytest.fixture
def sydney_phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="Australia/Sydney"
    )
    page = context.new_page()
    yield page
    context.close()


def test_first_free_time_is_on_the_first_screen(
    live_server, coach_in_chicago, sydney_phone
):
    page = sydney_phone

    page.goto(live_server.url + "/book/")
    page.get_by_text("Times shown in Sydney time (Australia/Sydney)").wait_for()

    box = page.locator(".slot-button").first.bounding_box()
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= 844
    assert page.evaluate("window.scrollY") == 0


# The chosen zone's name, measured in the select's own font, against its room.
ZONE_TEXT_FITS = """select => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const text = select.options[select.selectedIndex].text;
  const room = select.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
  return context.measureText(text).width <= room;
}"""


def test_steps_fit_one_line_and_zone_name_is_not_cut(
    live_server, coach_in_chicago, browser
):
    # Johannesburg: among the longest names in the list, and not in it by default.
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="Africa/Johannesburg"
    )
    page = context.new_page()
    page.goto(live_server.url + "/book/")
    page.get_by_text("Times shown in Johannesburg time").wait_for()

    page.get_by_text("Change time zone").click()

    steps = page.locator(".booking-steps li")
    tops = {round(steps.nth(i).bounding_box()["y"]) for i in range(steps.count())}
    assert len(tops) == 1
    assert page.locator("#tz-select").evaluate(ZONE_TEXT_FITS)
    context.close()


def test_booking_takes_at_most_four_taps(live_server, coach_in_chicago, sydney_phone):
    page = sydney_phone
    taps = []

    def tap(locator):
        taps.append(locator)
        locator.click()

    page.goto(live_server.url + "/book/")
    page.get_by_text("Times shown in Sydney time (Australia/Sydney)").wait_for()
    tap(page.locator(".slot-button").first)
    page.wait_for_url("**/book/*Z/")
    page.get_by_label("Your name").fill("Demo Reader")
    page.get_by_label("Your email").fill("reader@example.com")
    tap(page.locator("#id_has_storage_consent"))
    page.wait_for_timeout(600)
    tap(page.get_by_role("button", name="Book my call"))
    page.get_by_role("heading", name="Your call is booked").wait_for()

    assert len(taps) <= 4
    assert Booking.objects.get().time_zone == "Australia/Sydney"


def test_every_time_is_named_with_its_day_and_zone(
    live_server, coach_in_chicago, sydney_phone
):
    page = sydney_phone
    page.goto(live_server.url + "/book/")
    page.get_by_text("Times shown in Sydney time (Australia/Sydney)").wait_for()
    days = page.locator("details.slot-day")
    checked = 0

    for index in range(days.count()):
        day = days.nth(index)
        if index:
            day.locator("summary").click()  # every other day is one tap away
        title = day.locator(".slot-day-title").inner_text()
        pattern = re.compile("^" + TIME_NAME.format(day=re.escape(title)))
        slots = day.get_by_role("link")
        for position in range(slots.count()):
            expect(slots.nth(position)).to_have_accessible_name(pattern)
            checked += 1

    assert checked == page.locator(".slot-button").count()
    assert checked > 0


def test_any_day_is_one_tap_away_without_javascript(
    live_server, coach_in_chicago, browser
):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        timezone_id="Australia/Sydney",
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(live_server.url + "/book/")
    last_day = page.locator("details.slot-day").last

    last_day.locator("summary").click()
    last_day.locator(".slot-button").first.click()

    page.wait_for_url("**/book/*Z/")
    context.close()
