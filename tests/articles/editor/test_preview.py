import pytest
from django.test import Client

from articles.models import Post
from tests.conftest import verify_two_factor
from tests.factories import PostFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/articles/post/editor/preview/"


@pytest.fixture
def msmonday():
    series = SeriesFactory(title="MSMonday", slug="msmonday")
    for number in range(1, 5):
        PostFactory(title=f"Part {number}", series=series)
    return series


def test_preview_renders_the_text_as_the_post_page_does(admin_client):
    post = PostFactory(title="Saved title")

    response = admin_client.post(
        URL, {"post": post.pk, "title": "Typed title", "body": "**Fresh** words"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Typed title</h1>" in html
    assert "<strong>Fresh</strong> words" in html
    assert 'class="post-disclaimer"' in html
    assert "Book a free consult call" in html
    assert Post.objects.get(pk=post.pk).title == "Saved title"


def test_preview_sanitises_like_the_post_page(admin_client):
    response = admin_client.post(URL, {"body": "<script>alert(1)</script>Hi"})

    assert "<script>alert" not in response.content.decode()


def test_preview_ignores_a_half_typed_date(admin_client):
    response = admin_client.post(URL, {"body": "Hi", "reviewed_on": "31/02/20"})

    assert response.status_code == 200


def test_preview_is_for_staff_only(client):
    response = client.post(URL, {"body": "Hi"})

    assert response.status_code == 302


def test_new_draft_of_a_series_previews_as_the_last_part(admin_client, msmonday):
    draft = PostFactory(series=msmonday, status=Post.Status.DRAFT, publish_at=None)

    html = admin_client.get(f"/blog/preview/{draft.pk}/").content.decode()

    assert "Part 5 of 5" in html


def test_unsaved_post_of_a_series_previews_as_the_last_part(admin_client, msmonday):
    response = admin_client.post(URL, {"body": "Hi", "series": msmonday.pk})

    assert "Part 5 of 5" in response.content.decode()


def test_preview_frame_may_be_shown_inside_the_post_form(admin_client):
    post = PostFactory()

    response = admin_client.get(f"/admin/articles/post/editor/preview/frame/{post.pk}/")

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert 'id="post-editor-preview"' in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        URL,
        "/admin/articles/post/editor/autosave/",
        "/admin/articles/post/editor/picture/",
    ],
)
def test_staff_without_post_rights_cannot_use_the_editor(url):
    client = Client()
    verify_two_factor(client, UserFactory(is_staff=True))
    post = PostFactory()

    response = client.post(url, {"post": post.pk, "body": "Hi"})

    assert response.status_code == 403
