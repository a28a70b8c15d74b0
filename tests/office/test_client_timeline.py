"""The client record: one timeline, her zone from a list, erase as the only way."""

from datetime import UTC, date, datetime
from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse

from bookings import emails
from bookings.admin import ClientAdmin
from bookings.admin.record import Entry, add_record_part, remove_record_part
from bookings.models import Booking, Client, ClientNote
from bookings.services import change_client_status
from outbox.models import Message
from tests.factories import BookingFactory, ClientFactory, SubscriberFactory
from tests.office.test_client_record import _change_data

pytestmark = pytest.mark.django_db


def _page(client):
    return reverse("admin:bookings_client_change", args=[client.pk])


def _history(response) -> str:
    text = unescape(response.text)
    return text[text.index("Her history, newest first") :]


def test_timeline_holds_notes_status_calls_and_emails_newest_first(coach_client):
    client = ClientFactory(name="Ann Lee")
    booking = BookingFactory(
        client=client, starts_at=datetime(2030, 1, 7, 15, tzinfo=UTC)
    )
    Message.objects.create(
        kind="booking.confirmation",
        key=emails.message_key(booking.pk, "confirmation"),
        to_email=client.email,
        context={"booking_id": booking.pk},
        status=Message.Status.SENT,
        due_at=datetime(2030, 1, 1, 12, tzinfo=UTC),
        sent_at=datetime(2030, 1, 1, 12, tzinfo=UTC),
    )
    change_client_status(
        client=client,
        to_status=Client.Status.CONSULT_BOOKED,
        now=datetime(2030, 1, 2, tzinfo=UTC),
    )
    ClientNote.objects.create(
        client=client,
        body="Prefers mornings.",
        created_at=datetime(2030, 1, 9, tzinfo=UTC),
    )

    history = _history(coach_client.get(_page(client)))

    headings = [
        "Note by the site",
        "Call: Confirmed",
        "Status: Lead → Consult booked",
        "Email: Confirmation of her call",
    ]
    positions = [history.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Prefers mornings." in history
    assert "CLIENT STATUS CHANGE" not in history.upper().replace("STATUS:", "")


def test_timeline_says_a_moved_call_moved(coach_client):
    old = BookingFactory(
        starts_at=datetime(2030, 1, 7, 15, tzinfo=UTC), status=Booking.Status.CANCELLED
    )
    BookingFactory(
        client=old.client,
        starts_at=datetime(2030, 1, 10, 21, tzinfo=UTC),
        rescheduled_from=old,
    )

    history = _history(coach_client.get(_page(old.client)))

    assert "Call: Moved to Thu 10 Jan, 3:00 p.m." in history
    assert "Call: Cancelled" not in history


def test_her_zone_is_a_choice_list_of_real_zones(coach_client):
    client = ClientFactory(time_zone="Europe/London")

    response = coach_client.get(_page(client))

    html = response.text
    assert '<select name="time_zone"' in html
    assert '<option value="Europe/London" selected>' in html
    assert 'value="Asia/Kolkata"' in html
    assert 'value="EST"' not in html


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "Europe/London\x00"])
def test_a_zone_not_in_the_list_is_refused_without_a_500(coach_client, zone):
    client = ClientFactory(time_zone="Europe/London")

    response = coach_client.post(_page(client), _change_data(client, time_zone=zone))

    client.refresh_from_db()
    assert response.status_code == 200
    assert client.time_zone == "Europe/London"


def test_her_zone_is_saved_from_the_list(coach_client):
    client = ClientFactory(time_zone="Europe/London")

    coach_client.post(_page(client), _change_data(client, time_zone="Asia/Kolkata"))

    client.refresh_from_db()
    assert client.time_zone == "Asia/Kolkata"


def test_coach_is_offered_erase_and_no_plain_delete(coach_client):
    client = ClientFactory()

    page = coach_client.get(_page(client))
    delete = coach_client.get(reverse("admin:bookings_client_delete", args=[client.pk]))

    assert "Erase her details…" in page.text
    assert reverse("admin:bookings_client_delete", args=[client.pk]) not in page.text
    assert delete.status_code == 403
    assert (
        "delete_selected"
        not in coach_client.get(reverse("admin:bookings_client_changelist")).text
    )


def test_coach_can_erase_her_details(coach_client, coach_user):
    client = ClientFactory(name="Ann Lee")

    response = coach_client.post(
        reverse("admin:bookings_client_erase", args=[client.pk])
    )

    client.refresh_from_db()
    assert response.status_code == 302
    assert client.erased_at is not None


def test_erase_page_says_her_newsletter_subscription_goes_too(coach_client):
    client = ClientFactory()
    SubscriberFactory(email=client.email, client=client)

    response = coach_client.get(
        reverse("admin:bookings_client_erase", args=[client.pk])
    )

    assert "Her newsletter subscription goes too" in response.text


def test_newsletter_adds_its_part_without_replacing_the_client_admin(coach_client):
    client = ClientFactory()
    SubscriberFactory(email=client.email, client=client)

    response = coach_client.get(_page(client))

    assert type(admin.site.get_model_admin(Client)) is ClientAdmin
    assert "newsletter subscription" in response.text.lower()
    assert "Newsletter: confirmed her address" in _history(response)


def test_an_app_can_add_timeline_entries(coach_client):
    client = ClientFactory()
    part = add_record_part(
        timeline=lambda c: [Entry(datetime(2030, 5, 1, tzinfo=UTC), "Paid an invoice")]
    )
    try:
        response = coach_client.get(_page(client))
    finally:
        remove_record_part(part)

    assert "Paid an invoice" in _history(response)


def test_clearing_the_follow_up_date_clears_the_reason(coach_client):
    client = ClientFactory(follow_up_on=date(2030, 1, 1), follow_up_reason="Sleep")

    coach_client.post(
        _page(client),
        _change_data(client, follow_up_on="", follow_up_reason="Sleep"),
    )

    client.refresh_from_db()
    assert (client.follow_up_on, client.follow_up_reason) == (None, "")


def test_follow_up_date_is_an_unambiguous_date_input(coach_client):
    client = ClientFactory(follow_up_on=date(2030, 12, 2))

    response = coach_client.get(_page(client))

    assert 'type="date" name="follow_up_on" value="2030-12-02"' in response.text
