"""What /healthz checks: the database, the broker and the cache, each by name.

Failures are logged in one line with the error's type only (no addresses, no
keys), and reported by name so the uptime monitor shows what is down.
"""

import logging
import os
import secrets
import threading
import time

from django.core.cache import cache
from django.db import connection

from coaching.cache import redis_client, redis_server_url
from coaching.celery import app as celery_app

logger = logging.getLogger(__name__)


def _database_error() -> str | None:
    try:
        if connection.vendor == "postgresql":
            # One round trip: through a cursor, a reused connection is first
            # checked by Django (CONN_HEALTH_CHECKS), with a query of its own.
            connection.ensure_connection()
            if not connection.is_usable():
                # Dropped by the server (a restart): a new one tells the truth.
                connection.close()
                connection.ensure_connection()
                if not connection.is_usable():
                    raise ConnectionError("the database did not answer SELECT 1")
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        logger.warning("health check: database unreachable (%s)", type(exc).__name__)
        return "database unreachable"
    return None


# The broker is checked at most this often per process: a monitor polling
# /healthz must not open a broker connection on every request, and an outage
# still shows within this many seconds.
BROKER_CHECK_SECONDS = 10
_broker_checked: tuple[float, str | None] | None = None
_broker_lock = threading.Lock()


def _check_broker() -> str | None:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception as exc:  # noqa: BLE001
        logger.warning("health check: broker unreachable (%s)", type(exc).__name__)
        return "broker unreachable"
    return None


def _broker_error() -> str | None:
    global _broker_checked
    with _broker_lock:
        now = time.monotonic()
        if _broker_checked is None or now - _broker_checked[0] >= BROKER_CHECK_SECONDS:
            _broker_checked = (now, _check_broker())
        return _broker_checked[1]


def _cache_error() -> str | None:
    if redis_server_url() is not None:
        return _redis_error()
    # A round trip through the cache as the site uses it. Each check has its
    # own key: with one shared key, two checks at once overwrite each other's
    # probe and report a healthy cache as down.
    probe = secrets.token_hex(8)
    key = f"healthz:probe:{probe}"
    try:
        cache.set(key, probe, 10)
        answered = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        logger.warning("health check: cache unreachable (%s)", type(exc).__name__)
        return "cache unreachable"
    return None if answered == probe else "cache unreachable"


def _redis_error() -> str | None:
    # One write, straight to Redis: the site's cache fails open (an outage
    # reads as a missing value), so this asks the client beneath it, which
    # raises. A write also finds a server that only refuses writes (full, or
    # read-only). One key per process, overwritten, expiring on its own.
    try:
        client = redis_client(redis_server_url())
        client.set(f"healthz:probe:{os.getpid()}", b"1", ex=10)
    except Exception as exc:  # noqa: BLE001
        logger.warning("health check: cache unreachable (%s)", type(exc).__name__)
        return "cache unreachable"
    return None


def problems() -> list[str]:
    """What is down now ("database unreachable", ...); empty when all answer."""
    checks = (_database_error(), _broker_error(), _cache_error())
    return [problem for problem in checks if problem]
