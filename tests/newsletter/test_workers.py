"""A post to 2,000 subscribers with real workers on the real broker, counted per
address by a local SMTP server: a killed worker, duplicate tasks, the whole journey.
"""

import asyncio
import re
import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.utils import timezone

from newsletter import tasks
from newsletter.forms import new_stamp
from newsletter.models import PostSend, Subscriber
from outbox import services as outbox
from outbox.models import Message
from tests.factories import PostFactory, SeriesFactory
from tests.smtp import SmtpServer

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

READERS = 2_000


def wait_for(predicate, *, timeout=180, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


class HangingSmtpServer(SmtpServer):
    """Holds the RCPT of one address until released, so a test can kill the
    worker at a known point: mid-batch, before that email was accepted."""

    def __init__(self, hang_address: str):
        super().__init__()
        self.hang_address = hang_address.lower()
        self.reached = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.lower() == self.hang_address and not self.reached.is_set():
            self.reached.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "450 4.2.1 Try again later"
        return await super().handle_RCPT(
            server, session, envelope, address, rcpt_options
        )


@pytest.fixture
def fast_claims(settings):
    """No sending-rate cap in the test's claim loop."""
    settings.OUTBOX_RATE_LIMITS = {"newsletter": 1_000_000}


def add_readers(count: int = READERS) -> list[str]:
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{n:04d}@example.com",
            status=Subscriber.Status.SUBSCRIBED,
            source=Subscriber.Source.IMPORT,
            consent_wording="Yes.",
            requested_at=now,
            confirmed_at=now,
        )
        for n in range(count)
    )
    return [f"reader{n:04d}@example.com" for n in range(count)]


def new_post():
    return PostFactory(
        series=SeriesFactory(slug="msmonday"),
        publish_at=timezone.now() - timedelta(seconds=5),
    )


def all_post_emails_sent() -> bool:
    rows = Message.objects.filter(kind="newsletter.post")
    return rows.count() == READERS and not rows.exclude(status="sent").exists()


def test_killed_worker_mid_send_each_reader_gets_the_post_once(
    celery_worker_process, claim_loop, fast_claims
):
    readers = add_readers()
    smtp = HangingSmtpServer(hang_address=readers[READERS // 2])
    smtp.start()
    try:
        doomed = celery_worker_process(name="doomed", TEST_SMTP_PORT=smtp.port)
        post = new_post()
        tasks.start_due_post_sends.delay()
        assert smtp.reached.wait(timeout=180), "the send never reached the middle"

        doomed.kill()
        smtp.release.set()
        lease_over = timezone.now() + timedelta(
            seconds=settings.OUTBOX_SEND_LEASE_SECONDS + 1
        )
        swept = outbox.sweep_stale_messages(now=lease_over)
        celery_worker_process(name="rescuer", TEST_SMTP_PORT=smtp.port)
        wait_for(all_post_emails_sent, what="every post email sent")
        time.sleep(1)  # any duplicate would arrive now
    finally:
        smtp.stop()

    assert swept >= 1
    assert PostSend.objects.get().post == post
    assert [smtp.count(address) for address in readers] == [1] * READERS


def test_duplicate_ticks_and_tasks_send_each_reader_the_post_once(
    celery_worker_process, smtp_server, fast_claims
):
    readers = add_readers()
    for name in ("w1", "w2"):
        celery_worker_process(
            name=name, pool="threads", concurrency=2, TEST_SMTP_PORT=smtp_server.port
        )
    post = new_post()

    # Two beat ticks at once, and the planning task delivered twice more.
    for _ in range(2):
        tasks.start_due_post_sends.delay()
        tasks.start_post_send.delay(post_id=post.pk)
    wait_for(
        lambda: Message.objects.filter(kind="newsletter.post").count() == READERS,
        what="planned",
    )
    # Every send batch delivered twice.
    from outbox import tasks as outbox_tasks

    while batches := outbox.claim_due_messages():
        for batch in batches * 2:
            outbox_tasks.send_messages.delay(message_ids=batch)
    wait_for(all_post_emails_sent, what="every post email sent")
    time.sleep(1)

    assert PostSend.objects.count() == 1
    assert [smtp_server.count(address) for address in readers] == [1] * READERS


CONFIRM_LINK = re.compile(r"http://testserver(/newsletter/confirm/[^/\s]+/)")


def test_subscribe_confirm_then_next_post_arrives_once_through_a_worker(
    celery_worker_process, smtp_server, claim_loop, fast_claims
):
    celery_worker_process(TEST_SMTP_PORT=smtp_server.port)
    reader = HttpClient(enforce_csrf_checks=True)

    reader.post(
        "/newsletter/subscribe/",
        {"email": "ann@example.com", "source": "page", "stamp": new_stamp()},
    )
    wait_for(lambda: smtp_server.count("ann@example.com") == 1, what="confirmation")
    body = smtp_server.messages[0].get_body(("plain",)).get_content()
    path = CONFIRM_LINK.search(body)[1]
    page = reader.get(path)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    reader.post(path, {"csrfmiddlewaretoken": page.context["csrf_token"]})
    post = new_post()
    tasks.start_due_post_sends.delay()
    tasks.start_due_post_sends.delay()

    wait_for(lambda: smtp_server.count("ann@example.com") == 2, what="the post")
    time.sleep(2)
    assert smtp_server.count("ann@example.com") == 2
    assert smtp_server.messages[-1]["Subject"] == post.title
