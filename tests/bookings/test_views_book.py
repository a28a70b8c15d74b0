"""Step 1 of booking: the free times, in the right zone, whatever the query says."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.forms import format_slot
from bookings.models import Booking
from tests.bookings.conftest import SLOT
from tests.factories import BookingFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_book_shows_times_in_cookie_zone(client, schedule):
    client.cookies["tz"] = "Europe/London"

    html = client.get("/book/").content.decode()

    assert "Times shown in London time (Europe/London)" in html
    assert "Monday 7 January" in html
    assert ">3:00 p.m.<" in html


def test_book_shows_times_in_query_zone_and_remembers_it(client, schedule):
    client.cookies["tz"] = "Europe/London"

    response = client.get("/book/", {"tz": "America/New_York"})

    html = response.content.decode()
    assert "Times shown in New York time (America/New_York)" in html
    assert ">10:00 a.m.<" in html
    assert response.cookies["tz"].value == "America/New_York"


def test_book_without_zone_uses_coach_zone_clearly_labelled(client, schedule):
    html = client.get("/book/").content.decode()

    assert "Times shown in Chicago time (America/Chicago)" in html
    assert "the coach's time zone" in html
    assert ">9:00 a.m.<" in html


def test_book_understands_url_encoded_zone_cookie(client, schedule):
    client.cookies["tz"] = "Europe%2FLondon"

    html = client.get("/book/").content.decode()

    assert "Times shown in London time (Europe/London)" in html


@pytest.mark.parametrize(
    "query",
    [
        {"tz": "Mars/Olympus_Mons"},
        {"tz": "../../etc/passwd"},
        {"tz": "x" * 500},
        {"week": "abc"},
        {"week": "-3"},
        {"week": "99999999999999999999999"},
        {"from": "no-such-post"},
        {"from": "<script>"},
    ],
)
def test_book_ignores_odd_query_values(client, schedule, query):
    response = client.get("/book/", query)

    assert response.status_code == 200
    assert "Times shown in Chicago time (America/Chicago)" in response.content.decode()
    assert "tz" not in response.cookies


def test_book_later_times_page_by_week(client, schedule):
    client.cookies["tz"] = "Europe/London"

    first = client.get("/book/").content.decode()
    later = client.get("/book/", {"week": "1"}).content.decode()

    assert "?week=1" in first
    assert "Monday 7 January" in first and "Monday 14 January" not in first
    assert "Monday 14 January" in later and "Monday 7 January" not in later
    assert "?week=0" in later


def test_book_stops_at_the_horizon(client, schedule):
    html = client.get("/book/", {"week": "400"}).content.decode()

    assert "Later times" not in html
    assert "Earlier times" in html


def test_book_hides_taken_times(client, schedule):
    BookingFactory(starts_at=SLOT)

    html = client.get("/book/").content.decode()

    assert "/book/2030-01-07T15:00Z/" not in html
    assert "/book/2030-01-07T15:30Z/" in html


def test_book_keeps_published_post_in_time_links(client, schedule):
    post = PostFactory(slug="gut-health")

    html = client.get("/book/", {"from": post.slug}).content.decode()

    assert "/book/2030-01-07T15:00Z/?from=gut-health" in html


def test_book_zone_select_lists_common_zones_and_current_one(client, schedule):
    client.cookies["tz"] = "Asia/Kathmandu"

    html = client.get("/book/").content.decode()

    assert '<option value="Asia/Kathmandu" selected>' in html
    assert '<option value="Europe/London">' in html
    assert 'name="tz"' in html and 'method="get"' in html


def test_book_time_buttons_link_to_details_step(client, schedule):
    response = client.get("/book/")

    assert 'class="btn btn-outline-primary slot-button"' in response.content.decode()
    assert not Booking.objects.exists()


def test_details_shows_chosen_time_in_her_zone(client, schedule):
    client.cookies["tz"] = "Europe/London"

    html = client.get("/book/2030-01-07T15:00Z/").content.decode()

    assert "Monday 7 January 2030 at 3:00 p.m." in html
    assert "London time (Europe/London)" in html
    assert 'value="Europe/London"' in html


def test_details_form_has_hidden_honeypot_and_consent_boxes(client, schedule):
    html = client.get("/book/2030-01-07T15:00Z/").content.decode()

    assert '<div class="hp-field" aria-hidden="true">' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html
    assert 'name="has_storage_consent"' in html
    assert 'name="wants_news"' in html and "checked" not in html
    assert "Only the coach sees your answer" in html


def test_details_for_taken_time_goes_back_to_times(client, schedule):
    BookingFactory(starts_at=SLOT)

    response = client.get("/book/2030-01-07T15:00Z/", follow=True)

    assert response.redirect_chain[0][0] == "/book/"
    assert "That time is no longer available" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/book/2030-13-45T99:99Z/",
        "/book/2030-01-07T15:00/",
        "/book/tomorrow/",
    ],
)
def test_details_malformed_time_is_not_found(client, schedule, path):
    response = client.get(path)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/book/2029-12-31T15:00Z/",  # past
        "/book/2030-01-07T03:00Z/",  # outside her hours
        "/book/2030-01-07T15:10Z/",  # between slots
    ],
)
def test_details_unavailable_time_goes_back_to_times(client, schedule, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"] == "/book/"


def test_book_page_reads_few_queries(client, schedule, django_assert_max_num_queries):
    client.cookies["tz"] = "Europe/London"

    with django_assert_max_num_queries(6):
        client.get("/book/")


def test_book_reads_the_consult_settings_once(client, schedule):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/book/")

    reads = [q for q in queries if "bookings_consultsettings" in q["sql"]]
    assert response.status_code == 200
    assert len(reads) == 1


def test_book_links_each_time_to_its_details_page(client, schedule):
    html = client.get("/book/").content.decode()

    assert f'href="/book/{format_slot(SLOT)}/"' in html
