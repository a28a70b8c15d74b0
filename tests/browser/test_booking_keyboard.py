"""With the keyboard alone: focus starts at the free times, each day is a few
keys away, and the focus ring is not the colour of an error."""

import zoneinfo
from datetime import time, timedelta

import pytest
from django.utils import timezone

from bookings.services import free_slots
from tests.factories import WeeklyWindowFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_days(settings, site_pages):
    settings.COACH_TIME_ZONE = "Europe/London"
    for weekday in range(7):
        WeeklyWindowFactory(weekday=weekday, starts_at=time(9), ends_at=time(17))


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName, id: el.id, text: el.textContent.trim(),
                    href: el.getAttribute('href') || '',
                    outline: getComputedStyle(el).outlineColor};
        }"""
    )


def test_book_page_starts_focus_at_the_free_times(live_server, browser, open_days):
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()

    page.goto(f"{live_server.url}/book/")
    page.wait_for_load_state("load")
    start = _focused(page)
    page.keyboard.press("Tab")
    first_tab = _focused(page)
    context.close()

    assert (start["tag"], start["id"]) == ("H2", "free-times")
    assert first_tab["href"].startswith("#day-")


def test_fifth_day_first_time_is_a_few_keys_away(live_server, browser, open_days):
    now = timezone.now()
    london = zoneinfo.ZoneInfo("Europe/London")
    days = sorted(
        {s.astimezone(london).date() for s in free_slots(now, now + timedelta(days=7))}
    )
    target = days[4]
    first_time = min(
        s
        for s in free_slots(now, now + timedelta(days=8))
        if s.astimezone(london).date() == target
    )
    context = browser.new_context(timezone_id="Europe/London")
    page = context.new_page()
    page.goto(f"{live_server.url}/book/")
    page.wait_for_load_state("load")

    tabs = 0
    while _focused(page)["href"] != f"#day-{target:%Y-%m-%d}" and tabs < 30:
        page.keyboard.press("Tab")
        tabs += 1
    page.keyboard.press("Enter")
    on_day = _focused(page)
    page.keyboard.press("Tab")
    tabs += 1
    on_time = _focused(page)
    context.close()

    assert on_day["tag"] == "SUMMARY"
    assert f"{target:%A} {target.day}" in on_day["text"]
    assert first_time.strftime("%Y-%m-%dT%H:%MZ") in on_time["href"]
    assert tabs <= 7


def test_focus_ring_is_blue_not_error_red(live_server, browser, open_days):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/book/")
    page.wait_for_load_state("load")

    page.keyboard.press("Tab")
    ring = _focused(page)["outline"]
    context.close()

    assert ring == "rgb(26, 115, 232)"


def test_a_browser_reporting_an_old_zone_name_sees_todays(
    live_server, browser, open_days
):
    context = browser.new_context(timezone_id="Asia/Calcutta")
    page = context.new_page()

    page.goto(f"{live_server.url}/book/")
    page.wait_for_load_state("load")
    page.get_by_text("Times shown in Kolkata time (Asia/Kolkata).").wait_for()
    options = page.eval_on_selector_all(
        "#tz-select option", "els => els.map(e => e.text)"
    )
    context.close()

    assert "Kolkata time (detected)" in options
    assert not [text for text in options if "Calcutta" in text]


def test_an_old_zone_name_in_her_cookie_does_not_reload_the_page(
    live_server, browser, open_days
):
    context = browser.new_context(timezone_id="Asia/Calcutta")
    context.add_cookies(
        [{"name": "tz", "value": "Asia/Calcutta", "url": live_server.url}]
    )
    page = context.new_page()

    page.goto(f"{live_server.url}/book/")
    page.wait_for_load_state("load")
    page.wait_for_timeout(1000)
    how = page.evaluate("performance.getEntriesByType('navigation')[0].type")
    context.close()

    assert how == "navigate"
