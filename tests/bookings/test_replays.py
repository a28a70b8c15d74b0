"""A form sent twice: the same browser gets the same confirmation, nobody else does."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as Browser

from bookings.forms import STAMP_MAX_AGE
from bookings.models import Booking
from bookings.services import book_consult
from bookings.tokens import manage_token
from tests.bookings.conftest import NOW, SLOT, SLOT_PATH


@pytest.mark.django_db
def test_details_post_stale_stamp_is_sent_back_to_check(
    client, schedule, form_data, clock
):
    data = form_data(client)
    clock.shift(STAMP_MAX_AGE + timedelta(minutes=1))

    response = client.post(SLOT_PATH, data)

    assert response.status_code == 200
    assert "check your details" in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_details_post_stamp_a_little_younger_than_the_limit_books(
    client, schedule, form_data, clock
):
    data = form_data(client)
    clock.shift(STAMP_MAX_AGE - timedelta(minutes=5))

    response = client.post(SLOT_PATH, data)

    assert response.status_code == 302


@pytest.mark.django_db
def test_details_post_replay_from_another_browser_gets_no_manage_link(
    client, schedule, form_data
):
    data = form_data(client)
    client.post(SLOT_PATH, data)
    stranger = Browser()
    stranger.get(SLOT_PATH)

    response = stranger.post(SLOT_PATH, data)

    token = manage_token(Booking.objects.get())
    assert response.status_code == 200
    assert token not in response.headers.get("Location", "")
    assert token not in response.content.decode()
    assert "check your details" in response.content.decode()
    assert Booking.objects.count() == 1


@pytest.mark.django_db
def test_details_post_replay_in_the_same_browser_goes_to_the_same_confirmation(
    client, schedule, form_data
):
    data = form_data(client)
    first = client.post(SLOT_PATH, data)

    again = client.post(SLOT_PATH, data)

    assert again.status_code == 302
    assert again.headers["Location"] == first.headers["Location"]
    assert Booking.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_book_consult_same_form_three_threads_at_once_one_booking(schedule):
    start = threading.Barrier(3)
    results, errors = [], []

    def send():
        try:
            start.wait(timeout=10)
            booking = book_consult(
                starts_at=SLOT,
                name="Ann",
                email="ann@example.com",
                time_zone="Europe/London",
                help_with="",
                has_storage_consent=True,
                storage_wording="I agree.",
                form_nonce="the-same-form",
                now=NOW,
            )
            results.append(booking.pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(results) == 3 and len(set(results)) == 1
    assert Booking.objects.count() == 1
