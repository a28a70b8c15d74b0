"""The database itself refuses overlapping confirmed calls on PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from bookings.models import Booking
from tests.factories import BookingFactory, ClientFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

START = datetime(2030, 1, 7, 15, tzinfo=UTC)


def test_exclusion_constraint_rejects_an_overlapping_insert():
    BookingFactory(starts_at=START)  # 15:00 to 15:30

    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        Booking.objects.create(
            client=ClientFactory(),
            starts_at=START + timedelta(minutes=10),
            ends_at=START + timedelta(minutes=40),
            help_with="Bypassing the service.",
            time_zone="UTC",
        )

    assert "bookings_booking_no_overlap" in str(excinfo.value)


def test_exclusion_constraint_allows_back_to_back_and_cancelled_calls():
    first = BookingFactory(starts_at=START)
    BookingFactory(
        starts_at=START + timedelta(minutes=10), status=Booking.Status.CANCELLED
    )

    BookingFactory(starts_at=START + timedelta(minutes=30), client=first.client)

    assert Booking.objects.active().count() == 2


def test_exclusion_constraint_rejects_an_overlapping_update():
    BookingFactory(starts_at=START)
    other = BookingFactory(
        starts_at=START + timedelta(minutes=15), status=Booking.Status.CANCELLED
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.filter(pk=other.pk).update(status=Booking.Status.CONFIRMED)
