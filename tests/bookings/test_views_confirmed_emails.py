"""The confirmation page says which emails are on their way, and only those."""

import pytest

from bookings.models import Booking
from bookings.tokens import manage_token
from outbox.models import Message
from tests.bookings.conftest import SLOT_PATH
from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def _book(client, form_data, path=SLOT_PATH, **overrides):
    response = client.post(path, form_data(client, path=path, **overrides))
    assert response.status_code == 302
    return client.get(response.headers["Location"]).content.decode()


def test_confirmed_page_names_her_confirmation_email(client, schedule, form_data):
    html = _book(client, form_data)

    assert "An email is on the way" in html
    assert "Your confirmation, with the calendar invitation" in html
    assert "newsletter" not in html


def test_confirmed_page_names_the_newsletter_email_when_one_is_sent(
    client, schedule, form_data
):
    html = _book(client, form_data, wants_news="on")

    assert "Two emails are on the way" in html
    assert "confirm your newsletter sign-up" in html
    assert Message.objects.filter(kind__startswith="newsletter.").count() == 1


def test_confirmed_page_claims_no_newsletter_email_for_a_subscriber(
    client, schedule, form_data
):
    SubscriberFactory(email="visitor@example.com")

    html = _book(client, form_data, wants_news="on")

    assert not Message.objects.filter(kind__startswith="newsletter.").exists()
    assert "An email is on the way" in html
    assert "Two emails" not in html
    assert "confirm your newsletter sign-up" not in html
    assert "No newsletter email this time" in html


def test_confirmed_page_claims_no_second_newsletter_email_within_the_hour(
    client, schedule, form_data
):
    _book(client, form_data, wants_news="on")

    html = _book(client, form_data, "/book/2030-01-07T16:00Z/", wants_news="on")

    assert Message.objects.filter(kind__startswith="newsletter.").count() == 1
    assert "Two emails" not in html


def test_confirmed_page_after_a_move_names_the_new_time_email(
    client, schedule, form_data
):
    _book(client, form_data)
    token = manage_token(Booking.objects.get())

    response = client.post(
        f"/book/manage/{token}/reschedule/", {"starts_at": "2030-01-09T16:00Z"}
    )

    html = client.get(response.headers["Location"]).content.decode()
    assert "Your new time, with the calendar invitation" in html
