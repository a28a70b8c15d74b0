import logging
import types

import pytest

from coaching import health
from coaching.celery import app as celery_app

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def fresh_broker_check(monkeypatch):
    """Each test starts with no remembered broker answer and its own clock."""
    clock = types.SimpleNamespace(now=1000.0)
    monkeypatch.setattr(health, "_broker_checked", None)
    monkeypatch.setattr(
        health, "time", types.SimpleNamespace(monotonic=lambda: clock.now)
    )
    return clock


def _break_broker(monkeypatch):
    # A port nothing listens on: the broker cannot be reached.
    for key in ("broker_url", "broker_write_url"):
        monkeypatch.setitem(celery_app.conf, key, CLOSED_PORT_REDIS)
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", {})


@pytest.fixture
def cache_down(settings):
    """The site's Redis cache pointed at a closed port, as when Redis is stopped."""
    settings.CACHES = {
        "default": {
            "BACKEND": "coaching.cache.FailOpenRedisCache",
            "LOCATION": CLOSED_PORT_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_healthz_ok_when_database_broker_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_503_when_broker_unreachable(client, monkeypatch):
    _break_broker(monkeypatch)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["errors"] == ["broker unreachable"]


def test_healthz_503_when_database_unreachable(client, monkeypatch):
    from django.db import OperationalError, connection

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", down)
    monkeypatch.setattr(connection, "ensure_connection", down)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert "database unreachable" in response.json()["errors"]


def test_healthz_503_when_cache_unreachable(client, cache_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "errors": ["cache unreachable"]}


def test_healthz_reuses_a_recent_broker_answer(client, monkeypatch):
    opened = []
    real_connection = celery_app.connection_for_write

    def counting_connection(*args, **kwargs):
        opened.append(1)
        return real_connection(*args, **kwargs)

    monkeypatch.setattr(celery_app, "connection_for_write", counting_connection)

    for _ in range(5):
        assert client.get("/healthz").status_code == 200

    assert len(opened) == 1


def test_healthz_reports_a_broker_outage_within_30_seconds(
    client, monkeypatch, fresh_broker_check
):
    assert client.get("/healthz").status_code == 200
    _break_broker(monkeypatch)

    fresh_broker_check.now += 30
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["errors"] == ["broker unreachable"]


def test_healthz_logs_outages_without_details(client, monkeypatch, cache_down, caplog):
    _break_broker(monkeypatch)

    with caplog.at_level(logging.WARNING):
        client.get("/healthz")

    assert caplog.messages
    assert all("\n" not in message for message in caplog.messages)
    assert not any("healthz:probe" in message for message in caplog.messages)


def test_healthz_cache_check_survives_a_check_running_at_the_same_time(
    client, monkeypatch
):
    from django.core.cache import cache

    from coaching import health

    class AnotherCheckInBetween:
        """The real cache, with another request's check run between set and get."""

        def __init__(self):
            self.interleaved = False

        def __getattr__(self, name):
            return getattr(cache, name)

        def get(self, key, *args, **kwargs):
            if not self.interleaved:
                self.interleaved = True
                health._cache_error()
            return cache.get(key, *args, **kwargs)

    monkeypatch.setattr(health, "cache", AnotherCheckInBetween())

    response = client.get("/healthz")

    assert response.status_code == 200, response.content


def test_healthz_is_answered_before_sessions_csrf_and_login(client, monkeypatch):
    """The monitor's poll costs no session, CSRF, login or zone work."""
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.middleware.csrf import CsrfViewMiddleware

    def never(*args, **kwargs):
        raise AssertionError("the health check went through the whole stack")

    monkeypatch.setattr(SessionMiddleware, "process_request", never)
    monkeypatch.setattr(CsrfViewMiddleware, "process_view", never)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.postgres
def test_healthz_reconnects_when_the_server_dropped_its_connection(
    client, transactional_db
):
    """After a database restart the old connection is dead, the database is not."""
    import psycopg
    from django.db import connection

    connection.ensure_connection()
    dead = connection.connection.info.backend_pid
    with psycopg.connect(
        **connection.get_connection_params(), autocommit=True
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [dead])

    response = client.get("/healthz")

    assert response.status_code == 200, response.content
    assert connection.connection.info.backend_pid != dead
