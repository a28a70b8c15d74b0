"""Saving a booking: only the slot constraints mean "that time was just taken"."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError

from bookings.models import Booking
from bookings.services import SlotUnavailable
from bookings.services.booking import _insert_booking
from tests.factories import BookingFactory, ClientFactory

pytestmark = pytest.mark.django_db

START = datetime(2030, 1, 7, 15, tzinfo=UTC)


def _unsaved(**fields) -> Booking:
    client = ClientFactory()
    values = {
        "client": client,
        "starts_at": START,
        "ends_at": START + timedelta(minutes=30),
        "time_zone": client.time_zone,
    }
    return Booking(**values | fields)


def test_insert_booking_same_start_is_slot_unavailable():
    BookingFactory(starts_at=START)

    with pytest.raises(SlotUnavailable):
        _insert_booking(_unsaved())


def test_insert_booking_other_integrity_error_surfaces(monkeypatch):
    # Skip the model checks so the database's own check constraint fires.
    monkeypatch.setattr(Booking, "full_clean", lambda self, **kwargs: None)

    with pytest.raises(IntegrityError) as caught:
        _insert_booking(_unsaved(ends_at=START))

    assert not isinstance(caught.value, SlotUnavailable)
    assert not Booking.objects.exists()


@pytest.mark.postgres
def test_insert_booking_overlap_is_slot_unavailable_on_postgres():
    BookingFactory(starts_at=START)
    later = START + timedelta(minutes=15)

    with pytest.raises(SlotUnavailable):
        _insert_booking(
            _unsaved(starts_at=later, ends_at=later + timedelta(minutes=30))
        )
