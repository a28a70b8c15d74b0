"""One rate limit per visitor for every booking send: booking and moving a call."""

import pytest

from bookings import tokens
from bookings.models import Booking
from tests.bookings.conftest import SLOT_PATH

pytestmark = pytest.mark.django_db


def test_booking_and_rescheduling_share_one_counter(
    client, schedule, form_data, settings
):
    settings.BOOKING_RATE_LIMIT = "1/h"
    client.post(SLOT_PATH, form_data(client))
    token = tokens.manage_token(Booking.objects.get())

    response = client.post(
        f"/book/manage/{token}/reschedule/", {"starts_at": "2030-01-07T16:00Z"}
    )

    assert response.status_code == 429
    assert Booking.objects.get().starts_at.hour == 15
