import json
import logging
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from bookings import services, tasks
from bookings.models import Booking, Client, ClientNote, Consent, ErasureRecord
from tests.conftest import verify_two_factor
from tests.factories import BookingFactory, ClientFactory

pytestmark = pytest.mark.django_db

SECRET_ANSWER = "Relapse in March; taking steroids."


@pytest.fixture
def anna():
    client = ClientFactory(name="Anna Private", email="anna@example.com")
    Consent.objects.create(
        client=client,
        kind="storage",
        wording="Keep my details",
        given_at=timezone.now(),
    )
    services.add_client_note(client_id=client.pk, body="Prefers mornings")
    return client


def test_export_holds_everything_about_her(admin_client, anna):
    BookingFactory(client=anna, help_with=SECRET_ANSWER)

    response = admin_client.get(reverse("admin:bookings_client_export", args=[anna.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["client"]["email"] == "anna@example.com"
    assert data["bookings"][0]["her_answer"] == SECRET_ANSWER
    assert data["consents"][0]["wording"] == "Keep my details"
    assert data["notes"][0]["note"] == "Prefers mornings"
    assert "emails" in data


def test_erase_asks_for_confirmation_first(admin_client, anna):
    url = reverse("admin:bookings_client_erase", args=[anna.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert "cannot be undone" in response.text
    anna.refresh_from_db()
    assert anna.erased_at is None


def test_erase_anonymises_and_cancels_future_calls(admin_client, admin_user, anna):
    past = BookingFactory(
        client=anna,
        starts_at=timezone.now() - timedelta(days=10),
        status=Booking.Status.COMPLETED,
        help_with=SECRET_ANSWER,
    )
    future = BookingFactory(client=anna, starts_at=timezone.now() + timedelta(days=3))

    response = admin_client.post(reverse("admin:bookings_client_erase", args=[anna.pk]))

    assert response.status_code == 302
    anna.refresh_from_db()
    past.refresh_from_db()
    future.refresh_from_db()
    assert anna.name == "Erased client"
    assert "anna" not in anna.email
    assert anna.erased_at is not None
    assert past.help_with == ""
    assert past.status == Booking.Status.COMPLETED
    assert future.status == Booking.Status.CANCELLED
    assert not Consent.objects.filter(client=anna).exists()
    assert not ClientNote.objects.filter(client=anna).exists()
    record = ErasureRecord.objects.get()
    assert (record.bookings_cancelled, record.bookings_kept) == (1, 2)
    assert record.erased_by == admin_user


def test_erase_log_has_no_personal_data(anna, caplog):
    BookingFactory(client=anna, help_with=SECRET_ANSWER)

    with caplog.at_level(logging.INFO):
        services.erase_client(client_id=anna.pk)

    assert "erased" in caplog.text
    for secret in ["Anna", "anna@example.com", SECRET_ANSWER, "mornings"]:
        assert secret not in caplog.text


def test_erase_is_refused_during_a_call_in_progress(admin_client, anna):
    BookingFactory(
        client=anna,
        starts_at=timezone.now() - timedelta(minutes=10),
        ends_at=timezone.now() + timedelta(minutes=20),
    )

    response = admin_client.post(
        reverse("admin:bookings_client_erase", args=[anna.pk]), follow=True
    )

    assert response.status_code == 200
    assert "call in progress" in response.text
    anna.refresh_from_db()
    assert anna.erased_at is None
    assert not ErasureRecord.objects.exists()


def test_erase_twice_is_refused(anna):
    services.erase_client(client_id=anna.pk)

    with pytest.raises(ValidationError):
        services.erase_client(client_id=anna.pk)


def test_erase_post_without_csrf_token_is_refused(admin_user, anna):
    browser = HttpClient(enforce_csrf_checks=True)
    verify_two_factor(browser, admin_user)

    response = browser.post(reverse("admin:bookings_client_erase", args=[anna.pk]))

    assert response.status_code == 403
    anna.refresh_from_db()
    assert anna.erased_at is None


def test_note_post_without_csrf_token_is_refused(admin_user, anna):
    browser = HttpClient(enforce_csrf_checks=True)
    verify_two_factor(browser, admin_user)

    response = browser.post(
        reverse("admin:bookings_client_change", args=[anna.pk]),
        {"notes-TOTAL_FORMS": "1", "notes-0-body": "forged"},
    )

    assert response.status_code == 403
    assert not ClientNote.objects.filter(body="forged").exists()


def _age(client, days):
    then = timezone.now() - timedelta(days=days)
    Client.objects.filter(pk=client.pk).update(created_at=then, updated_at=then)


def test_retention_erases_only_stale_leads_without_bookings(settings, caplog):
    settings.CLIENT_RETENTION_MONTHS = 12
    stale = ClientFactory(status=Client.Status.LEAD)
    recent = ClientFactory(status=Client.Status.LEAD)
    booked = ClientFactory(status=Client.Status.LEAD)
    BookingFactory(client=booked, status=Booking.Status.CANCELLED)
    customer = ClientFactory(status=Client.Status.CLIENT)
    for old in (stale, booked, customer):
        _age(old, 400)
    _age(recent, 200)

    with caplog.at_level(logging.INFO):
        erased = tasks.erase_stale_leads.apply().get()

    assert erased == 1
    assert list(Client.objects.filter(erased_at__isnull=False)) == [stale]
    assert ErasureRecord.objects.get().reason == "retention"
    assert "Retention: 1 inactive leads erased" in caplog.text


def test_retention_period_is_a_setting(settings):
    settings.CLIENT_RETENTION_MONTHS = 3
    lead = ClientFactory(status=Client.Status.LEAD)
    _age(lead, 120)

    assert services.erase_stale_leads() == 1


def test_retention_task_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["bookings.erase_stale_leads"]

    assert entry["task"] == "bookings.tasks.erase_stale_leads"


@pytest.mark.parametrize(
    "name", ["admin:bookings_client_export", "admin:bookings_client_erase"]
)
def test_privacy_pages_for_an_unknown_client_are_404(admin_client, name):
    assert admin_client.get(reverse(name, args=[987654])).status_code == 404
