"""The Redis cache, failing open: an outage costs rate limits, never a booking.

The cache only holds what the site can do without for a while (rate-limit
counters, repeat-send markers). When Redis is down or unreachable each call
answers as if the key were missing, and one warning line says so, at most once a
minute per process, naming neither keys nor values: keys are built from
visitors' addresses. `/healthz` reports the outage (see `coaching.views`).
"""

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_INTERVAL_SECONDS = 60
_last_logged_at: float | None = None


def _log_outage(exc: Exception) -> None:
    global _last_logged_at
    now = time.monotonic()
    if _last_logged_at is not None and now - _last_logged_at < LOG_INTERVAL_SECONDS:
        return
    _last_logged_at = now
    logger.warning(
        "cache unreachable (%s): rate limits and repeat-send checks are skipped",
        type(exc).__name__,
    )


def _fail_open(method, fallback):
    @wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except RedisError as exc:
            _log_outage(exc)
            return fallback(*args, **kwargs)

    return wrapper


def redis_server_url() -> str | None:
    """The Redis server of the site's cache (the first, if several), or None
    when the cache is another backend (the file cache of a development machine)."""
    config = settings.CACHES["default"]
    if config["BACKEND"] != "coaching.cache.FailOpenRedisCache":
        return None
    location = config["LOCATION"]
    if not isinstance(location, str):
        location = location[0]
    return location.replace(";", ",").split(",")[0]


def redis_client(url: str):
    """A redis-py client for `url`, one per process and server: for what Django's
    cache API has no call for (publishing to a channel). Its connection pool
    reconnects after a fork."""
    client = _clients.get(url)
    if client is None:
        import redis

        client = _clients[url] = redis.Redis.from_url(
            url, socket_connect_timeout=1, socket_timeout=1
        )
    return client


_clients: dict = {}


def quietly(method, *args, what: str):
    """A call to any cache that fails open: None when it cannot answer.

    For the parts of the site that only save work with the cache (the page cache,
    kept booking times): with the cache down they do the work instead. One log
    line per failure names `what` and the error's type, never keys or values.
    """
    try:
        return method(*args)
    except Exception as exc:  # noqa: BLE001 - any cache failure means "no cache"
        logger.warning("%s unavailable (%s)", what, type(exc).__name__)
        return None


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache; an unreachable server reads as an empty cache."""

    get = _fail_open(RedisCache.get, lambda key, default=None, **kw: default)
    add = _fail_open(RedisCache.add, lambda *args, **kw: False)
    set = _fail_open(RedisCache.set, lambda *args, **kw: None)
    touch = _fail_open(RedisCache.touch, lambda *args, **kw: False)
    delete = _fail_open(RedisCache.delete, lambda *args, **kw: False)
    has_key = _fail_open(RedisCache.has_key, lambda *args, **kw: False)
    get_many = _fail_open(RedisCache.get_many, lambda *args, **kw: {})
    set_many = _fail_open(RedisCache.set_many, lambda data, *a, **kw: list(data))
    delete_many = _fail_open(RedisCache.delete_many, lambda *args, **kw: None)
    # django-ratelimit reads a count of None as "unknown" and, with
    # RATELIMIT_FAIL_OPEN, lets the request through.
    incr = _fail_open(RedisCache.incr, lambda *args, **kw: None)
    decr = _fail_open(RedisCache.decr, lambda *args, **kw: None)
    clear = _fail_open(RedisCache.clear, lambda *args, **kw: False)
