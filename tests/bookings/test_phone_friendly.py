"""Her details on a phone: autofill, a number pad, and zones by today's names."""

import pytest

from bookings.models import Booking
from bookings.presentation import zone_label
from bookings.templatetags.booking_times import short_zone_label
from tests.bookings.conftest import SLOT_PATH

pytestmark = pytest.mark.django_db


def test_details_form_fields_autofill_and_phone_gets_a_number_pad(client, schedule):
    html = client.get(SLOT_PATH).content.decode()

    assert 'name="name"' in html and 'autocomplete="name"' in html
    assert 'type="email" name="email"' in html and 'autocomplete="email"' in html
    assert 'type="tel" name="phone"' in html
    assert 'autocomplete="tel"' in html
    assert 'type="text" name="phone"' not in html


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Asia/Calcutta", "Kolkata time (Asia/Kolkata)"),
        ("Europe/Kiev", "Kyiv time (Europe/Kyiv)"),
        ("Europe/Stockholm", "Stockholm time (Europe/Stockholm)"),
        ("UTC", "UTC time"),
    ],
)
def test_zone_label_uses_todays_name(name, label):
    assert zone_label(name) == label


def test_short_and_long_zone_labels_come_from_one_helper():
    assert short_zone_label("Asia/Calcutta") == "Kolkata time"
    assert zone_label("Asia/Calcutta", short=True) == "Kolkata time"


def test_zone_cookie_with_an_old_name_shows_todays_name(client, schedule):
    client.cookies["tz"] = "Asia/Calcutta"

    html = client.get("/book/").content.decode()

    assert "Times shown in Kolkata time (Asia/Kolkata)." in html
    assert 'data-shown-zone="Asia/Kolkata"' in html
    assert "Calcutta time" not in html
    assert "&quot;Asia/Calcutta&quot;:&quot;Asia/Kolkata&quot;" in html


def test_booking_with_an_old_zone_name_is_stored_by_todays_name(
    client, schedule, form_data
):
    client.post(SLOT_PATH, form_data(client, time_zone="Asia/Calcutta"))

    booking = Booking.objects.get()
    assert booking.time_zone == "Asia/Kolkata"
    assert booking.client.time_zone == "Asia/Kolkata"
