"""The consult settings row is read once per page, not once per helper."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import Booking
from bookings.tokens import manage_token
from tests.bookings.conftest import SLOT_PATH

pytestmark = pytest.mark.django_db


def settings_reads(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return sum("bookings_consultsettings" in q["sql"] for q in queries)


@pytest.mark.parametrize("path", ["/book/", SLOT_PATH])
def test_booking_pages_read_consult_settings_once(client, schedule, path):
    assert settings_reads(client, path) == 1


def test_manage_pages_read_consult_settings_once(client, schedule, form_data):
    client.post(SLOT_PATH, form_data(client))
    token = manage_token(Booking.objects.get())

    for page in ("", "reschedule/", "cancel/"):
        assert settings_reads(client, f"/book/manage/{token}/{page}") == 1
    assert settings_reads(client, f"/book/confirmed/{token}/") == 1
