"""The number of queries per page does not grow with the number of posts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import PostFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db

PATHS = [
    "/",
    "/blog/",
    "/blog/?q=gut",
    "/blog/?page=2",
    "/blog/post-0/",
    "/blog/series/msmonday/",
    "/blog/tag/gut/",
    "/blog/feed/",
    "/blog/feed/atom/",
    "/sitemap.xml",
]


def add_posts(start, stop, *, series, author):
    now = timezone.now()
    for n in range(start, stop):
        PostFactory(
            slug=f"post-{n}",
            title=f"Gut post {n}",
            series=series,
            author=author,
            publish_at=now - timedelta(hours=n + 1),
            tags=["gut", f"topic {n % 7}"],
        )


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", PATHS)
def test_query_count_is_the_same_with_10_and_200_posts(client, path):
    series = SeriesFactory(slug="msmonday")
    author = UserFactory()
    add_posts(0, 10, series=series, author=author)
    with_10 = count_queries(client, path)

    add_posts(10, 200, series=series, author=author)
    with_200 = count_queries(client, path)

    assert with_10 == with_200


def test_post_page_needs_at_most_eight_queries(client, django_assert_max_num_queries):
    series = SeriesFactory(slug="msmonday")
    add_posts(0, 5, series=series, author=UserFactory())

    with django_assert_max_num_queries(8):
        client.get("/blog/post-0/")


# Queries per page for the first reader after a change (blog state included),
# no more than before the page cache came: home 3, list 3, search 2, post 6
# (now 5), series 4, tag 4, feeds 3, sitemap 6 (now 4).
BUDGETS = {
    "/": 3,
    "/blog/": 3,
    "/blog/?q=gut": 2,
    "/blog/?page=2": 3,
    "/blog/post-0/": 5,
    "/blog/series/msmonday/": 4,
    "/blog/tag/gut/": 4,
    "/blog/feed/": 3,
    "/blog/feed/atom/": 3,
    "/sitemap.xml": 4,
}


@pytest.mark.parametrize(("path", "budget"), BUDGETS.items())
def test_first_reader_after_a_change_needs_no_more_queries_than_before(
    client, path, budget
):
    series = SeriesFactory(slug="msmonday")
    add_posts(0, 12, series=series, author=UserFactory())

    assert count_queries(client, path) <= budget


def test_cached_page_needs_no_query(client):
    series = SeriesFactory(slug="msmonday")
    add_posts(0, 3, series=series, author=UserFactory())
    client.get("/blog/post-0/")

    assert count_queries(client, "/blog/post-0/") == 0


def test_a_reader_with_a_session_gets_a_known_post_without_a_query(client):
    """The page cache skips her, but the post and what is around it are kept."""
    series = SeriesFactory(slug="msmonday")
    add_posts(0, 3, series=series, author=UserFactory())
    client.cookies["sessionid"] = "not-a-real-session"
    assert "Gut post 0" in client.get("/blog/post-0/").content.decode()

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/blog/post-0/")

    assert response.status_code == 200
    assert "Gut post 0" in response.content.decode()
    assert response.headers.get("X-Page-Cache") is None
    # Only the session lookup, nothing about posts.
    assert [q["sql"] for q in queries if "articles_" in q["sql"]] == []
