from datetime import timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.models import Booking, Client, CoachFeed
from tests.factories import BookingFactory, ClientFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_rate_counts(settings):
    settings.RATELIMIT_CACHE_PREFIX = f"rl-test-{uuid4().hex}:"
    settings.COACH_FEED_MISS_RATE = "3/h"


def _feed_url(token):
    return reverse("bookings:coach_feed", args=[token])


def test_feed_lists_upcoming_calls_with_name_and_time_only(client):
    BookingFactory(
        client=ClientFactory(name="Anna Feed"),
        starts_at=timezone.now() + timedelta(days=2),
        help_with="Private health answer",
    )
    BookingFactory(
        client=ClientFactory(name="Past Person"),
        starts_at=timezone.now() - timedelta(days=2),
    )

    response = client.get(_feed_url(CoachFeed.load().token))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "Consult: Anna Feed" in body
    assert "Past Person" not in body
    assert "Private health answer" not in body
    assert "anna" not in body.lower().replace("anna feed", "")


def test_rotating_the_feed_kills_the_old_address(client):
    old = CoachFeed.load().token

    new = services.rotate_coach_feed().token

    assert client.get(_feed_url(old)).status_code == 404
    assert client.get(_feed_url(new)).status_code == 200


def test_guessed_feed_tokens_are_404_then_rate_limited(client):
    CoachFeed.load()

    misses = [client.get(_feed_url(f"guess{n}")).status_code for n in range(3)]
    blocked = client.get(_feed_url("guess-again"))
    right = client.get(_feed_url(CoachFeed.load().token))

    assert misses == [404, 404, 404]
    assert blocked.status_code == 429
    # Her calendar service shares its address with the guessers: her feed works.
    assert right.status_code == 200


def test_feed_page_shows_the_address_and_rotates_it(admin_client):
    old = CoachFeed.load().token

    page = admin_client.get(reverse("admin:bookings_feed"))
    admin_client.post(reverse("admin:bookings_feed_rotate"))

    assert old in page.text
    assert CoachFeed.load().token != old


def test_feed_rotation_needs_a_post(admin_client):
    old = CoachFeed.load().token

    response = admin_client.get(reverse("admin:bookings_feed_rotate"))

    assert response.status_code == 405
    assert CoachFeed.load().token == old


def test_sources_report_counts_per_post(admin_client):
    post = PostFactory(title="The AIP diet")
    now = timezone.now()
    held = BookingFactory(
        source_post=post, starts_at=now - timedelta(days=3), status="completed"
    )
    Client.objects.filter(pk=held.client_id).update(status=Client.Status.CLIENT)
    BookingFactory(source_post=post, starts_at=now + timedelta(days=3))
    BookingFactory(starts_at=now + timedelta(days=4))
    moved = BookingFactory(source_post=post, status=Booking.Status.CANCELLED)
    BookingFactory(
        source_post=post,
        client=moved.client,
        rescheduled_from=moved,
        starts_at=now + timedelta(days=9),
    )

    response = admin_client.get(reverse("admin:bookings_sources"))

    rows = {row["source_post__title"]: row for row in response.context["rows"]}
    assert rows["The AIP diet"]["booked"] == 3
    assert rows["The AIP diet"]["held"] == 1
    assert rows["The AIP diet"]["became_clients"] == 1
    assert rows[None]["booked"] == 1
    assert "Not from a post" in response.text


def test_sources_report_takes_a_period_and_explains_a_bad_one(admin_client):
    BookingFactory(source_post=PostFactory())
    url = reverse("admin:bookings_sources")

    old = admin_client.get(url, {"start": "2001-01-01", "end": "2001-02-01"})
    bad = admin_client.get(url, {"start": "2030-02-01", "end": "2030-01-01"})
    junk = admin_client.get(url, {"start": "yesterday", "end": "<script>"})

    assert old.context["rows"] == []
    assert "The start must be on or before the end." in bad.text
    assert junk.status_code == 200
