"""Moving a call on a phone takes a confirming tap; her old link then leads on."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from bookings import services, tokens
from bookings.models import Booking
from tests.factories import BookingFactory, WeeklyWindowFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def booking(settings, site_pages):
    settings.BOOKING_RATE_LIMIT = "1000/h"
    for weekday in range(7):
        WeeklyWindowFactory(weekday=weekday, starts_at=time(9), ends_at=time(17))
    now = timezone.now()
    slot = services.free_slots(now + timedelta(days=3), now + timedelta(days=9))[0]
    return BookingFactory(starts_at=slot, ends_at=slot + timedelta(minutes=30))


def test_moving_asks_first_and_the_old_link_says_where_it_went(
    live_server, phone_page, booking
):
    token = tokens.manage_token(booking)
    page = phone_page

    page.goto(f"{live_server.url}/book/manage/{token}/")
    page.get_by_role("link", name="Change the time").click()
    page.locator(".slot-button").nth(1).click()
    page.get_by_role("heading", name="Move your call to").wait_for()
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED
    question = page.locator("h1").inner_text()
    page.get_by_role("button", name="Yes, move my call").click()
    page.get_by_role("heading", name="Your call is booked").wait_for()
    moved = Booking.objects.get(status=Booking.Status.CONFIRMED)
    page.goto(f"{live_server.url}/book/manage/{token}/")
    old_link = page.locator("main").inner_text()

    assert moved.rescheduled_from_id == booking.pk
    assert question.endswith("?")
    assert "Your call was moved" in old_link
    assert tokens.manage_token(moved) not in page.content()
