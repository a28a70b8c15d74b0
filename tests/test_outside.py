"""What a visitor from outside can do to the site: hosts, cache filling, logs,
the coach's feed, a dropped database connection, headers on every answer."""

import logging
from datetime import timedelta
from uuid import uuid4

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bookings import tokens
from bookings.models import CoachFeed
from coaching import pagecache
from coaching.logs import redact
from coaching.models import Page
from tests.factories import BookingFactory, PostFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.fixture
def blog(db):
    for key in (Page.Key.HOME, Page.Key.ABOUT):
        Page.objects.update_or_create(key=key, defaults={"title": "Hi", "body": "x"})
    for n in range(12):  # two pages of the list
        PostFactory(slug=f"post-{n}", tags=["gut"])


def is_stored(path: str, page: str | None = None) -> bool:
    """Whether the shared cache holds an entry for `path` (with `?page=`)."""
    query = f"page={page}" if page is not None else ""
    return cache.get(f"{pagecache.ENTRY_PREFIX}{path}?{query}") is not None


# --- 1. Cached pages answer only the site's own names --------------------------


@pytest.mark.parametrize(
    "path", ["/", "/about/", "/blog/", "/blog/feed/", "/sitemap.xml", "/healthz"]
)
def test_a_foreign_host_gets_400_even_from_the_cache(client, blog, path):
    assert client.get(path).status_code == 200  # stored for the right host

    response = client.get(path, headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "X-Page-Cache" not in response.headers


# --- 2. Nobody fills the cache with ?page= -------------------------------------


@pytest.mark.parametrize("path", ["/", "/blog/post-1/", "/blog/feed/", "/about/"])
def test_page_numbers_on_pages_without_pages_are_not_stored(client, blog, path):
    client.get(path)
    assert is_stored(path)

    answers = [client.get(f"{path}?page={n}") for n in range(2, 40)]

    assert {r.status_code for r in answers} == {200}
    assert all("X-Page-Cache" not in r.headers for r in answers)
    assert not any(is_stored(path, str(n)) for n in range(2, 40))


def test_only_the_list_pages_that_exist_are_stored(client, blog):
    second = client.get("/blog/?page=2")
    again = client.get("/blog/?page=2")
    odd = [client.get(f"/blog/?page={v}") for v in ("02", "002", "3", "99", "0")]

    assert second.headers["X-Page-Cache"] == "miss"
    assert again.headers["X-Page-Cache"] == "hit"
    assert {r.status_code for r in odd} == {200}
    assert all("X-Page-Cache" not in r.headers for r in odd)
    assert is_stored("/blog/", "2")
    assert not any(is_stored("/blog/", v) for v in ("02", "002", "3", "99", "0"))


def test_tag_pages_past_the_last_are_not_stored(client, blog):
    for n in range(2, 30):
        client.get(f"/blog/tag/gut/?page={n}")

    # Page 2 exists; the others show page 2 and are not kept.
    assert is_stored("/blog/tag/gut/", "2")
    assert not any(is_stored("/blog/tag/gut/", str(n)) for n in range(3, 30))


# --- 3. Link secrets never reach a log line ------------------------------------


def test_a_refused_reschedule_logs_no_manage_token(client, caplog):
    booking = BookingFactory(starts_at=timezone.now() + timedelta(days=3))
    token = tokens.manage_token(booking)

    with caplog.at_level(logging.INFO):
        response = client.post(f"/book/manage/{token}/reschedule/", {"starts_at": "x"})

    assert response.status_code == 400
    assert any("Bad Request" in r.getMessage() for r in caplog.records)
    assert token not in caplog.text
    assert all(token not in str(r.args) for r in caplog.records)
    assert "/book/manage/[redacted]/reschedule/" in caplog.text


def test_every_logger_and_format_loses_the_secrets(caplog):
    secrets = {
        "/book/manage/Abc_def-123/cancel/": "/book/manage/[redacted]/cancel/",
        "/book/confirmed/Abc_def-123/": "/book/confirmed/[redacted]/",
        "https://x.example/newsletter/confirm/12:1xYZ:abc/": (
            "https://x.example/newsletter/confirm/[redacted]/"
        ),
        "GET /newsletter/unsubscribe/q1w2e3/ HTTP/1.1": (
            "GET /newsletter/unsubscribe/[redacted]/ HTTP/1.1"
        ),
        "/book/coach-calendar/s3cr3t.ics?x=1": "/book/coach-calendar/[redacted]?x=1",
    }
    logger = logging.getLogger("gunicorn.access")

    with caplog.at_level(logging.INFO):
        for path in secrets:
            logger.info("%s", path)
            logger.info("%(r)s", {"r": path})
            logging.getLogger("anything").warning("Seen " + path)

    lines = [r.getMessage() for r in caplog.records]
    for shown in secrets.values():
        assert lines.count(shown) == 2
        assert f"Seen {shown}" in lines
    assert redact("/blog/some-post/") == "/blog/some-post/"


# --- 5. The coach's feed works whatever the neighbours do ---------------------


def test_wrong_feed_addresses_do_not_lock_the_right_one(client, settings):
    settings.RATELIMIT_CACHE_PREFIX = f"rl-test-{uuid4().hex}:"
    settings.COACH_FEED_MISS_RATE = "10/h"
    right = reverse("bookings:coach_feed", args=[CoachFeed.load().token])

    misses = [
        client.get(reverse("bookings:coach_feed", args=[f"wrong{n}"])).status_code
        for n in range(12)
    ]
    answers = [client.get(right).status_code for _ in range(12)]

    assert misses[:10] == [404] * 10
    assert misses[10:] == [429, 429]
    assert answers == [200] * 12


# --- 6. A database connection dropped under a reader --------------------------


def drop_the_site_connection():
    """Terminate this process's PostgreSQL backend, as a restart of the server does."""
    import psycopg

    connection.ensure_connection()
    info = connection.connection.info
    with psycopg.connect(info.dsn, password=connection.settings_dict["PASSWORD"]) as db:
        db.execute("SELECT pg_terminate_backend(%s)", [info.backend_pid])


@pytest.fixture
def reconnect_after():
    yield
    connection.close()  # the test database is flushed on a live connection


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_read_on_a_dropped_connection_is_answered_again(blog, reconnect_after):
    reader = Client(raise_request_exception=False)
    bypass = {"X-Page-Cache": "bypass"}
    assert reader.get("/blog/", headers=bypass).status_code == 200

    for path in ("/blog/", "/", "/blog/post-3/", "/about/"):
        drop_the_site_connection()
        response = reader.get(path, headers=bypass)
        assert response.status_code == 200, path


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_write_on_a_dropped_connection_is_not_repeated(reconnect_after):
    booking = BookingFactory(starts_at=timezone.now() + timedelta(days=3))
    token = tokens.manage_token(booking)
    drop_the_site_connection()

    response = Client(raise_request_exception=False).post(
        f"/book/manage/{token}/cancel/"
    )

    assert response.status_code == 500  # not sent twice: she is told to try again


# --- 8. Security headers on every kind of answer ------------------------------


def test_bad_host_400_carries_the_security_headers(client):
    response = client.get("/book/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name


def test_every_non_html_answer_carries_the_security_headers(client, blog):
    booking = BookingFactory(starts_at=timezone.now() + timedelta(days=3))
    SubscriberFactory()
    paths = [
        "/blog/feed/",
        "/blog/feed/atom/",
        "/sitemap.xml",
        "/robots.txt",
        f"/book/manage/{tokens.manage_token(booking)}/calendar.ics",
        reverse("bookings:coach_feed", args=[CoachFeed.load().token]),
        "/healthz",
    ]
    for path in paths:
        for _ in range(2):  # rendered, then from the cache where it is cached
            response = client.get(path)
            assert response.status_code == 200, path
            for name, value in SECURITY_HEADERS.items():
                assert response.headers.get(name) == value, (path, name)
    cache.clear()
