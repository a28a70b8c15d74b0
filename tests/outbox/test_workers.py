"""Real worker processes on the real broker, an in-process SMTP server."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from outbox import services
from outbox.models import Message

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, *, timeout=40, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def status_of(message):
    message.refresh_from_db()
    return message.status


def test_enqueued_message_is_sent_by_a_worker(celery_worker_process, smtp_server):
    celery_worker_process(TEST_SMTP_PORT=smtp_server.port)

    message = services.enqueue(
        kind="test.note", key="test:worker", to_email="ann@example.org"
    )

    wait_for(lambda: status_of(message) == Message.Status.SENT, what="sent")
    assert smtp_server.count("ann@example.org") == 1
    assert smtp_server.messages[0]["Message-ID"] == message.message_id


def test_killed_worker_message_goes_out_once_with_its_message_id(
    celery_worker_process, smtp_server, claim_loop
):
    first = celery_worker_process(name="doomed", TEST_SMTP_PORT=smtp_server.port)
    # The dummy builder pauses on the first attempt: after "sending", before SMTP.
    message = services.enqueue(
        kind="test.note",
        key="test:killed",
        to_email="ann@example.org",
        context={"pause_first_attempt": 60},
    )
    wait_for(lambda: status_of(message) == Message.Status.SENDING, what="sending")

    first.kill()
    lease_over = timezone.now() + timedelta(
        seconds=settings.OUTBOX_SEND_LEASE_SECONDS + 1
    )
    swept = services.sweep_stale_messages(now=lease_over)
    celery_worker_process(name="rescuer", TEST_SMTP_PORT=smtp_server.port)

    wait_for(lambda: status_of(message) == Message.Status.SENT, what="sent")
    assert swept == 1
    assert message.attempts == 2
    assert smtp_server.count("ann@example.org") == 1
    assert smtp_server.messages[0]["Message-ID"] == message.message_id


def test_two_workers_and_duplicate_tasks_send_each_message_once(
    celery_worker_process, smtp_server
):
    from outbox import tasks

    for name in ("w1", "w2"):
        celery_worker_process(
            name=name,
            pool="threads",
            concurrency=2,
            **{"TEST_SMTP_PORT": smtp_server.port},
        )
    rows = [
        Message.objects.create(
            kind="test.note", key=f"test:dup:{n}", to_email=f"p{n}@example.org"
        )
        for n in range(20)
    ]

    # Every row claimed twice over and each batch delivered three times.
    batches = services.claim_due_messages()
    for _ in range(3):
        for batch in batches:
            tasks.send_messages.delay(message_ids=batch)
    tasks.send_messages.delay(message_ids=[m.pk for m in rows])

    wait_for(
        lambda: Message.objects.filter(status="sent").count() == 20, what="all sent"
    )
    time.sleep(1)  # let any duplicate task finish
    assert [smtp_server.count(m.to_email) for m in rows] == [1] * 20
    assert len({parsed["Message-ID"] for parsed in smtp_server.messages}) == 20


def test_a_message_due_soon_goes_out_once_on_time_through_beat(
    celery_worker_process, smtp_server
):
    celery_worker_process(TEST_SMTP_PORT=smtp_server.port)
    celery_worker_process(name="beat", beat=True, TEST_BEAT_SECONDS=1)
    due_at = timezone.now() + timedelta(seconds=8)  # past the "due now" slack

    message = services.enqueue(
        kind="test.reminder", key="test:soon", to_email="ann@example.org", due_at=due_at
    )

    wait_for(lambda: status_of(message) == Message.Status.SENT, what="sent")
    assert due_at <= message.sent_at <= due_at + timedelta(seconds=10)
    time.sleep(3)  # a few more beats: nothing goes out twice
    assert smtp_server.count("ann@example.org") == 1
