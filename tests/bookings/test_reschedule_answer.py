"""A moved call keeps her health answer in one place: the booking holding the time."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.urls import reverse

from bookings.models import Booking
from bookings.services import reschedule_booking
from tests.bookings.conftest import SLOT
from tests.conftest import verify_two_factor
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db

ANSWER = "Brain fog after lunch"


def test_reschedule_moves_the_answer_and_clears_the_old_booking(schedule):
    old = BookingFactory(starts_at=SLOT, help_with=ANSWER)

    new = reschedule_booking(booking_id=old.pk, starts_at=SLOT + timedelta(hours=1))

    old.refresh_from_db()
    assert old.help_with == ""
    assert Booking.objects.get(pk=new.pk).help_with == ANSWER


def test_client_page_shows_a_moved_answer_once(client, admin_user, schedule):
    # After the clock moved, so the session is fresh; both factors, as required.
    verify_two_factor(client, admin_user)
    old = BookingFactory(starts_at=SLOT, help_with=ANSWER)
    reschedule_booking(booking_id=old.pk, starts_at=SLOT + timedelta(hours=1))

    url = reverse("admin:bookings_client_change", args=[old.client_id])
    html = client.get(url).content.decode()

    assert html.count(ANSWER) == 1


def test_migration_keeps_copied_answers_once(schedule):
    old = BookingFactory(starts_at=SLOT, help_with=ANSWER, status="cancelled")
    BookingFactory(
        starts_at=SLOT + timedelta(hours=1), rescheduled_from=old, help_with=ANSWER
    )
    edited_old = BookingFactory(
        starts_at=SLOT + timedelta(hours=2), help_with="first", status="cancelled"
    )
    BookingFactory(
        starts_at=SLOT + timedelta(hours=3),
        rescheduled_from=edited_old,
        help_with="edited",
    )
    migration = importlib.import_module(
        "bookings.migrations.0003_help_answer_kept_once"
    )

    migration.keep_answer_once(apps, None)

    answers = dict(Booking.objects.values_list("starts_at", "help_with"))
    assert answers[SLOT] == ""
    assert answers[SLOT + timedelta(hours=1)] == ANSWER
    assert answers[SLOT + timedelta(hours=2)] == "first"
