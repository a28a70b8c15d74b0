"""A page-cache hit costs no Redis round trip, and is never staler for it.

Each process keeps the blog state it read last while its listener hears of no
change (coaching.blogwatch); these tests change the blog from another process,
lose the listener's connection, and check what the next reader gets.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from articles.models import Post
from coaching import blogwatch, pagecache
from coaching.blogwatch import WATCH
from coaching.cache import redis_client, redis_server_url
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
PATH = "/blog/watched-post/"


@pytest.fixture
def post(db):
    return PostFactory(slug="watched-post", title="Watched post", body="First words.")


def wait_until(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def change_quietly(post, body):
    """Change the post as a reader would see it, without this process hearing."""
    Post.objects.filter(pk=post.pk).update(body=body, body_html=f"<p>{body}</p>")


def forget_in_another_process():
    """What another web process does after it saved a change: forget and tell."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup();"
            "from coaching.pagecache import forget_blog_state; forget_blog_state()",
        ],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        check=True,
        timeout=60,
    )


def served(client) -> tuple[str, str]:
    response = client.get(PATH)
    assert response.status_code == 200
    return response.headers.get("X-Page-Cache", ""), response.content.decode()


@pytest.mark.redis
def test_hits_read_no_state_from_redis_while_the_listener_hears(
    client, post, monkeypatch
):
    assert wait_until(lambda: WATCH.generation() is not None)
    served(client)
    assert served(client)[0] == "hit"
    reads = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda *a, **k: reads.append(a) or real_get(*a, **k)
    )

    for _ in range(20):
        assert served(client)[0] == "hit"

    assert reads == []


@pytest.mark.redis
def test_a_change_saved_by_another_process_shows_at_once(client, post):
    assert wait_until(lambda: WATCH.generation() is not None)
    served(client)
    assert "First words." in served(client)[1]
    change_quietly(post, "Second words.")
    assert "First words." in served(client)[1]  # nothing said yet: still the copy

    forget_in_another_process()

    status, body = served(client)
    assert status == "miss"
    assert "Second words." in body


@pytest.mark.redis
def test_without_the_listener_every_hit_reads_the_shared_state(client, post):
    """A lost connection may have lost a message: no copy is trusted until back."""
    assert wait_until(lambda: WATCH.generation() is not None)
    served(client)
    served(client)
    redis = redis_client(redis_server_url())
    name = f"blog-watch-{os.getpid()}"
    listeners = [c["id"] for c in redis.client_list() if c["name"] == name]

    assert len(listeners) == 1
    redis.client_kill_filter(_id=listeners[0])
    assert wait_until(lambda: WATCH.generation() is None, seconds=2)
    # A change whose message was lost: only the shared state says so.
    change_quietly(post, "Changed while deaf.")
    cache.delete(pagecache.STATE_KEY)
    assert "Changed while deaf." in served(client)[1]
    # The listener comes back by itself.
    assert wait_until(lambda: WATCH.generation() is not None, seconds=5)
    change_quietly(post, "Changed after.")
    forget_in_another_process()
    assert "Changed after." in served(client)[1]


@pytest.mark.redis
def test_a_copy_is_read_again_after_its_maximum_age(client, post):
    assert wait_until(lambda: WATCH.generation() is not None)
    served(client)
    served(client)
    change_quietly(post, "Changed, message lost.")
    cache.delete(pagecache.STATE_KEY)
    assert "First words." in served(client)[1]

    pagecache._state_copy.read_at -= blogwatch.MAX_AGE_SECONDS + 1

    assert "Changed, message lost." in served(client)[1]


def test_without_a_redis_cache_there_is_no_listener(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    watch = blogwatch.BlogWatch()

    assert redis_server_url() is None
    assert watch.generation() is None
    blogwatch.announce_change()  # nothing to tell, and no error


def test_the_redis_url_is_the_first_server_of_the_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "coaching.cache.FailOpenRedisCache",
            "LOCATION": "redis://10.0.0.1:6379/2;redis://10.0.0.2:6379/2",
        }
    }

    assert redis_server_url() == "redis://10.0.0.1:6379/2"


@pytest.mark.redis
def test_once_a_scheduled_post_is_live_the_state_is_worked_out_once(client, post):
    """The state's next publish time passes: one process works it out again, once."""
    from datetime import timedelta

    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    assert wait_until(lambda: WATCH.generation() is not None)
    start = timezone.now()
    PostFactory(slug="later", publish_at=start + timedelta(minutes=1))
    with time_machine.travel(start, tick=False) as traveller:
        served(client)
        traveller.shift(timedelta(minutes=2))
        with CaptureQueriesContext(connection) as first:
            served(client)
        with CaptureQueriesContext(connection) as then:
            for _ in range(5):
                served(client)

    def state_reads(queries):
        return [q for q in queries if "MAX(" in q["sql"].upper()]

    assert len(state_reads(first)) == 1
    assert state_reads(then) == []
