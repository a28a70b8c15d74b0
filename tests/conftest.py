import importlib.util
import logging
import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
NGINX_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"])
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
    elif marker == "redis":
        from coaching.cache import redis_server_url

        url = redis_server_url()
        if url is None:
            return "needs the Redis cache: set CACHE_URL=redis://..."
        if not _port_open(url, 6379):
            return "the Redis cache does not answer"
    elif marker == "caldav":
        if importlib.util.find_spec("radicale") is None:
            return "needs Radicale (pip install radicale, the dev group)"
    elif marker == "browser" and not shutil.which(CHROMIUM):
        return f"needs Chromium at {CHROMIUM} (apt-get install chromium)"
    elif marker == "proxy" and not shutil.which("nginx", path=NGINX_PATH):
        return "needs nginx (apt-get install nginx)"
    return None


def pytest_runtest_setup(item):
    for marker in ("postgres", "broker", "redis", "browser", "caldav", "proxy"):
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
    """Each test starts with an empty cache: rolled-back rows bump no version,
    and entries left by earlier tests cannot fill the file cache up to its
    limit, where it culls a random third (the blog state among them)."""
    from django.core.cache import cache

    from bookings.times_cache import bump_calendar_version
    from coaching.pagecache import forget_blog_state

    cache.clear()
    forget_blog_state()
    bump_calendar_version()


def verify_two_factor(client, user):
    """Sign `user` in on this test client as if she typed her authenticator code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test app")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def admin_client(db, admin_user):
    """A superuser signed in with both factors, as the back office requires.

    Its own test client, as pytest-django's is, so `client` stays anonymous.
    """
    from django.test import Client

    browser = Client()
    verify_two_factor(browser, admin_user)
    return browser


@pytest.fixture
def coach_user(db):
    """The coach's own account: staff in the Coach group, not a superuser."""
    from coaching.roles import coach_group
    from tests.factories import UserFactory

    user = UserFactory(username="coach", is_staff=True, is_superuser=False)
    user.groups.add(coach_group())
    return user


@pytest.fixture
def coach_client(db, coach_user):
    """A test client signed in as the coach, with both factors."""
    from django.test import Client

    browser = Client()
    verify_two_factor(browser, coach_user)
    return browser


# --- Mail and workers -----------------------------------------------------------


@pytest.fixture
def smtp_server(settings):
    """A local SMTP server; every mailer alias sends to it during the test.

    `smtp_server.set_mode(address, "temp" | "perm")` refuses that recipient with
    a 450 or a 550; `smtp_server.count(address)` counts what was accepted.
    """
    from tests.smtp import SmtpServer

    # aiosmtpd logs every SMTP command at INFO, addresses included.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = SmtpServer()
    server.start()
    settings.MAILERS = {alias: server.mailer() for alias in settings.MAILERS}
    yield server
    server.stop()


@pytest.fixture
def celery_worker_process(tmp_path, transactional_db):
    """Start real `celery -A coaching worker` processes on the test database.

    Call it (`celery_worker_process(name="w1", TEST_SMTP_PORT=port)`) to start one,
    with `beat=True` (and TEST_BEAT_SECONDS=1 for a fast schedule) to start beat;
    keyword arguments other than name/pool/concurrency/beat become its environment.
    The queue is emptied first so tasks left by earlier runs do not interfere.
    """
    from coaching.celery import app
    from tests.workers import WorkerProcess, worker_env

    app.control.purge()
    started = []

    def start(*, name="worker1", pool="solo", concurrency=1, beat=False, **env):
        worker = WorkerProcess(
            name=name,
            log_path=tmp_path / f"{name}.log",
            env=worker_env(**env),
            pool=pool,
            concurrency=concurrency,
            beat=beat,
        )
        started.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def claim_loop(transactional_db):
    """Run the claim and sweep jobs every half second, as beat does every minute."""
    import threading

    from django.db import connection

    from outbox import tasks

    stop = threading.Event()

    def loop():
        while not stop.is_set():
            tasks.sweep_stale_messages.apply()
            tasks.claim_due_messages.apply()
            stop.wait(0.5)
        connection.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=10)


# Fixtures that need the real broker publish (a worker, or a dead broker).
DEAD_BROKER_URL = "redis://127.0.0.1:9/0"
REAL_PUBLISH_FIXTURES = {"celery_worker_process", "dead_broker"}


@pytest.fixture
def published(request, monkeypatch):
    """Outbox send tasks, recorded instead of sent to the broker.

    Not with `celery_worker_process` or `dead_broker`, which need the real publish.
    """
    from outbox import tasks

    calls: list[list[int]] = []
    if REAL_PUBLISH_FIXTURES.isdisjoint(request.fixturenames):

        def record(args=None, kwargs=None, **options):
            calls.append(kwargs["message_ids"])

        monkeypatch.setattr(tasks.send_messages, "apply_async", record)
    return calls


@pytest.fixture
def dead_broker():
    """Point the Celery app at a broker port where nothing listens."""
    from coaching.celery import app

    def reset_connections():
        app._pool = None
        app.amqp._producer_pool = None

    with pytest.MonkeyPatch.context() as patch:
        # Celery reads CELERY_BROKER_URL from the environment before its settings.
        patch.setenv("CELERY_BROKER_URL", DEAD_BROKER_URL)
        patch.setitem(app.conf, "broker_url", DEAD_BROKER_URL)
        reset_connections()
        yield
    reset_connections()
