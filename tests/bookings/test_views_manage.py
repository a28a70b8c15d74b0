"""Her manage link: GET only shows; cancelling and moving happen on POST."""

from datetime import timedelta

import pytest
from django.core import signing

from bookings import tokens
from bookings.models import Booking
from tests.bookings.conftest import NOW, SLOT
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(schedule):
    return BookingFactory(starts_at=SLOT, help_with="Private health answer")


@pytest.fixture
def token(booking):
    return tokens.manage_token(booking)


def test_manage_get_shows_the_call_and_changes_nothing(client, booking, token):
    response = client.get(f"/book/manage/{token}/")

    html = response.content.decode()
    booking.refresh_from_db()
    assert response.status_code == 200
    assert "Monday 7 January 2030 at 3:00 p.m." in html
    assert "London time (Europe/London)" in html
    assert "Private health answer" not in html
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.manage_key == token
    assert tokens.booking_from_token(token) == booking


def test_manage_post_is_not_allowed(client, booking, token):
    response = client.post(f"/book/manage/{token}/")

    assert response.status_code == 405
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_cancel_get_asks_to_confirm_and_changes_nothing(client, booking, token):
    response = client.get(f"/book/manage/{token}/cancel/")

    booking.refresh_from_db()
    assert "Yes, cancel my call" in response.content.decode()
    assert booking.status == Booking.Status.CONFIRMED


def test_cancel_post_cancels_and_old_link_stops_working(client, booking, token):
    response = client.post(f"/book/manage/{token}/cancel/", follow=True)

    booking.refresh_from_db()
    assert response.redirect_chain[-1][0] == "/book/cancelled/"
    assert "Your call is cancelled" in response.content.decode()
    assert booking.status == Booking.Status.CANCELLED
    assert client.get(f"/book/manage/{token}/").status_code == 404


def test_cancel_post_replayed_changes_nothing_more(client, booking, token):
    client.post(f"/book/manage/{token}/cancel/")

    response = client.post(f"/book/manage/{token}/cancel/")

    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()


def test_reschedule_get_lists_free_times_as_links_to_the_confirm_step(
    client, booking, token
):
    html = client.get(f"/book/manage/{token}/reschedule/").content.decode()

    assert f'href="/book/manage/{token}/reschedule/2030-01-07T15:30Z/"' in html
    assert "2030-01-07T15:00Z" not in html
    assert 'method="post"' not in html


def test_reschedule_post_moves_call_and_gives_a_new_link(client, booking, token):
    response = client.post(
        f"/book/manage/{token}/reschedule/", {"starts_at": "2030-01-09T16:00Z"}
    )

    moved = Booking.objects.get(status=Booking.Status.CONFIRMED)
    new_token = tokens.manage_token(moved)
    assert response.headers["Location"] == f"/book/confirmed/{new_token}/"
    assert moved.starts_at == SLOT + timedelta(days=2, hours=1)
    assert moved.rescheduled_from == booking
    page = client.get(response.headers["Location"]).content.decode()
    assert "Wednesday 9 January 2030 at 4:00 p.m." in page
    assert "Your call has moved to the new time." in page
    assert client.get(f"/book/manage/{token}/").status_code == 410


def test_reschedule_post_taken_time_gets_409(client, booking, token):
    BookingFactory(starts_at=SLOT + timedelta(minutes=30))

    response = client.post(
        f"/book/manage/{token}/reschedule/", {"starts_at": "2030-01-07T15:30Z"}
    )

    booking.refresh_from_db()
    assert response.status_code == 409
    assert "That time was just taken" in response.content.decode()
    assert booking.status == Booking.Status.CONFIRMED


@pytest.mark.parametrize("value", ["", "soon", "2030-01-07 15:30", "9" * 30])
def test_reschedule_post_malformed_time_gets_400(client, booking, token, value):
    response = client.post(f"/book/manage/{token}/reschedule/", {"starts_at": value})

    booking.refresh_from_db()
    assert response.status_code == 400
    assert "Please choose one of the times shown." in response.content.decode()
    assert booking.status == Booking.Status.CONFIRMED


def test_manage_inside_cutoff_says_how_to_reach_the_coach(client, schedule, settings):
    settings.COACH_EMAIL = "coach@example.com"
    soon = BookingFactory(starts_at=NOW + timedelta(hours=6))
    token = tokens.manage_token(soon)

    html = client.get(f"/book/manage/{token}/").content.decode()

    assert "less than 12 hours away" in html
    assert "coach@example.com" in html
    assert "+1 312 555 0100" in html
    assert "Change the time" not in html


def test_cancel_post_inside_cutoff_is_refused(client, schedule):
    soon = BookingFactory(starts_at=NOW + timedelta(hours=6))
    token = tokens.manage_token(soon)

    response = client.post(f"/book/manage/{token}/cancel/")

    soon.refresh_from_db()
    assert response.status_code == 409
    assert soon.status == Booking.Status.CONFIRMED


def test_reschedule_inside_cutoff_is_refused(client, schedule):
    soon = BookingFactory(starts_at=NOW + timedelta(hours=6))
    token = tokens.manage_token(soon)

    response = client.post(
        f"/book/manage/{token}/reschedule/", {"starts_at": "2030-01-07T15:30Z"}
    )

    assert response.status_code == 409
    assert Booking.objects.get() == soon


def test_manage_cancelled_call_cannot_be_changed(client, schedule):
    gone = BookingFactory(starts_at=SLOT, status=Booking.Status.CANCELLED)
    token = tokens.manage_token(gone)

    html = client.get(f"/book/manage/{token}/").content.decode()

    assert "This call was cancelled and can't be changed." in html
    assert client.post(f"/book/manage/{token}/cancel/").status_code == 409


def test_manage_past_call_cannot_be_changed(client, schedule):
    past = BookingFactory(starts_at=NOW - timedelta(days=2))
    token = tokens.manage_token(past)

    html = client.get(f"/book/manage/{token}/").content.decode()

    assert "already taken place" in html
    assert "Cancel the call" not in html


@pytest.mark.parametrize(
    "make_token",
    [
        lambda b: "nonsense",
        lambda b: tokens.manage_token(b)[:-3] + "abc",
        lambda b: signing.dumps({"b": b.pk, "v": 1}, salt="other"),
        lambda b: signing.dumps({"b": b.pk, "v": 7}, salt="bookings.manage"),
        lambda b: signing.dumps({"b": "x", "v": 1}, salt="bookings.manage"),
        lambda b: signing.dumps([1, 2], salt="bookings.manage"),
    ],
)
@pytest.mark.parametrize("suffix", ["", "cancel/", "reschedule/", "calendar.ics"])
def test_manage_bad_token_gets_friendly_404(client, booking, make_token, suffix):
    response = client.get(f"/book/manage/{make_token(booking)}/{suffix}")

    html = response.content.decode()
    assert response.status_code == 404
    assert "This link no longer works" in html
    assert "Book a call" in html


def test_confirmed_bad_token_gets_friendly_404(client, booking):
    response = client.get("/book/confirmed/not-a-token/")

    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()


def test_calendar_downloads_ics(client, booking, token):
    response = client.get(f"/book/manage/{token}/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"DTSTART:20300107T150000Z" in response.content
    assert b"Private health answer" not in response.content


def test_manage_pages_are_not_cached(client, booking, token):
    response = client.get(f"/book/manage/{token}/")

    assert "no-cache" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()
