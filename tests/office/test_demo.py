from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from bookings import demo
from bookings.models import Booking, Client

pytestmark = pytest.mark.django_db


def test_demo_puts_consults_in_this_week_once():
    with time_machine.travel(datetime(2030, 1, 9, 18, tzinfo=UTC), tick=False):
        demo.load(coach=None)
        demo.load(coach=None)

    assert Booking.objects.count() == len(demo.DEMO_CONSULTS)


def test_demo_consults_show_on_the_home_page(admin_client, admin_user):
    demo.load(coach=admin_user)

    response = admin_client.get(reverse("admin:index"))

    shown = [b for day in response.context["week"] for b in day["bookings"]]
    assert len(shown) == len(demo.DEMO_CONSULTS)


def test_demo_held_calls_leave_their_clients_at_consult_held():
    # Friday 11 January 2030, afternoon in Chicago: Monday to Thursday were held.
    with time_machine.travel(datetime(2030, 1, 11, 22, tzinfo=UTC), tick=False):
        demo.load(coach=None)
        demo.load(coach=None)

    held = Booking.objects.filter(status=Booking.Status.COMPLETED)
    assert held.count() == 5
    assert {b.client.status for b in held} == {Client.Status.CONSULT_HELD}
    assert all(b.client.status_changes.count() == 1 for b in held)
