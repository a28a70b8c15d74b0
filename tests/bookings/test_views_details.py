"""Step 2 of booking: her details, the abuse checks and what a bad send shows."""

import pytest

from bookings.models import Booking, Client, Consent
from tests.bookings.conftest import SLOT, SLOT_PATH
from tests.factories import BookingFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_details_post_books_and_redirects_to_confirmation(client, schedule, form_data):
    response = client.post(SLOT_PATH, form_data(client))

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/book/confirmed/")
    assert booking.starts_at == SLOT
    assert booking.time_zone == "Europe/London"
    assert booking.client.email == "visitor@example.com"
    assert booking.help_with == "Fatigue in the afternoons."


def test_details_post_records_consents_in_the_words_shown(
    client, schedule, form_data, storage_wording
):
    client.post(SLOT_PATH, form_data(client, wants_news="on"))

    kinds = dict(Consent.objects.values_list("kind", "wording"))
    assert kinds["storage"] == storage_wording
    assert "news" in kinds


def test_details_post_without_news_box_records_no_news_consent(
    client, schedule, form_data
):
    client.post(SLOT_PATH, form_data(client))

    assert not Consent.objects.filter(kind="news").exists()
    assert Client.objects.get().has_news_consent is False


def test_confirmation_shows_local_time_calendar_links_and_manage_link(
    client, schedule, form_data
):
    response = client.post(SLOT_PATH, form_data(client), follow=True)

    html = response.content.decode()
    assert "Your call is booked" in html
    assert "Monday 7 January 2030 at 3:00 p.m." in html
    assert "London time (Europe/London)" in html
    assert "/calendar.ics" in html
    assert "https://calendar.google.com/calendar/render?" in html
    assert "http://testserver/book/manage/" in html
    assert "I&#x27;ll send you the video link by email." in html


def test_details_post_keeps_published_post_as_source(client, schedule, form_data):
    post = PostFactory(slug="gut-health")

    client.post(SLOT_PATH, form_data(client, path=f"{SLOT_PATH}?from=gut-health"))

    booking = Booking.objects.get()
    assert booking.source_post == post
    assert booking.client.source_post == post


def test_details_post_ignores_unknown_source(client, schedule, form_data):
    response = client.post(SLOT_PATH, form_data(client, **{"from": "no-such-post"}))

    assert response.status_code == 302
    assert Booking.objects.get().source_post is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Please tell us your name."),
        ("name", "   ", "Please tell us your name."),
        ("email", "", "Please enter your email address."),
        ("email", "not-an-email", "Please enter a valid email address"),
        ("email", "a" * 250 + "@example.com", "at most 254 characters"),
        ("name", "N" * 201, "at most 200 characters"),
        ("phone", "1" * 41, "at most 40 characters"),
        ("help_with", "h" * 1001, "at most 1000 characters"),
        ("has_storage_consent", None, "Please tick this box"),
    ],
)
def test_details_post_bad_field_shows_message_and_books_nothing(
    client, schedule, form_data, field, value, message
):
    response = client.post(SLOT_PATH, form_data(client, **{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Booking.objects.exists()
    assert not Client.objects.exists()


def test_details_post_books_without_a_help_answer(client, schedule, form_data):
    response = client.post(SLOT_PATH, form_data(client, help_with=""))

    assert response.status_code == 302
    assert Booking.objects.get().help_with == ""


def test_details_post_bad_field_keeps_her_input(client, schedule, form_data):
    data = form_data(client, email="nope", help_with="Sleep and brain fog.")

    html = client.post(SLOT_PATH, data).content.decode()

    assert 'value="Demo Visitor"' in html
    assert "Sleep and brain fog." in html


def test_details_post_invalid_time_zone_is_explained(client, schedule, form_data):
    response = client.post(SLOT_PATH, form_data(client, time_zone="Mars/Base"))

    html = response.content.decode()
    assert "We couldn&#x27;t recognise your time zone" in html
    assert 'name="time_zone" value="America/Chicago"' in html
    assert not Booking.objects.exists()


def test_details_post_honeypot_filled_books_nothing(client, schedule, form_data):
    response = client.post(SLOT_PATH, form_data(client, website="http://spam.test"))

    assert response.status_code == 400
    assert "we couldn&#x27;t send this form" in response.content.decode()
    assert not Booking.objects.exists()


def test_details_post_too_fast_asks_to_check_and_keeps_input(
    client, schedule, form_data, settings
):
    settings.BOOKING_MIN_FILL_SECONDS = 3

    response = client.post(SLOT_PATH, form_data(client))

    html = response.content.decode()
    assert "Please take a moment to check your details" in html
    assert 'value="visitor@example.com"' in html
    assert not Booking.objects.exists()


def test_details_post_after_a_moment_books(
    client, schedule, form_data, settings, clock
):
    settings.BOOKING_MIN_FILL_SECONDS = 3
    data = form_data(client)
    clock.shift(5)

    response = client.post(SLOT_PATH, data)

    assert response.status_code == 302
    assert Booking.objects.count() == 1


def test_details_post_altered_stamp_counts_as_too_fast(
    client, schedule, form_data, settings
):
    settings.BOOKING_MIN_FILL_SECONDS = 3

    response = client.post(SLOT_PATH, form_data(client, stamp="forged:value"))

    assert "Please take a moment to check your details" in response.content.decode()
    assert not Booking.objects.exists()


def test_details_post_over_rate_limit_gets_429(client, schedule, form_data, settings):
    settings.BOOKING_RATE_LIMIT = "2/h"
    data = form_data(client, name="")

    statuses = [client.post(SLOT_PATH, data).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_details_get_is_not_rate_limited(client, schedule, settings):
    settings.BOOKING_RATE_LIMIT = "1/h"

    statuses = [client.get(SLOT_PATH).status_code for _ in range(3)]

    assert statuses == [200, 200, 200]


def test_details_post_lost_race_gets_409_with_fresh_times(client, schedule, form_data):
    data = form_data(client)
    BookingFactory(starts_at=SLOT)

    response = client.post(SLOT_PATH, data)

    html = response.content.decode()
    assert response.status_code == 409
    assert "That time was just taken" in html
    assert 'formaction="/book/2030-01-07T15:30Z/"' in html
    assert 'value="visitor@example.com"' in html
    assert Booking.objects.count() == 1


def test_details_post_fresh_time_books_with_same_details(client, schedule, form_data):
    data = form_data(client)
    BookingFactory(starts_at=SLOT)
    client.post(SLOT_PATH, data)

    response = client.post("/book/2030-01-07T15:30Z/", data)

    assert response.status_code == 302
    assert Booking.objects.filter(client__email="visitor@example.com").count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/book/2029-12-31T15:00Z/",  # past
        "/book/2030-01-07T03:00Z/",  # outside her hours
        "/book/2030-01-01T15:00Z/",  # inside the minimum notice
    ],
)
def test_details_post_unavailable_time_gets_409(client, schedule, form_data, path):
    data = form_data(client)

    response = client.post(path, data)

    assert response.status_code == 409
    assert not Booking.objects.exists()


def test_details_post_replayed_goes_to_the_same_booking(client, schedule, form_data):
    data = form_data(client)

    first = client.post(SLOT_PATH, data)
    second = client.post(SLOT_PATH, data)

    assert Booking.objects.count() == 1
    assert second.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]


def test_details_post_second_form_for_same_time_is_told_time_is_taken(
    client, schedule, form_data
):
    data = form_data(client)
    client.post(SLOT_PATH, data)
    data["stamp"] = form_data(client, path="/book/2030-01-07T16:00Z/")["stamp"]

    response = client.post(SLOT_PATH, data)

    assert response.status_code == 409
    assert Booking.objects.count() == 1


def test_details_post_needs_csrf_token(schedule, form_data, client):
    from django.test import Client as BrowserClient

    strict = BrowserClient(enforce_csrf_checks=True)
    data = form_data(client)

    response = strict.post(SLOT_PATH, data)

    assert response.status_code == 403
    assert not Booking.objects.exists()


def test_details_health_answer_never_in_urls_or_pages(client, schedule, form_data):
    secret = "Relapse in March, new medication"
    response = client.post(SLOT_PATH, form_data(client, help_with=secret), follow=True)

    urls = [url for url, _ in response.redirect_chain]
    html = response.content.decode()
    assert all(secret not in url and "visitor@example.com" not in url for url in urls)
    assert secret not in html
    manage = html.split('href="http://testserver')[1].split('"')[0]
    assert secret not in client.get(manage).content.decode()
    assert secret.encode() not in client.get(manage + "calendar.ics").content
