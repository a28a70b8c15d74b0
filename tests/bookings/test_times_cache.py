"""/book/ renders a week's times once and reuses them until they change."""

import re
from datetime import time, timedelta

import pytest
import time_machine

from bookings import times_cache
from bookings.forms import STORAGE_WORDING
from bookings.services import book_consult, cancel_booking
from bookings.services.availability import save_availability
from tests.bookings.conftest import NOW, SLOT

pytestmark = pytest.mark.django_db

SLOT_LINK = "/book/2030-01-07T15:00Z/"
NEXT_LINK = "/book/2030-01-07T15:30Z/"


def book_page(client) -> str:
    response = client.get("/book/")
    assert response.status_code == 200
    return response.content.decode()


def without_nonce(html: str) -> str:
    return re.sub(r' nonce="[^"]+"', "", html)


def book_slot(starts_at=SLOT):
    return book_consult(
        starts_at=starts_at,
        name="Ann",
        email="ann@example.com",
        time_zone="Europe/London",
        help_with="",
        has_storage_consent=True,
        storage_wording=STORAGE_WORDING,
    )


def test_a_second_visitor_gets_the_times_without_a_query(
    client, schedule, django_assert_num_queries
):
    first = book_page(client)

    with django_assert_num_queries(0):
        second = book_page(client)

    assert SLOT_LINK in first
    assert without_nonce(second) == without_nonce(first)


def test_each_zone_gets_its_own_times(client, schedule):
    book_page(client)
    client.cookies["tz"] = "Europe/London"

    html = book_page(client)

    assert ">3:00 p.m.<" in html
    assert ">9:00 a.m.<" not in html


def test_a_booked_time_leaves_the_page_at_once(client, schedule):
    assert SLOT_LINK in book_page(client)

    book_slot()

    html = book_page(client)
    assert SLOT_LINK not in html
    assert NEXT_LINK in html


def test_a_cancelled_call_frees_its_time_at_once(client, schedule):
    booking = book_slot()
    assert SLOT_LINK not in book_page(client)

    cancel_booking(booking_id=booking.pk, by_coach=True)

    assert SLOT_LINK in book_page(client)


def test_new_hours_show_at_once(client, schedule):
    assert "/book/2030-01-03T" not in book_page(client)  # no Thursday hours yet

    save_availability(
        settings_values={},
        windows=[(0, time(9), time(12)), (3, time(9), time(12))],
        time_off=[],
    )

    assert "/book/2030-01-03T15:00Z/" in book_page(client)


def test_a_time_leaves_when_it_comes_within_the_notice(client, schedule):
    notice = timedelta(hours=schedule.min_notice_hours)
    with time_machine.travel(SLOT - notice - timedelta(seconds=30), tick=False):
        assert SLOT_LINK in book_page(client)
    with time_machine.travel(SLOT - notice + timedelta(seconds=1), tick=False):
        html = book_page(client)

    assert SLOT_LINK not in html
    assert NEXT_LINK in html


def test_a_list_is_kept_a_minute_at_most():
    far = NOW + timedelta(days=3)
    soon = NOW + timedelta(hours=24, seconds=20)
    notice = timedelta(hours=24)

    assert times_cache.seconds_to_keep(far, now=NOW, notice=notice) == 60
    assert times_cache.seconds_to_keep(soon, now=NOW, notice=notice) == 20
    assert times_cache.seconds_to_keep(None, now=NOW, notice=notice) == 60
    assert times_cache.seconds_to_keep(NOW, now=NOW, notice=notice) == 0


def test_times_are_rendered_when_the_cache_is_down(client, schedule, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(times_cache.cache, "get", down)
    monkeypatch.setattr(times_cache.cache, "add", down)
    monkeypatch.setattr(times_cache.cache, "set", down)

    assert SLOT_LINK in book_page(client)
