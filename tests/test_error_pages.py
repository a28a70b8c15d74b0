"""Error pages: a request the site cannot read is a 400 page, never a 500."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

pytestmark = pytest.mark.django_db

CSRF = "a" * 32
PAGES = ["/", "/blog/", "/admin/login/", "/book/2030-01-07T15:00Z/"]


def _post_with_charset(path: str, charset: str):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = CSRF
    body = f"name=Ana&csrfmiddlewaretoken={CSRF}".encode("latin-1")
    return client.generic(
        "POST",
        path,
        body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_X_CSRFTOKEN=CSRF,
    )


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("charset", ["latin-1", "utf-16"])
def test_post_in_a_foreign_charset_is_a_400_page(path, charset):
    response = _post_with_charset(path, charset)

    assert response.status_code == 400
    assert "read that request" in response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_post_in_an_unknown_charset_is_no_server_error(path):
    response = _post_with_charset(path, "no-such-charset")

    assert response.status_code < 500


@pytest.mark.parametrize("charset", ["latin-1", "utf-16"])
def test_post_in_a_foreign_charset_to_a_missing_page_is_a_404_page(charset):
    response = _post_with_charset("/missing/", charset)

    assert response.status_code == 404
    assert "find that page" in response.content.decode()


def test_permission_denied_is_the_sites_403_page(rf):
    from coaching.views import permission_denied

    response = permission_denied(rf.post("/", {"x": "1"}), PermissionDenied())

    assert response.status_code == 403
    assert "t allowed" in response.content.decode()


def test_missing_page_is_the_sites_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "find that page" in response.content.decode()


@pytest.mark.parametrize("path", ["/book/2030-01-07T15:00Z/", "/admin/login/"])
def test_form_sent_without_csrf_token_is_the_sites_403_page(path):
    client = Client(enforce_csrf_checks=True)

    response = client.post(path, {"name": "Ana"})

    assert response.status_code == 403
    assert "reload the page" in response.content.decode()
