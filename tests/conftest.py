import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1
        ):
            return True
    except OSError:
        return False


def _missing_service(marker: str) -> str | None:
    """Why a test with this marker cannot run here, or None when it can."""
    if marker == "postgres":
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    elif marker == "broker":
        url = settings.CELERY_BROKER_URL
        if url.startswith("filesystem://"):
            return "needs a network broker: set CELERY_BROKER_URL=redis://..."
        if not _port_open(url, 6379):
            return f"broker at {urlparse(url).hostname} does not answer"
    elif marker == "browser" and not shutil.which(CHROMIUM):
        return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def pytest_runtest_setup(item):
    for marker in ("postgres", "broker", "browser"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _missing_service(marker)
        if reason is None:
            continue
        if REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls that
    # tests make between browser steps are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def phone_page(browser):
    """A page sized like a phone (390 px wide)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site_pages(db):
    """The four site pages, as the data migration creates them.

    Tests with transaction=True empty every table afterwards, data-migration rows
    included, so tests that need the pages ask for them.
    """
    import importlib

    from django.apps import apps

    from coaching.models import Page

    migration = importlib.import_module("coaching.migrations.0002_site_pages")
    migration.create_pages(apps, None)
    return {page.key: page for page in Page.objects.all()}


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with no stored pages: rolled-back rows bump no version."""
    from django.core.cache import cache

    from coaching.pagecache import STATE_KEY

    cache.delete(STATE_KEY)
