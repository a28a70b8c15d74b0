"""Outbox fixtures: the dummy "test." builder and a record of queued send tasks."""

import pytest

from outbox import builders
from tests.outbox import builders as test_builders

# Fixtures that need the real broker publish (a worker, or a dead broker).
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
        monkeypatch.setattr(
            tasks.send_messages,
            "apply_async",
            lambda *args, kwargs, **options: calls.append(kwargs["message_ids"]),
        )
    return calls


@pytest.fixture
def dead_broker():
    """Point the Celery app at a broker port where nothing listens."""
    from coaching.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.broker_url = saved
    app._pool = None
    app.amqp._producer_pool = None
