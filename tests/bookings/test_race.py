"""Sixteen people press "Book my call" for the same time at the same moment."""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest

from bookings.models import Booking, Client
from tests.bookings.conftest import SLOT, SLOT_PATH

pytestmark = pytest.mark.django_db(transaction=True)

VISITORS = 16


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no {name} field on the page"
    return match.group(1)


class Visitor:
    """One browser: its own cookies, CSRF token and form stamp."""

    def __init__(self, base_url: str, number: int):
        self.url = base_url + SLOT_PATH
        self.number = number
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )
        self.status = None

    def open_form(self) -> None:
        with self.opener.open(self.url, timeout=30) as response:
            html = response.read().decode()
        self.data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": _hidden(html, "csrfmiddlewaretoken"),
                "stamp": _hidden(html, "stamp"),
                "time_zone": "Europe/London",
                "name": f"Racer {self.number}",
                "email": f"racer{self.number}@example.com",
                "help_with": "Energy.",
                "has_storage_consent": "on",
            }
        ).encode()

    def book(self, start: threading.Barrier) -> tuple[int, str]:
        request = urllib.request.Request(
            self.url, data=self.data, headers={"Referer": self.url}
        )
        start.wait(timeout=30)
        try:
            with self.opener.open(request, timeout=60) as response:
                self.status, location = response.status, ""
        except urllib.error.HTTPError as error:
            self.status, location = error.code, error.headers.get("Location", "")
        return self.status, location


def _at_once(count: int, send) -> list:
    """Run `send(index, barrier)` in `count` threads released together."""
    start = threading.Barrier(count)
    results = [None] * count

    def run(index):
        results[index] = send(index, start)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return results


def test_race_sixteen_visitors_one_booking(live_server, schedule, settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "1000/m"
    visitors = [Visitor(live_server.url, n) for n in range(VISITORS)]
    for visitor in visitors:
        visitor.open_form()

    _at_once(VISITORS, lambda index, start: visitors[index].book(start))

    statuses = sorted(visitor.status for visitor in visitors)
    assert statuses == [302] + [409] * (VISITORS - 1)
    assert Booking.objects.filter(starts_at=SLOT).count() == 1
    assert Booking.objects.count() == 1
    assert Client.objects.count() == 1


def test_race_one_form_sent_three_times_at_once_gets_one_confirmation(
    live_server, schedule, settings
):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "1000/m"
    outcomes = []
    for round_ in range(6):  # six times, on six different times of day
        visitor = Visitor(live_server.url, round_)
        hour, minute = 15 + round_ // 2, 30 * (round_ % 2)
        visitor.url = live_server.url + f"/book/2030-01-07T{hour}:{minute:02d}Z/"
        visitor.open_form()

        outcomes.append(_at_once(3, lambda index, start, v=visitor: v.book(start)))

    for results in outcomes:
        statuses = [status for status, _ in results]
        locations = {location for _, location in results}
        assert statuses == [302, 302, 302]
        assert len(locations) == 1 and "/book/confirmed/" in locations.pop()
    assert Booking.objects.count() == 6
