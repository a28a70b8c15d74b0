"""Anonymous readers get whole pages from the cache; nobody gets a stale one."""

import gzip
import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from articles import services
from articles.models import Post
from coaching.models import Page
from tests.factories import PostFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db

CACHED_PATHS = [
    "/",
    "/about/",
    "/blog/",
    "/blog/cached-post/",
    "/blog/series/msmonday/",
    "/blog/tag/gut/",
    "/blog/feed/",
    "/blog/feed/atom/",
    "/sitemap.xml",
]


@pytest.fixture
def blog(db):
    for key, title in ((Page.Key.HOME, "Welcome"), (Page.Key.ABOUT, "About me")):
        Page.objects.update_or_create(key=key, defaults={"title": title, "body": "x"})
    return PostFactory(
        slug="cached-post",
        title="Cached post",
        series=SeriesFactory(slug="msmonday"),
        tags=["gut"],
    )


def without_nonce(content: bytes) -> bytes:
    """A page as the cache stores it: the rendering response's nonce removed."""
    return re.sub(rb' nonce="[^"]*"', b"", content)


def served_from_cache(response) -> bool:
    return response.headers.get("X-Page-Cache") == "hit"


@pytest.mark.parametrize("path", CACHED_PATHS)
def test_page_cache_serves_the_second_anonymous_reader(client, blog, path):
    first = client.get(path)

    second = client.get(path)

    assert first.status_code == second.status_code == 200
    assert first.headers["X-Page-Cache"] == "miss"
    assert served_from_cache(second)
    assert second.content == without_nonce(first.content)


def test_page_cache_is_bypassed_for_staff(client, blog):
    client.get("/blog/cached-post/")
    client.force_login(UserFactory(is_staff=True))

    response = client.get("/blog/cached-post/")

    assert response.status_code == 200
    assert "X-Page-Cache" not in response.headers


def test_page_cache_is_bypassed_for_a_visitor_with_a_session(client, blog):
    client.get("/blog/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"

    response = client.get("/blog/")

    assert "X-Page-Cache" not in response.headers


def test_page_cache_never_keeps_previews(client, blog):
    client.force_login(UserFactory(is_staff=True))
    draft = PostFactory(status=Post.Status.DRAFT, title="Secret draft")
    client.get(f"/blog/preview/{draft.pk}/")
    client.logout()

    response = client.get(f"/blog/preview/{draft.pk}/")

    assert response.status_code == 404
    assert b"Secret draft" not in response.content


def test_page_cache_never_keeps_booking_pages(client, blog):
    client.get("/book/")

    response = client.get("/book/")

    assert "X-Page-Cache" not in response.headers


def test_page_cache_never_keeps_searches(client, blog):
    client.get("/blog/?q=gut")

    response = client.get("/blog/?q=gut")

    assert not served_from_cache(response)


def test_page_cache_ignores_campaign_parameters(client, blog):
    client.get("/blog/cached-post/")

    response = client.get("/blog/cached-post/?fbclid=abc&utm_source=group")

    assert served_from_cache(response)


def test_page_cache_bypass_header_needs_the_setting(client, blog, settings):
    client.get("/blog/")
    settings.PAGE_CACHE_ALLOW_BYPASS = False
    assert served_from_cache(client.get("/blog/", headers={"X-Page-Cache": "bypass"}))

    settings.PAGE_CACHE_ALLOW_BYPASS = True
    response = client.get("/blog/", headers={"X-Page-Cache": "bypass"})

    assert response.status_code == 200
    assert "X-Page-Cache" not in response.headers


def test_editing_a_post_shows_at_once_from_cache(client, blog):
    client.get("/blog/cached-post/")
    client.get("/blog/")

    blog.title = "A better title"
    services.save_post(post=blog)

    assert b"A better title" in client.get("/blog/cached-post/").content
    assert b"A better title" in client.get("/blog/").content


def test_unpublishing_a_post_removes_it_at_once(client, blog):
    client.get("/blog/cached-post/")
    client.get("/blog/")

    services.unpublish_post(post=blog)

    assert client.get("/blog/cached-post/").status_code == 404
    assert b"Cached post" not in client.get("/blog/").content


def test_publishing_a_post_shows_it_at_once(client, blog):
    draft = PostFactory(status=Post.Status.DRAFT, publish_at=None, title="Fresh news")
    client.get("/blog/")

    services.publish_post(post=draft)

    assert b"Fresh news" in client.get("/blog/").content
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_retagging_a_post_shows_at_once(client, blog):
    client.get("/blog/tag/gut/")

    blog.tags.set(["sleep"])

    assert client.get("/blog/tag/gut/").status_code == 404


def test_editing_a_site_page_shows_at_once(client, blog):
    client.get("/about/")

    page = Page.objects.get(key=Page.Key.ABOUT)
    page.title = "All about me"
    page.save()

    assert b"All about me" in client.get("/about/").content


def test_scheduled_post_appears_on_time_from_cached_pages(client, blog):
    start = timezone.now()
    PostFactory(
        title="Scheduled story", slug="monday", publish_at=start + timedelta(minutes=1)
    )
    with time_machine.travel(start, tick=False) as traveller:
        client.get("/blog/")
        listing = client.get("/blog/")
        assert served_from_cache(listing)
        assert b"Scheduled story" not in listing.content

        traveller.shift(timedelta(minutes=1, seconds=1))

        assert b"Scheduled story" in client.get("/blog/").content
        assert b"Scheduled story" in client.get("/blog/feed/").content
        assert client.get("/blog/monday/").status_code == 200


def test_cached_page_is_the_same_whatever_the_zone_cookie(client, blog):
    client.cookies["tz"] = "Australia/Sydney"
    stored = client.get("/blog/cached-post/")
    del client.cookies["tz"]

    again = client.get("/blog/cached-post/")

    assert served_from_cache(again)
    assert again.content == without_nonce(stored.content)


def test_cached_page_has_no_nonce_and_no_csrf_token(client, blog):
    client.get("/blog/cached-post/")

    response = client.get("/blog/cached-post/")

    assert served_from_cache(response)
    assert b"nonce=" not in response.content
    assert b"csrfmiddlewaretoken" not in response.content
    assert "Set-Cookie" not in response.headers


def test_cached_page_keeps_a_strict_policy_and_frame_denial(client, blog):
    client.get("/blog/cached-post/")

    response = client.get("/blog/cached-post/")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


def test_cached_page_answers_revalidation_with_304(client, blog):
    stored = client.get("/blog/cached-post/")

    response = client.get(
        "/blog/cached-post/",
        headers={"If-Modified-Since": stored.headers["Last-Modified"]},
    )

    assert response.status_code == 304
    assert served_from_cache(response)


def test_uncached_post_answers_revalidation_with_304(client, blog, settings):
    settings.PAGE_CACHE_ALLOW_BYPASS = True
    bypass = {"X-Page-Cache": "bypass"}
    stored = client.get("/blog/cached-post/", headers=bypass)

    response = client.get(
        "/blog/cached-post/",
        headers={"If-Modified-Since": stored.headers["Last-Modified"], **bypass},
    )

    assert response.status_code == 304


def test_cached_page_is_sent_compressed(client, blog):
    first = client.get("/blog/cached-post/")

    response = client.get("/blog/cached-post/", headers={"Accept-Encoding": "gzip"})

    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.content) == without_nonce(first.content)


def test_post_dates_are_the_coach_calendar_date_for_every_visitor(client, blog):
    # 23:30 on 16 November in Chicago is already 17 November in Sydney.
    blog.publish_at = datetime(2025, 11, 17, 5, 30, tzinfo=UTC)
    services.save_post(post=blog)
    client.cookies["tz"] = "Australia/Sydney"

    for path in ("/blog/cached-post/", "/blog/", "/"):
        content = client.get(path).content

        assert b"16 November 2025" in content
        assert b"17 November 2025" not in content


def test_blog_pages_are_rendered_when_the_cache_is_down(client, blog, caplog):
    from django.core.cache import cache

    with (
        mock.patch.object(cache, "get_many", side_effect=ConnectionError),
        mock.patch.object(cache, "get", side_effect=ConnectionError),
    ):
        response = client.get("/blog/cached-post/")

    assert response.status_code == 200
    assert "page cache unavailable" in caplog.text


def test_page_cache_keeps_list_pages_but_not_odd_page_numbers(client, blog):
    client.get("/blog/?page=1")
    client.get("/blog/?page=99999999")

    assert served_from_cache(client.get("/blog/?page=1"))
    assert not served_from_cache(client.get("/blog/?page=99999999"))


def _stored(version: str, size: int):
    from coaching.pagecache import _Page

    return _Page((version, None, {}, b"x" * size, b""))


def test_local_pages_keep_the_newest_within_their_size():
    from coaching.pagecache import _LocalPages

    pages = _LocalPages(max_bytes=800)
    for n in range(10):
        pages.put(f"/p{n}/", _stored("v1", 100))
    pages.get("/p3/", "v1")  # read lately: kept
    pages.put("/p10/", _stored("v1", 100))

    kept = [n for n in range(11) if pages.get(f"/p{n}/", "v1") is not None]
    assert kept == [3, 4, 5, 6, 7, 8, 9, 10]


def test_local_pages_never_answer_for_another_version():
    from coaching.pagecache import _LocalPages

    pages = _LocalPages(max_bytes=10_000)
    pages.put("/blog/", _stored("v1", 100))

    assert pages.get("/blog/", "v2") is None
    assert pages.get("/blog/", "v1") is None  # the stale copy was dropped


def test_local_pages_skip_a_page_too_big_to_keep():
    from coaching.pagecache import _LocalPages

    pages = _LocalPages(max_bytes=800)
    pages.put("/huge/", _stored("v1", 700))

    assert pages.get("/huge/", "v1") is None


def test_cached_pages_follow_a_changed_policy(client, blog, settings):
    client.get("/blog/cached-post/")
    assert client.get("/blog/cached-post/").headers["X-Page-Cache"] == "hit"

    settings.SECURE_CSP = {**settings.SECURE_CSP, "img-src": ["'self'"]}
    response = client.get("/blog/cached-post/")

    assert "img-src 'self';" in response.headers["Content-Security-Policy"]


def test_editing_a_post_shows_at_once_to_a_reader_with_a_session(client, blog):
    client.cookies["sessionid"] = "not-a-real-session"
    assert b"Cached post" in client.get("/blog/cached-post/").content

    blog.title = "A better title"
    services.save_post(post=blog)

    assert b"A better title" in client.get("/blog/cached-post/").content


def test_unpublishing_a_post_hides_it_at_once_from_a_reader_with_a_session(
    client, blog
):
    client.cookies["sessionid"] = "not-a-real-session"
    client.get("/blog/cached-post/")

    blog.status = Post.Status.DRAFT
    services.save_post(post=blog)

    assert client.get("/blog/cached-post/").status_code == 404
