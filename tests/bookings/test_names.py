"""Names and phone numbers stay on one line, within one limit set on the model."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from bookings.forms import BookingForm
from bookings.models import Booking, Client
from bookings.services import book_consult
from tests.bookings.conftest import SLOT, SLOT_PATH
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

CONTROLS = [
    "Ann\rBcc: x@example.com",
    "Ann\nExample",
    "Ann\x07",
    "Ann\x1b[31m",
    "A\u2028B",
]


def test_form_limits_are_the_models():
    form = BookingForm(fallback_zone="UTC", browser="b")

    for name in ("name", "email", "phone"):
        assert form.fields[name].max_length == Client._meta.get_field(name).max_length


@pytest.mark.parametrize("value", CONTROLS)
def test_client_name_with_control_characters_is_refused(value):
    client = ClientFactory.build(name=value)

    with pytest.raises(ValidationError) as caught:
        client.full_clean()

    assert "name" in caught.value.error_dict


@pytest.mark.parametrize("value", CONTROLS)
def test_book_consult_refuses_control_characters_in_name_and_phone(schedule, value):
    for field in ("name", "phone"):
        values = {"name": "Ann", "phone": ""} | {field: value}
        with pytest.raises(ValidationError) as caught:
            book_consult(
                starts_at=SLOT,
                email="ann@example.com",
                time_zone="Europe/London",
                help_with="",
                has_storage_consent=True,
                storage_wording="I agree.",
                now=datetime(2030, 1, 1, 12, tzinfo=UTC),
                **values,
            )

        assert field in caught.value.error_dict
    assert not Booking.objects.exists()


def test_details_post_name_over_two_lines_becomes_one(client, schedule, form_data):
    client.post(SLOT_PATH, form_data(client, name="Ann\r\nExample", phone="0770\n0900"))

    booked = Client.objects.get()
    assert (booked.name, booked.phone) == ("Ann Example", "0770 0900")


@pytest.mark.parametrize("value", ["Ann\x07", "Ann\x1b[31m", "Ann\x7f"])
def test_details_post_name_with_control_characters_is_refused(
    client, schedule, form_data, value
):
    response = client.post(SLOT_PATH, form_data(client, name=value))

    assert response.status_code == 200
    assert "on one line" in response.content.decode()
    assert not Booking.objects.exists()
