import pytest

from articles.importers.images import (
    FetchError,
    ImageCopier,
    fetch_image,
    original_url,
)
from tests.articles.importers.conftest import picture


@pytest.mark.parametrize(
    ("url", "original"),
    [
        ("https://a.example/up/gut-1024x695.jpg", "https://a.example/up/gut.jpg"),
        ("https://a.example/up/gut.jpg", "https://a.example/up/gut.jpg"),
        ("https://sq.example/c/a.jpg?format=750w", "https://sq.example/c/a.jpg"),
        ("https://a.example/2020-10x20.png", "https://a.example/2020.png"),
    ],
)
def test_original_url_undoes_resized_copies(url, original):
    assert original_url(url) == original


def test_fetch_image_returns_bytes_and_extension(image_server):
    data, extension = fetch_image(f"{image_server.url}/content/v1/5eb0/greens.jpg")

    assert data == picture() and extension == "jpg"


def test_fetch_image_follows_redirects(image_server):
    image_server.add(
        "/moved.jpg", b"", "text/html", 302, {"Location": "/content/v1/5eb0/greens.jpg"}
    )

    assert fetch_image(f"{image_server.url}/moved.jpg")[1] == "jpg"


@pytest.mark.parametrize(
    ("path", "body", "kind", "reason"),
    [
        ("/page.jpg", b"<html>", "text/html", "not a picture"),
        ("/fake.jpg", b"not really a jpeg", "image/jpeg", "not a readable picture"),
        ("/huge.jpg", b"x" * 2048, "image/jpeg", "larger than"),
        ("/missing.jpg", None, None, "answered 404"),
    ],
)
def test_fetch_image_refuses_what_is_not_a_small_picture(
    image_server, settings, path, body, kind, reason
):
    settings.IMPORT_IMAGE_MAX_BYTES = 1024
    if body is not None:
        image_server.add(path, body, kind)

    with pytest.raises(FetchError, match=reason):
        fetch_image(image_server.url + path)


@pytest.mark.parametrize(
    "url",
    ["ftp://a.example/a.jpg", "file:///etc/passwd", "data:image/png;base64,AAAA"],
)
def test_fetch_image_only_speaks_http(url):
    with pytest.raises(FetchError, match="only http and https"):
        fetch_image(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/a.jpg",
        "http://localhost/a.jpg",
        "http://10.0.0.8/a.jpg",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/a.jpg",
    ],  # fmt: skip
)
def test_fetch_image_refuses_private_addresses(settings, url):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = False

    with pytest.raises(FetchError, match="private or local"):
        fetch_image(url)


def test_fetch_image_refuses_private_redirect_targets(image_server, settings):
    image_server.add(
        "/jump.jpg", b"", "text/html", 302, {"Location": "http://10.1.2.3/"}
    )
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = {"127.0.0.1"}

    with pytest.raises(FetchError, match="private or local"):
        fetch_image(f"{image_server.url}/jump.jpg")
    assert image_server.hits["/jump.jpg"] == 1


def test_fetch_image_times_out(settings):
    import socket

    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    settings.IMPORT_IMAGE_TIMEOUT = 0.3
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        with pytest.raises(FetchError, match="did not answer|broke off"):
            fetch_image(f"http://127.0.0.1:{silent.getsockname()[1]}/a.jpg")
    finally:
        silent.close()


def test_copier_keeps_unreachable_addresses_remote(image_server, media_root):
    copier = ImageCopier()
    url = f"{image_server.url}/nowhere.jpg"

    assert copier.local_url(url) == url
    assert copier.remote == {url: "the server answered 404"}


def test_copier_reuses_stored_copies_across_runs(image_server, media_root):
    url = f"{image_server.url}/content/v1/5eb0/greens.jpg"
    first = ImageCopier().copy(url)

    second = ImageCopier().copy(url)

    assert first == second and first.startswith("articles/imported/")
    assert image_server.hits["/content/v1/5eb0/greens.jpg"] == 1
