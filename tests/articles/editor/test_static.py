import os

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

from articles.editor.widgets import VENDOR_FILES, vendor_installed

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture
def npm_installed():
    vendor_installed.cache_clear()
    if not vendor_installed():
        reason = "needs the editor's npm packages: run `make install` (npm ci)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
        pytest.skip(reason)


def test_editor_libraries_are_collected_hashed_and_served(
    settings, tmp_path, npm_installed
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    middleware = WhiteNoiseMiddleware(get_response=lambda request: None)

    responses = {
        name: middleware(RequestFactory().get(static(name))) for name in VENDOR_FILES
    }

    assert all(static(name) != f"/static/{name}" for name in VENDOR_FILES)
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(
        VENDOR_FILES, 200
    )
    assert all("immutable" in r.headers["Cache-Control"] for r in responses.values())
