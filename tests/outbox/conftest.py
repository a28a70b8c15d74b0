"""Outbox fixtures: the dummy "test." builder and a record of queued send tasks."""

import pytest

from outbox import builders
from tests.outbox import builders as test_builders

# Fixtures that need the real broker publish (a worker, or a dead broker).
DEAD_BROKER_URL = "redis://127.0.0.1:9/0"
REAL_PUBLISH_FIXTURES = {"celery_worker_process", "dead_broker"}


@pytest.fixture(autouse=True)
def test_builder():
    """The dummy builder for kinds "test.*", registered for the test only."""
    test_builders.register()
    test_builders.permanent_failures.clear()
    yield test_builders
    builders.unregister(test_builders.PREFIX)


@pytest.fixture(autouse=True)
def published(request, monkeypatch):
    """Send tasks queued by the outbox, recorded instead of sent to the broker."""
    from outbox import tasks

    calls: list[list[int]] = []
    if REAL_PUBLISH_FIXTURES.isdisjoint(request.fixturenames):

        def record(args=None, kwargs=None, **options):
            calls.append(kwargs["message_ids"])

        monkeypatch.setattr(tasks.send_messages, "apply_async", record)
    return calls


@pytest.fixture
def dead_broker(monkeypatch):
    """Point the Celery app at a broker port where nothing listens."""
    from coaching.celery import app

    def reset_connections():
        app._pool = None
        app.amqp._producer_pool = None

    # Celery reads CELERY_BROKER_URL from the environment before its settings.
    monkeypatch.setenv("CELERY_BROKER_URL", DEAD_BROKER_URL)
    monkeypatch.setitem(app.conf, "broker_url", DEAD_BROKER_URL)
    reset_connections()
    yield
    monkeypatch.undo()
    reset_connections()
