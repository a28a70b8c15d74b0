"""Only zones a person lives in are accepted, by one validator, everywhere."""

import pytest
from django.core.exceptions import ValidationError

from bookings.models import Booking, validate_time_zone
from tests.bookings.conftest import SLOT_PATH

pytestmark = pytest.mark.django_db

NOT_LIVED_IN = [
    "localtime",
    "Factory",
    "posixrules",
    "Etc/GMT+5",
    "Etc/UTC",
    "US/Eastern",
    "EST",
    "GB",
    "Zulu",
    "",
    "Europe/Nowhere",
]
LIVED_IN = [
    "Europe/London",
    "America/Chicago",
    "America/Argentina/Buenos_Aires",
    "Asia/Kolkata",
    "Asia/Calcutta",
    "Arctic/Longyearbyen",
    "UTC",
]


@pytest.mark.parametrize("name", NOT_LIVED_IN)
def test_validate_time_zone_refuses_zones_nobody_lives_in(name):
    with pytest.raises(ValidationError):
        validate_time_zone(name)


@pytest.mark.parametrize("name", LIVED_IN)
def test_validate_time_zone_accepts_real_places_and_utc(name):
    validate_time_zone(name)


@pytest.mark.parametrize("name", ["localtime", "Factory", "Etc/GMT-14"])
def test_details_post_with_a_zone_nobody_lives_in_books_nothing(
    client, schedule, form_data, name
):
    response = client.post(SLOT_PATH, form_data(client, time_zone=name))

    assert response.status_code == 200
    assert "recognise your time zone" in response.content.decode()
    assert not Booking.objects.exists()


@pytest.mark.parametrize("name", ["localtime", "Factory"])
def test_zone_cookie_nobody_lives_in_is_ignored(client, schedule, name):
    client.cookies["tz"] = name

    response = client.get("/book/")

    assert "Chicago time (America/Chicago)" in response.content.decode()


def test_details_page_names_the_zone_it_shows_for_the_first_visit_step(
    client, schedule
):
    response = client.get(SLOT_PATH)

    assert 'data-shown-zone="America/Chicago"' in response.content.decode()


def test_details_page_sent_back_has_no_first_visit_step(client, schedule, form_data):
    response = client.post(SLOT_PATH, form_data(client, email="nope"))

    assert "data-shown-zone" not in response.content.decode()
