"""Hear at once, in every web process, that another process changed the blog.

A process keeps its copy of the blog state while this listener is subscribed to
the Redis channel on which every change is announced after its commit. The
design is in the README's "Page cache" section ("Other processes hear of a
change at once").
"""

import logging
import os
import threading
import time

from coaching.cache import redis_client, redis_server_url

logger = logging.getLogger(__name__)

CHANNEL = "pagecache:blog-changed"
MAX_AGE_SECONDS = 5.0
RETRY_SECONDS = 1.0


def announce_change() -> None:
    """Tell the other processes that the blog changed (sent again after the commit)."""
    url = redis_server_url()
    if url is None:
        return
    try:
        redis_client(url).publish(CHANNEL, b"1")
    except Exception as exc:  # noqa: BLE001 - the copies expire in MAX_AGE_SECONDS
        logger.warning("blog change not announced (%s)", type(exc).__name__)


class BlogWatch:
    """The listener thread of this process and the number of changes it heard."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._subscribed = False
        self._changes = 0

    def generation(self) -> int | None:
        """A number that changes with every change heard; None if not listening.

        Starts the listener in this process on first use (after a fork, too).
        """
        if self._pid != os.getpid():
            self._start()
        return self._changes if self._subscribed else None

    def changed(self) -> None:
        """The blog changed (here, or elsewhere as heard): copies are stale now."""
        with self._lock:
            self._changes += 1

    def _start(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._subscribed = False
            url = redis_server_url()
            if url is None:
                return
            thread = threading.Thread(
                target=self._listen_forever, args=(url,), name="blog-watch", daemon=True
            )
            thread.start()

    def _listen_forever(self, url: str) -> None:
        pid = os.getpid()
        warned = False
        while self._pid == pid:
            try:
                self._listen(url)
            except Exception as exc:  # noqa: BLE001 - any failure: read per request
                # One line per outage, not one per retry; no address in it.
                if self._subscribed or not warned:
                    logger.warning("blog watch lost Redis (%s)", type(exc).__name__)
                warned = True
            finally:
                self._subscribed = False
                self.changed()
            time.sleep(RETRY_SECONDS)

    def _listen(self, url: str) -> None:
        import redis

        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=1,
            socket_keepalive=True,
            health_check_interval=30,
            client_name=f"blog-watch-{os.getpid()}",
        )
        pubsub = client.pubsub()
        try:
            pubsub.subscribe(CHANNEL)
            while True:
                message = pubsub.get_message(timeout=MAX_AGE_SECONDS)
                if message is None:
                    continue
                # A (re)subscription may follow missed messages: both forget.
                self.changed()
                if message["type"] == "subscribe":
                    self._subscribed = True
                    logger.info("blog watch listening")
        finally:
            pubsub.close()
            client.close()


WATCH = BlogWatch()
