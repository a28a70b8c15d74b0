import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Post
from articles.redirects import Redirect
from tests.conftest import verify_two_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/articles/post/import/"


def _upload(client, path_or_bytes, name="export.xml"):
    data = (
        path_or_bytes
        if isinstance(path_or_bytes, bytes)
        else path_or_bytes.read_bytes()
    )
    return client.post(IMPORT_URL, {"export": SimpleUploadedFile(name, data)})


def test_post_list_has_an_import_button(admin_client):
    html = admin_client.get("/admin/articles/post/").content.decode()

    assert f'href="{IMPORT_URL}"' in html
    assert "Import from WordPress" in html


def test_import_page_previews_then_imports(
    admin_client, export_file, uploads, eager_tasks, django_capture_on_commit_callbacks
):
    preview = _upload(admin_client, export_file("wordpress.xml"))

    assert preview.status_code == 200
    assert "Would import from WordPress: created 4" in preview.content.decode()
    assert Post.objects.count() == 0
    token = preview.context["token"]

    with django_capture_on_commit_callbacks(execute=True):
        started = admin_client.post(IMPORT_URL, {"token": token})
    done = admin_client.get(started["Location"])

    html = done.content.decode()
    assert "Imported from WordPress: created 4" in html
    assert "Leaky gut &amp; MS: where to start" in html
    assert Post.objects.count() == 4 and Redirect.objects.exists()
    assert not list(uploads.iterdir())


def test_import_page_imports_an_upload_only_once(
    admin_client, export_file, uploads, eager_tasks, django_capture_on_commit_callbacks
):
    token = _upload(admin_client, export_file("wordpress.xml")).context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(IMPORT_URL, {"token": token})

    again = admin_client.post(IMPORT_URL, {"token": token}, follow=True)

    assert "already imported or has expired" in again.content.decode()
    assert Post.objects.count() == 4


@pytest.mark.parametrize("token", ["../../etc/passwd", "0" * 32, ""])
def test_import_page_refuses_unknown_tokens(admin_client, uploads, token):
    response = admin_client.post(IMPORT_URL, {"token": token}, follow=True)

    assert response.status_code == 200
    assert "already imported or has expired" in response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello", "not a readable XML export"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><rss/>', "refused for safety"),
    ],
)
def test_import_page_explains_bad_files(admin_client, uploads, content, message):
    response = _upload(admin_client, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not list(uploads.iterdir())


def test_import_page_refuses_files_over_the_cap(admin_client, uploads, settings):
    settings.IMPORT_MAX_BYTES = 100

    response = _upload(admin_client, b"<rss>" + b" " * 200 + b"</rss>")

    assert "the limit is" in response.content.decode()
    assert not uploads.exists()


def test_import_page_is_for_staff_only(client, uploads):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_import_page_shows_progress_until_the_worker_is_done(
    admin_client, export_file, uploads
):
    token = _upload(admin_client, export_file("wordpress.xml")).context["token"]

    page = admin_client.post(IMPORT_URL, {"token": token}, follow=True)

    html = page.content.decode()
    assert "Importing export.xml" in html
    assert '<meta http-equiv="refresh" content="3">' in html
    assert Post.objects.count() == 0


def test_import_page_shows_runs_only_to_who_started_them(
    admin_client, client, export_file, uploads
):
    token = _upload(admin_client, export_file("wordpress.xml")).context["token"]
    url = admin_client.post(IMPORT_URL, {"token": token})["Location"]
    other = UserFactory(username="other", is_staff=True, is_superuser=True)
    verify_two_factor(client, other)  # signed in with both factors

    assert client.get(url).status_code == 404
