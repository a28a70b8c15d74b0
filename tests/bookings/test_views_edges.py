"""Odd addresses and query strings on the booking pages: a clear answer, never a 500."""

import pytest

from bookings.forms import parse_slot
from bookings.models import Booking, Client

pytestmark = pytest.mark.django_db

ZONES = ["Europe/London", "Pacific/Kiritimati", "Pacific/Pago_Pago"]


@pytest.mark.parametrize(
    "path", ["/book/9999-12-31T23:59Z/", "/book/0001-01-01T00:00Z/"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_details_at_the_calendar_ends_is_not_found(
    client, schedule, form_data, path, method
):
    client.cookies["tz"] = "Pacific/Kiritimati"
    data = form_data(client)

    response = getattr(client, method)(path, data)

    assert response.status_code == 404
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    "path", ["/book/9999-12-29T23:59Z/", "/book/0001-01-03T00:00Z/"]
)
@pytest.mark.parametrize("zone", ZONES)
def test_details_post_near_the_calendar_ends_is_refused_cleanly(
    client, schedule, form_data, path, zone
):
    client.cookies["tz"] = zone
    data = form_data(client, time_zone=zone)

    response = client.post(path, data)

    assert response.status_code == 409
    assert "That time was just taken" in response.content.decode()
    assert not Booking.objects.exists()
    assert not Client.objects.exists()


@pytest.mark.parametrize(
    "path", ["/book/9999-12-29T23:59Z/", "/book/0001-01-03T00:00Z/"]
)
def test_details_post_near_the_calendar_ends_with_bad_form_is_not_a_500(
    client, schedule, form_data, path
):
    client.cookies["tz"] = "Pacific/Kiritimati"
    data = form_data(client, email="not-an-address")

    response = client.post(path, data)

    assert response.status_code == 200
    assert not Booking.objects.exists()


@pytest.mark.parametrize("value", ["9999-12-31T23:59Z", "0001-01-01T00:00Z"])
def test_parse_slot_refuses_the_calendar_ends(value):
    assert parse_slot(value) is None


BAD_FROM = ["\x00", "gut health", "<b>", "a" * 201, "caf\u00e9"]


def _post_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "articles_post" in q["sql"]]


@pytest.mark.parametrize("value", BAD_FROM)
@pytest.mark.parametrize("path", ["/book/", "/book/2030-01-07T15:00Z/"])
def test_pages_drop_a_malformed_from_before_any_query(client, schedule, path, value):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"from": value})

    assert response.status_code == 200
    assert _post_queries(queries) == []


@pytest.mark.parametrize("value", BAD_FROM)
def test_details_post_with_malformed_from_books_without_a_source(
    client, schedule, form_data, value
):
    response = client.post(
        "/book/2030-01-07T15:00Z/", form_data(client, **{"from": value})
    )

    assert response.status_code == 302
    assert Booking.objects.get().source_post is None


FIELDS = ["name", "email", "phone", "help_with", "time_zone", "stamp", "from"]
HOSTILE = [
    "\x00",
    "a\r\nBcc: x@example.com",
    "%00%ZZ",
    "<script>x</script>",
    "é" * 5000,
]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", HOSTILE)
def test_details_post_hostile_field_is_never_a_500_nor_echoed_raw(
    client, schedule, form_data, field, value
):
    response = client.post(
        "/book/2030-01-07T15:00Z/", form_data(client, **{field: value})
    )

    assert response.status_code in (200, 302, 400)
    assert "<script>x" not in response.content.decode()
