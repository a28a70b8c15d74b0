"""A cache outage (Redis stopped) never stops a booking."""

import logging
import shutil
import socket
import subprocess
import time

import pytest

from bookings.models import Booking
from tests.bookings.conftest import SLOT_PATH

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_down(settings, monkeypatch):
    """The site's cache pointed at a port nothing listens on."""
    from coaching import cache

    monkeypatch.setattr(cache, "_last_logged_at", None)
    settings.CACHES = {
        "default": {
            "BACKEND": "coaching.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_booking_succeeds_while_the_cache_is_down(
    client, schedule, form_data, cache_down, settings
):
    settings.BOOKING_RATE_LIMIT = "1/h"
    data = form_data(client)

    response = client.post(SLOT_PATH, data)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/book/confirmed/")
    assert Booking.objects.count() == 1


def test_cache_outage_is_logged_in_one_line_without_her_details(
    client, schedule, form_data, cache_down, caplog
):
    data = form_data(client)

    with caplog.at_level(logging.INFO):
        client.post(SLOT_PATH, data, REMOTE_ADDR="203.0.113.9")

    outage = [r for r in caplog.records if r.name == "coaching.cache"]
    assert len(outage) == 1
    assert outage[0].exc_info is None
    logged = "\n".join(caplog.messages)
    for detail in ("visitor@example.com", "Demo Visitor", "203.0.113.9", "Fatigue"):
        assert detail not in logged


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of the test's own, on a free port, that the test can stop."""
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        pytest.skip("needs redis-server on PATH")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield server, f"redis://127.0.0.1:{port}/0"
    server.kill()
    server.wait(timeout=10)


def test_stopping_redis_mid_day_leaves_booking_open_and_healthz_says_so(
    client, schedule, form_data, settings, own_redis, monkeypatch
):
    from coaching import cache, health

    monkeypatch.setattr(cache, "_last_logged_at", None)
    monkeypatch.setattr(health, "_broker_checked", None)
    server, url = own_redis
    settings.CACHES = {
        "default": {"BACKEND": "coaching.cache.FailOpenRedisCache", "LOCATION": url}
    }
    assert client.get("/healthz").status_code == 200
    data = form_data(client)

    server.terminate()
    server.wait(timeout=10)
    booked = client.post(SLOT_PATH, data)
    health = client.get("/healthz")

    assert booked.status_code == 302
    assert Booking.objects.count() == 1
    assert health.status_code == 503
    assert health.json()["errors"] == ["cache unreachable"]
