"""The Redis cache fails open: an outage reads as an empty cache, logged once."""

import logging

import pytest
from django.test import RequestFactory
from django_ratelimit.core import is_ratelimited
from redis.exceptions import ConnectionError as RedisConnectionError

from coaching import cache as fail_open

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


class _DownClient:
    """Stands in for the Redis client while the server is down."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")

        return fail


@pytest.fixture
def down_cache(monkeypatch):
    cache = fail_open.FailOpenRedisCache("redis://127.0.0.1:6379/0", {})
    monkeypatch.setattr(cache, "_cache", _DownClient())
    monkeypatch.setattr(fail_open, "_last_logged_at", None)
    return cache


def test_down_cache_reads_as_empty(down_cache):
    assert down_cache.get("k", "fallback") == "fallback"
    assert down_cache.add("k", 1) is False
    assert down_cache.incr("k") is None
    assert down_cache.get_many(["a", "b"]) == {}
    assert down_cache.has_key("k") is False
    down_cache.set("k", 1)
    down_cache.delete("k")


def test_down_cache_logs_one_line_a_minute_without_keys(down_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="coaching.cache"):
        down_cache.get("rl:203.0.113.9")
        down_cache.incr("rl:203.0.113.9")
        down_cache.set("rl:203.0.113.9", 1)

    assert caplog.messages == [
        "cache unreachable (ConnectionError): rate limits and repeat-send checks "
        "are skipped"
    ]


def test_rate_limit_lets_requests_through_when_the_cache_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "coaching.cache.FailOpenRedisCache",
            "LOCATION": CLOSED_PORT_REDIS,
        }
    }
    request = RequestFactory().post("/book/")

    limited = [
        is_ratelimited(request, group="g", key="ip", rate="1/h", increment=True)
        for _ in range(3)
    ]

    assert limited == [False, False, False]


def test_settings_make_a_redis_cache_fail_open():
    import subprocess
    import sys

    from tests.test_settings import ROOT

    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.RATELIMIT_FAIL_OPEN)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "coaching.settings",
            "DJANGO_DEBUG": "1",
            "CACHE_URL": "redis://127.0.0.1:6379/5",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.split() == ["coaching.cache.FailOpenRedisCache", "True"]
