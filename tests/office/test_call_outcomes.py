"""Held / No-show buttons on Your week and the call's page; moved calls' wording."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from bookings.models import Booking, Client
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db

# Wednesday 2 December 2026, 12:00 in Chicago.
NOW = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _outcome(browser, booking, outcome, next_url=""):
    return browser.post(
        reverse("admin:bookings_booking_outcome", args=[booking.pk]),
        {"outcome": outcome, "next": next_url},
        follow=True,
    )


def test_your_week_offers_held_and_no_show_for_a_call_that_started(clock, coach_client):
    booking = BookingFactory(starts_at=NOW - timedelta(hours=2))

    response = coach_client.get(reverse("admin:index"))

    action = reverse("admin:bookings_booking_outcome", args=[booking.pk])
    assert f'action="{action}"' in response.text
    assert 'value="held"' in response.text
    assert 'value="no_show"' in response.text


def test_your_week_offers_no_buttons_before_the_call(clock, coach_client):
    booking = BookingFactory(starts_at=NOW + timedelta(hours=2))

    response = coach_client.get(reverse("admin:index"))

    assert reverse("admin:bookings_booking_outcome", args=[booking.pk]) not in (
        response.text
    )


def test_held_button_marks_the_call_and_her_record(clock, coach_client):
    booking = BookingFactory(starts_at=NOW - timedelta(hours=2))
    Client.objects.filter(pk=booking.client_id).update(
        status=Client.Status.CONSULT_BOOKED
    )

    response = _outcome(coach_client, booking, "held", reverse("admin:index"))

    booking.refresh_from_db()
    booking.client.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    assert booking.client.status == Client.Status.CONSULT_HELD
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert "marked as held" in response.text
    assert "Change to no-show" in response.text


def test_no_show_button_then_the_way_back_to_held(clock, coach_client):
    booking = BookingFactory(starts_at=NOW - timedelta(hours=2))

    _outcome(coach_client, booking, "no_show")
    page = coach_client.get(reverse("admin:bookings_booking_change", args=[booking.pk]))
    _outcome(coach_client, booking, "held")

    booking.refresh_from_db()
    assert "Change to held" in page.text
    assert booking.status == Booking.Status.COMPLETED


def test_call_page_has_the_buttons_not_an_action_dropdown(clock, coach_client):
    booking = BookingFactory(starts_at=NOW - timedelta(hours=2))

    response = coach_client.get(
        reverse("admin:bookings_booking_change", args=[booking.pk])
    )

    assert "How did the call go?" in response.text
    assert 'value="mark_held"' not in response.text


def test_outcome_button_is_post_only(clock, coach_client):
    booking = BookingFactory(starts_at=NOW - timedelta(hours=2))

    response = coach_client.get(
        reverse("admin:bookings_booking_outcome", args=[booking.pk])
    )

    assert response.status_code == 405


@pytest.mark.parametrize("outcome", ["", "cancelled", "held\x00"])
def test_outcome_refuses_unknown_values_without_a_500(clock, coach_client, outcome):
    booking = BookingFactory(starts_at=NOW - timedelta(hours=2))

    response = _outcome(coach_client, booking, outcome)

    booking.refresh_from_db()
    assert response.status_code == 200
    assert booking.status == Booking.Status.CONFIRMED


def test_outcome_explains_a_call_that_has_not_started(clock, coach_client):
    booking = BookingFactory(starts_at=NOW + timedelta(days=1))

    response = _outcome(coach_client, booking, "held")

    assert "This call has not started yet." in response.text


def test_outcome_never_redirects_off_the_site(clock, coach_client):
    booking = BookingFactory(starts_at=NOW - timedelta(hours=2))

    response = coach_client.post(
        reverse("admin:bookings_booking_outcome", args=[booking.pk]),
        {"outcome": "held", "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse(
        "admin:bookings_booking_change", args=[booking.pk]
    )


def test_list_action_speaks_good_english(clock, admin_client):
    bookings = [BookingFactory(starts_at=NOW - timedelta(hours=h)) for h in (2, 3, 4)]

    response = admin_client.post(
        reverse("admin:bookings_booking_changelist"),
        {"action": "mark_held", "_selected_action": [b.pk for b in bookings]},
        follow=True,
    )

    assert "3 calls marked as held." in response.text
    assert "(s)" not in response.text


def test_a_moved_call_says_where_it_went_not_cancelled(clock, coach_client):
    old = BookingFactory(
        starts_at=datetime(2026, 12, 2, 21, tzinfo=UTC),
        status=Booking.Status.CANCELLED,
    )
    BookingFactory(
        client=old.client,
        starts_at=datetime(2026, 12, 3, 21, tzinfo=UTC),
        rescheduled_from=old,
    )

    listing = coach_client.get(reverse("admin:bookings_booking_changelist"))
    page = coach_client.get(reverse("admin:bookings_booking_change", args=[old.pk]))

    assert "Moved to Thu 3 Dec, 3:00 p.m." in listing.text
    assert "Moved to Thu 3 Dec, 3:00 p.m." in page.text
    assert 'class="field-status_in_words">Cancelled<' not in listing.text
