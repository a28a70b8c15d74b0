"""The back office's export and erase of a client cover her subscription too."""

import json

import pytest
from django.urls import reverse

from newsletter.models import Subscriber
from tests.factories import ClientFactory, SubscriberFactory

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
