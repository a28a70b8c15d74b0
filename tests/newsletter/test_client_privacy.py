"""The back office's export and erase of a client cover her subscription too."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import services as bookings_services
from bookings.models import Client
from newsletter import emails as newsletter_emails
from newsletter.models import Subscriber
from tests.factories import ClientFactory, SubscriberFactory, WeeklyWindowFactory

pytestmark = pytest.mark.django_db


def test_client_export_includes_her_subscription(admin_client):
    client = ClientFactory(email="anna@example.com")
    SubscriberFactory(email="anna@example.com")

    response = admin_client.get(
        reverse("admin:bookings_client_export", args=[client.pk])
    )

    data = json.loads(response.content)
    assert data["newsletter"]["email"] == "anna@example.com"


def test_client_erase_removes_her_subscription(admin_client):
    client = ClientFactory(email="anna@example.com")
    SubscriberFactory(email="anna@example.com")
    SubscriberFactory(email="other@example.com")

    response = admin_client.post(
        reverse("admin:bookings_client_erase", args=[client.pk])
    )

    assert response.status_code == 302
    assert list(Subscriber.objects.values_list("email", flat=True)) == [
        "other@example.com"
    ]


def _stale(client):
    then = timezone.now() - timedelta(days=400)
    Client.objects.filter(pk=client.pk).update(created_at=then, updated_at=then)


def test_retention_erases_her_subscription_as_the_admin_erase_does(settings):
    settings.CLIENT_RETENTION_MONTHS = 12
    lead = ClientFactory(email="anna@example.com", status=Client.Status.LEAD)
    SubscriberFactory(email="anna@example.com", client=lead)
    SubscriberFactory(email="other@example.com")
    _stale(lead)

    assert bookings_services.erase_stale_leads() == 1

    assert list(Subscriber.objects.values_list("email", flat=True)) == [
        "other@example.com"
    ]


def test_erase_service_voids_her_unsent_newsletter_emails(queued):
    client = ClientFactory(email="anna@example.com")
    subscriber = SubscriberFactory(email="anna@example.com", status="pending")
    newsletter_emails.queue_confirmation(subscriber, now=timezone.now())

    bookings_services.erase_client(client_id=client.pk)

    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert [m.status for m in queued("newsletter.confirm")] == ["void"]


def test_client_export_service_includes_her_subscription():
    client = ClientFactory(email="anna@example.com")
    SubscriberFactory(email="anna@example.com", first_name="Anna")

    data = bookings_services.client_data_export(client_id=client.pk)

    assert data["newsletter"]["first_name"] == "Anna"


def test_booking_with_the_news_box_reaches_the_newsletter_through_its_part(
    settings, queued
):
    settings.BOOKING_MIN_FILL_SECONDS = 0
    WeeklyWindowFactory()
    starts_at = bookings_services.free_slots(
        timezone.now(), timezone.now() + timedelta(days=14)
    )[0]

    bookings_services.book_consult(
        starts_at=starts_at,
        name="<Anna> Smith",
        email="anna@example.com",
        time_zone="Europe/London",
        help_with="",
        has_storage_consent=True,
        storage_wording="Keep my details",
        wants_news=True,
        news_wording="Send me news.",
    )

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.first_name == ""  # "<Anna>" is no name for an email header
    assert subscriber.client == Client.objects.get()
    assert len(queued("newsletter.confirm")) == 1
