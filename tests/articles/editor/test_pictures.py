import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.editor.models import PostImage
from tests.articles.editor.conftest import picture_file, stored_files
from tests.conftest import verify_two_factor
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/articles/post/editor/picture/"


def _send(client, upload, **fields):
    return client.post(URL, {"image": upload, "alt": "Greens", **fields})


def test_picture_upload_keeps_the_picture_and_its_copies(admin_client, media_root):
    post = PostFactory()

    response = _send(admin_client, picture_file(), post=post.pk)

    picture = PostImage.objects.get()
    assert response.status_code == 200
    assert response.json()["url"] == picture.image.url
    assert (picture.width, picture.height, picture.alt) == (1600, 1000, "Greens")
    assert picture.post == post
    assert [copy["width"] for copy in picture.renditions] == [480, 800, 1200]
    assert all((media_root / copy["name"]).exists() for copy in picture.renditions)


def test_picture_takes_the_extension_of_what_it_is(admin_client, media_root):
    upload = picture_file(name="photo", image_format="PNG")

    _send(admin_client, upload)

    assert PostImage.objects.get().image.name.endswith(".png")


def test_a_text_file_named_jpg_is_refused_and_nothing_is_kept(admin_client, media_root):
    upload = SimpleUploadedFile("cat.jpg", b"not a picture at all", "image/jpeg")

    response = _send(admin_client, upload)

    assert response.status_code == 400
    assert "not a picture" in response.json()["error"]
    assert not PostImage.objects.exists()
    assert stored_files(media_root) == []


def test_a_picture_over_15_mb_is_refused_and_nothing_is_kept(admin_client, media_root):
    header = picture_file().read()
    upload = SimpleUploadedFile("huge.png", header + b"\0" * (16 * 1024 * 1024))

    response = _send(admin_client, upload)

    assert response.status_code == 400
    assert "16 MB; the limit is 15 MB" in response.json()["error"]
    assert not PostImage.objects.exists()
    assert stored_files(media_root) == []


def test_a_picture_cut_short_is_refused_and_nothing_is_kept(admin_client, media_root):
    data = picture_file(image_format="JPEG").read()
    upload = SimpleUploadedFile("broken.jpg", data[: len(data) // 2], "image/jpeg")

    response = _send(admin_client, upload)

    assert response.status_code == 400
    assert "damaged" in response.json()["error"]
    assert stored_files(media_root) == []


def test_a_picture_needs_a_description_or_decorative(admin_client, media_root):
    response = admin_client.post(URL, {"image": picture_file()})

    assert response.status_code == 400
    assert "Describe the picture" in response.json()["error"]
    assert stored_files(media_root) == []


def test_a_decorative_picture_has_no_description(admin_client, media_root):
    admin_client.post(URL, {"image": picture_file(), "is_decorative": "on"})

    assert PostImage.objects.get().is_decorative


def test_only_staff_can_upload(client, media_root):
    response = _send(client, picture_file())

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert stored_files(media_root) == []


def test_upload_needs_the_csrf_token(media_root):
    client = Client(enforce_csrf_checks=True)
    verify_two_factor(client, UserFactory(is_staff=True, is_superuser=True))

    response = _send(client, picture_file())

    assert response.status_code == 403
    assert stored_files(media_root) == []


@pytest.mark.parametrize("post", ["abc", "999999"])
def test_upload_for_a_missing_post_is_a_404(admin_client, media_root, post):
    response = _send(admin_client, picture_file(), post=post)

    assert response.status_code == 404
    assert stored_files(media_root) == []
