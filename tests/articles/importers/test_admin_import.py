import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Post
from articles.redirects import Redirect

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/articles/post/import/"


@pytest.fixture
def uploads(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    return settings.IMPORT_UPLOAD_DIR


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


def test_import_page_previews_then_imports(admin_client, export_file, uploads):
    preview = _upload(admin_client, export_file("wordpress.xml"))

    assert preview.status_code == 200
    assert "Would import from WordPress: created 4" in preview.content.decode()
    assert Post.objects.count() == 0
    token = preview.context["token"]

    done = admin_client.post(IMPORT_URL, {"token": token}, follow=True)

    html = done.content.decode()
    assert "Imported from WordPress: created 4" in html
    assert "Leaky gut &amp; MS: where to start" in html
    assert Post.objects.count() == 4 and Redirect.objects.exists()
    assert not list(uploads.iterdir())


def test_import_page_imports_an_upload_only_once(admin_client, export_file, uploads):
    token = _upload(admin_client, export_file("wordpress.xml")).context["token"]
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
