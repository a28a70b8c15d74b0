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
