"""Emails in the coach's words; "Send it again" goes to her current address."""

from datetime import UTC, datetime
from html import unescape

import pytest
from django.urls import reverse

from bookings import emails
from outbox import services as outbox
from outbox.models import Message
from tests.factories import BookingFactory, ClientFactory, MessageFactory

pytestmark = pytest.mark.django_db


def _failed_confirmation(booking, to_email):
    return Message.objects.create(
        kind="booking.confirmation",
        key=emails.message_key(booking.pk, "confirmation"),
        to_email=to_email,
        context={"booking_id": booking.pk},
        status=Message.Status.FAILED,
        attempts=1,
        last_error="recipient refused (550)",
    )


def test_send_it_again_goes_to_her_corrected_address(
    coach_client, mailoutbox, django_capture_on_commit_callbacks, published
):
    client = ClientFactory(email="ann@exmaple.com")
    booking = BookingFactory(client=client)
    message = _failed_confirmation(booking, "ann@exmaple.com")
    client.email = "ann@example.com"
    client.save()

    with django_capture_on_commit_callbacks(execute=True):
        coach_client.post(reverse("admin:outbox_message_send_again", args=[message.pk]))
    outbox.send_messages(message_ids=[message.pk])

    message.refresh_from_db()
    assert [m.to for m in mailoutbox] == [["ann@example.com"]]
    assert message.status == Message.Status.SENT
    assert message.to_email == "ann@example.com"


def test_failed_email_links_to_the_record_where_the_address_is_fixed(coach_client):
    client = ClientFactory(name="Ann Lee", email="ann@exmaple.com")
    booking = BookingFactory(client=client)
    message = _failed_confirmation(booking, client.email)
    record = reverse("admin:bookings_client_change", args=[client.pk])

    home = coach_client.get(reverse("admin:index"))
    listing = coach_client.get(reverse("admin:outbox_message_changelist"))
    page = coach_client.get(reverse("admin:outbox_message_change", args=[message.pk]))

    for response in (home, listing, page):
        assert f'href="{record}"' in response.text
        assert "Ann Lee's record" in unescape(response.text)


def test_outbox_speaks_plain_words_with_keys_behind_a_fold(coach_client):
    booking = BookingFactory()
    message = Message.objects.create(
        kind="booking.reminder",
        key=emails.message_key(booking.pk, "reminder-24h"),
        to_email=booking.client.email,
        context={"booking_id": booking.pk, "hours": 24},
        due_at=datetime(2030, 1, 6, 15, tzinfo=UTC),
    )

    listing = coach_client.get(reverse("admin:outbox_message_changelist"))
    page = coach_client.get(reverse("admin:outbox_message_change", args=[message.pk]))

    assert "Reminder, 24 hours before" in listing.text
    assert "Due Sun 6 Jan 2030, 9:00 a.m." in listing.text
    assert "Waiting to be sent" in listing.text
    assert "booking.reminder" not in listing.text.split('id="changelist-filter"')[0]
    assert "America/Chicago" in listing.text
    fold = page.text.index("Technical details")
    assert page.text.index("Reminder, 24 hours before") < fold
    assert page.text.index(message.key) > fold
    assert "collapse" in page.text


def test_failed_email_says_why_in_one_sentence(coach_client):
    booking = BookingFactory()
    _failed_confirmation(booking, booking.client.email)

    listing = coach_client.get(reverse("admin:outbox_message_changelist"))

    assert "The receiving mail server refused the address (code 550)" in listing.text


def test_send_it_again_is_post_only_and_refuses_a_sent_email(coach_client):
    message = MessageFactory(status=Message.Status.SENT)
    url = reverse("admin:outbox_message_send_again", args=[message.pk])

    get = coach_client.get(url)
    post = coach_client.post(url, follow=True)

    message.refresh_from_db()
    assert get.status_code == 405
    assert post.status_code == 200
    assert message.status == Message.Status.SENT
    assert "Only a failed message can be sent again." in post.text


def test_resend_action_counts_in_good_english(
    admin_client, django_capture_on_commit_callbacks, published
):
    failed = [MessageFactory(status="failed") for _ in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:outbox_message_changelist"),
            {"action": "resend", "_selected_action": [m.pk for m in failed]},
            follow=True,
        )

    assert "3 emails queued to send again" in response.text
