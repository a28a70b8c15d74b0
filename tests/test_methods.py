"""Pages answer GET, HEAD and POST; every other method is a 405 with an Allow list."""

import pytest

from tests.factories import BookingFactory, PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db

METHODS = ["TRACE", "OPTIONS", "PUT", "PATCH", "DELETE", "BREW"]


@pytest.fixture
def pages(site_pages):
    series = SeriesFactory(slug="msmonday")
    PostFactory(slug="leaky-gut", series=series, tags=["gut"])
    return [
        "/",
        "/about/",
        "/privacy/",
        "/blog/",
        "/blog/leaky-gut/",
        "/blog/tag/gut/",
        "/blog/series/msmonday/",
        "/blog/feed/",
        "/blog/feed/atom/",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/book/",
        "/book/2030-01-07T15:00Z/",
        "/book/cancelled/",
        "/admin/login/",
    ]


@pytest.mark.parametrize("method", METHODS)
def test_unsupported_method_is_405_with_allow_header(client, pages, method):
    for path in pages:
        response = client.generic(method, path)

        assert response.status_code == 405, path
        assert response.headers["Allow"] == "GET, HEAD, POST", path
        assert response.content == b"", path


def test_unsupported_method_on_manage_link_is_405(client):
    from bookings.tokens import manage_token

    token = manage_token(BookingFactory())

    response = client.options(f"/book/manage/{token}/")

    assert response.status_code == 405


def test_unsupported_method_on_missing_page_is_still_404(client):
    assert client.generic("TRACE", "/no-such-page/").status_code == 404


def test_get_and_head_still_answer(client, pages):
    for path in pages:
        assert client.get(path).status_code < 400, path
        assert client.head(path).status_code < 400, path
