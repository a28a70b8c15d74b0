from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Booking, Client, StaffVisit
from tests.factories import BookingFactory, ClientFactory, PostFactory

pytestmark = pytest.mark.django_db

# Wednesday 9 January 2030, 18:00 UTC: noon in Chicago.
NOW = datetime(2030, 1, 9, 18, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_home_is_the_admin_index(clock, admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "This week's consults" in response.text
    # The header names her zone, once; the page does not repeat it.
    assert response.text.count("Times are Chicago time (America/Chicago)") == 1
    assert "Times are in your time zone" not in response.text


def test_home_lists_this_weeks_consults_by_day_in_the_coach_zone(clock, admin_client):
    post = PostFactory(title="Leaky gut and MS")
    # Monday 7 January 2030 at 15:00 UTC is 09:00 in Chicago.
    BookingFactory(
        starts_at=datetime(2030, 1, 7, 15, tzinfo=UTC),
        client=ClientFactory(name="Anna Early"),
        source_post=post,
    )
    # Sunday 13 January 23:30 in Chicago is Monday 05:30 UTC: still this week.
    BookingFactory(
        starts_at=datetime(2030, 1, 14, 5, 30, tzinfo=UTC),
        client=ClientFactory(name="Zoe Late"),
    )
    # Next Monday in Chicago: not this week.
    BookingFactory(
        starts_at=datetime(2030, 1, 14, 15, tzinfo=UTC),
        client=ClientFactory(name="Next Week"),
    )

    response = admin_client.get(reverse("admin:index"))

    week = response.context["week"]
    assert [day["day"] for day in week][0] == date(2030, 1, 7)
    assert [b.client.name for b in week[0]["bookings"]] == ["Anna Early"]
    assert [b.client.name for b in week[6]["bookings"]] == ["Zoe Late"]
    assert "9:00 a.m." in response.text
    assert "09:00" not in response.text
    assert "Leaky gut and MS" in response.text
    assert all(b.client.name != "Next Week" for d in week for b in d["bookings"])
    assert week[2]["is_today"]


def test_home_shows_new_leads_since_the_last_visit(clock, admin_client, admin_user):
    StaffVisit.objects.create(user=admin_user, seen_at=NOW - timedelta(days=2))
    old = ClientFactory(name="Old Lead")
    Client.objects.filter(pk=old.pk).update(created_at=NOW - timedelta(days=5))
    ClientFactory(name="Fresh Lead")

    response = admin_client.get(reverse("admin:index"))

    names = [c.name for c in response.context["new_leads"]]
    assert names == ["Fresh Lead"]
    assert StaffVisit.objects.get(user=admin_user).seen_at == NOW


def test_home_keeps_new_leads_for_the_whole_sign_in(clock, admin_client, admin_user):
    StaffVisit.objects.create(user=admin_user, seen_at=NOW - timedelta(days=2))
    ClientFactory(name="Fresh Lead")

    admin_client.get(reverse("admin:index"))
    again = admin_client.get(reverse("admin:index"))

    assert [c.name for c in again.context["new_leads"]] == ["Fresh Lead"]


def test_home_shows_follow_ups_due(clock, admin_client):
    ClientFactory(
        name="Due Today", follow_up_on=date(2030, 1, 9), follow_up_reason="Send recipes"
    )
    ClientFactory(name="Later", follow_up_on=date(2030, 1, 20))

    response = admin_client.get(reverse("admin:index"))

    assert [c.name for c in response.context["follow_ups"]] == ["Due Today"]
    assert "Send recipes" in response.text


def test_home_links_to_the_site_a_new_post_and_her_hours(clock, admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert reverse("admin:articles_post_add") in response.text
    assert reverse("admin:bookings_availability") in response.text
    assert 'href="/"' in response.text


def _make_rows(count: int, first: int = 0) -> None:
    posts = [PostFactory() for _ in range(3)]
    for n in range(first, first + count):
        client = ClientFactory(source_post=posts[n % 3], follow_up_on=date(2030, 1, 1))
        Booking.objects.create(
            client=client,
            starts_at=datetime(2030, 1, 7, tzinfo=UTC) + timedelta(minutes=20 * n),
            ends_at=datetime(2030, 1, 7, tzinfo=UTC) + timedelta(minutes=20 * n + 15),
            time_zone="UTC",
            source_post=posts[n % 3],
        )


def _queries(admin_client, url) -> int:
    admin_client.get(url)  # sessions and visit rows settle on the first view
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name",
    [
        "admin:index",
        "admin:bookings_client_changelist",
        "admin:bookings_booking_changelist",
    ],
)
def test_admin_pages_query_count_does_not_grow_with_rows(clock, admin_client, name):
    url = reverse(name)
    _make_rows(10)
    small = _queries(admin_client, url)

    _make_rows(490, first=10)
    large = _queries(admin_client, url)

    assert small == large
