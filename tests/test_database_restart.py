"""PostgreSQL drops the site's connections under traffic: no reader gets a 5xx."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from coaching.models import Page
from tests import workers
from tests.factories import PostFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SECONDS = 15
PATHS = ["/", "/blog/", "/blog/restart-1/", "/about/"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def site(tmp_path):
    """gunicorn (2 sync workers, connections kept 60 s) on the test database."""
    for key in (Page.Key.HOME, Page.Key.ABOUT):
        Page.objects.update_or_create(key=key, defaults={"title": "Hi", "body": "x"})
    for n in range(3):
        PostFactory(slug=f"restart-{n}", tags=["gut"])
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": workers.test_database_url(),
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_PAGE_CACHE_BYPASS": "1",  # every request reads the database
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "coaching.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "60"],
        cwd=workers.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/blog/", timeout=5)
                break
            except (urllib.error.URLError, OSError):
                assert time.monotonic() < deadline, "the site did not start"
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def read_all_day(base: str, until: float, statuses: list[int]) -> None:
    n = 0
    while time.monotonic() < until:
        request = urllib.request.Request(
            base + PATHS[n % len(PATHS)], headers={"X-Page-Cache": "bypass"}
        )
        n += 1
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)


def test_terminated_backends_cost_no_reader_a_5xx(site):
    connection.ensure_connection()
    own = connection.connection.info.backend_pid
    statuses: list[int] = []
    until = time.monotonic() + SECONDS
    readers = [
        threading.Thread(target=read_all_day, args=(site, until, statuses))
        for _ in range(3)
    ]
    for reader in readers:
        reader.start()
    killed = 0
    with connection.cursor() as cursor:
        while time.monotonic() < until:
            time.sleep(1)
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> %s"
                " AND backend_type = 'client backend'",
                [own],
            )
            killed += cursor.fetchone()[0]
    for reader in readers:
        reader.join()

    assert killed >= 10
    assert len(statuses) > 50
    assert [s for s in statuses if s >= 500] == []
    assert set(statuses) == {200}
