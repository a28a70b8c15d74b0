import json

import pytest
from django.urls import reverse

from bookings import services
from outbox.models import Message
from tests.factories import BookingFactory, ClientFactory

pytestmark = pytest.mark.django_db


def _message(key, to_email, status, kind="booking.confirmation"):
    return Message.objects.create(kind=kind, key=key, to_email=to_email, status=status)


def test_home_lists_failed_emails_with_a_resend_button(admin_client):
    failed = _message("booking:1:confirmation", "ann@example.com", "failed")
    _message("booking:2:confirmation", "bea@example.com", "sent")

    home = admin_client.get(reverse("admin:index"))
    resend = admin_client.post(
        reverse("admin:outbox_message_changelist"),
        {"action": "resend", "_selected_action": [failed.pk]},
    )

    assert "ann@example.com" in home.text
    assert "bea@example.com" not in home.text
    assert "Send it again" in home.text
    assert resend.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Message.Status.PENDING


def test_export_lists_the_emails_sent_to_her(admin_client):
    client = ClientFactory(email="Ann@Example.com")
    _message("booking:7:confirmation", "ann@example.com", "sent")
    _message("booking:8:confirmation", "someone@example.com", "sent")

    response = admin_client.get(
        reverse("admin:bookings_client_export", args=[client.pk])
    )

    emails = json.loads(response.content)["emails"]
    assert [e["kind"] for e in emails] == ["booking.confirmation"]
    assert emails[0]["status"] == "sent"


def test_erase_voids_her_pending_emails_and_hides_her_address():
    client = ClientFactory(email="ann@example.com")
    booking = BookingFactory(client=client)
    pending = _message(f"booking:{booking.pk}:reminder", "ann@example.com", "pending")
    failed = _message("newsletter:post:1:sub:9", "ann@example.com", "failed")
    sent = _message(f"booking:{booking.pk}:confirmation", "ann@example.com", "sent")
    other = _message("booking:999:reminder", "bea@example.com", "pending")

    record = services.erase_client(client_id=client.pk)

    for message in (pending, failed, sent, other):
        message.refresh_from_db()
    assert pending.status == failed.status == Message.Status.VOID
    assert sent.status == Message.Status.SENT
    assert sent.to_email.endswith("@erased.invalid")
    assert other.status == Message.Status.PENDING
    assert record.emails_voided == 2
