import pytest
from django.urls import reverse

from coaching.models import Page

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/about/", "/privacy/", "/disclaimer/"])
def test_site_page_answers_200(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert b'href="#main"' in response.content


def test_page_text_comes_from_the_admin_edited_row(client):
    page = Page.objects.get(key=Page.Key.ABOUT)
    page.title = "Hello from the coach"
    page.body = "I **love** soup."
    page.save()

    response = client.get("/about/")

    assert b"Hello from the coach" in response.content
    assert b"<strong>love</strong>" in response.content


def test_page_body_markdown_is_sanitised(client):
    page = Page.objects.get(key=Page.Key.PRIVACY)
    page.body = "Hi <script>alert(1)</script> [x](javascript:alert(1))"
    page.save()

    response = client.get("/privacy/")

    assert b"<script>alert" not in response.content
    assert b"javascript:alert" not in response.content


def test_header_has_booking_button(client):
    response = client.get("/")

    assert f'href="{reverse("bookings:book")}"'.encode() in response.content
    assert b"Book a free consult" in response.content


def test_footer_has_disclaimer_privacy_and_contact(client):
    html = client.get("/about/").content.decode()

    assert "not medical advice" in html
    assert 'href="/privacy/"' in html
    assert "mailto:" in html


def test_unknown_path_gets_friendly_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"find that page" in response.content
    assert b"Book a free consult" in response.content


def test_server_error_page_renders_without_database(rf):
    from coaching.views import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_admin_cannot_add_or_delete_site_pages(admin_client):
    assert admin_client.get("/admin/coaching/page/add/").status_code == 403
    page = Page.objects.get(key=Page.Key.HOME)
    assert (
        admin_client.get(f"/admin/coaching/page/{page.pk}/delete/").status_code == 403
    )
