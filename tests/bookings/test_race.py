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

    def book(self, start: threading.Barrier) -> None:
        request = urllib.request.Request(
            self.url, data=self.data, headers={"Referer": self.url}
        )
        start.wait(timeout=30)
        try:
            with self.opener.open(request, timeout=60) as response:
                self.status = response.status
        except urllib.error.HTTPError as error:
            self.status = error.code


def test_race_sixteen_visitors_one_booking(live_server, schedule, settings):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "1000/m"
    visitors = [Visitor(live_server.url, n) for n in range(VISITORS)]
    for visitor in visitors:
        visitor.open_form()
    start = threading.Barrier(VISITORS)
    threads = [threading.Thread(target=v.book, args=(start,)) for v in visitors]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)

    statuses = sorted(visitor.status for visitor in visitors)
    assert statuses == [302] + [409] * (VISITORS - 1)
    assert Booking.objects.filter(starts_at=SLOT).count() == 1
    assert Booking.objects.count() == 1
    assert Client.objects.count() == 1
