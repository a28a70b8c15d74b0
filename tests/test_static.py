from django.core.management import call_command
from django.templatetags.static import static
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_static_files_are_hashed_compressed_and_cached_for_a_year(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed_url = static("css/site.css")
    middleware = WhiteNoiseMiddleware(get_response=lambda request: None)

    response = middleware(
        RequestFactory().get(hashed_url, HTTP_ACCEPT_ENCODING="gzip, br")
    )

    assert hashed_url != "/static/css/site.css"
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] in {"br", "gzip"}
    assert "max-age=315360000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    assert (tmp_path / "bootstrap" / "css" / "bootstrap.min.css").exists()
