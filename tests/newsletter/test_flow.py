"""Sign-up to delivered post, in process: the outbox's claim and send steps run
here against a local SMTP server, as beat and a worker would run them."""

import re
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from newsletter import services, tasks
from newsletter.forms import new_stamp
from newsletter.models import Subscriber
from outbox import services as outbox
from outbox.models import Message
from tests.factories import PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"http://testserver(/newsletter/confirm/[^/\s]+/)")


def run_outbox() -> int:
    """One beat tick and the workers' sends; returns how many were sent."""
    return sum(
        outbox.send_messages(message_ids=ids) for ids in outbox.claim_due_messages()
    )


def plan(post):
    """The send task and its queueing task, as a worker would run them."""
    send = services.start_post_send(post_id=post.pk)
    services.queue_post_emails(post_id=post.pk)
    return send


def confirm_path(smtp_server) -> str:
    [confirmation] = smtp_server.messages
    return CONFIRM_LINK.search(confirmation.get_body(("plain",)).get_content())[1]


def test_subscribe_confirm_by_post_then_the_next_post_arrives_once(
    smtp_server, settings, published, django_capture_on_commit_callbacks
):
    settings.OUTBOX_RATE_LIMITS = {"newsletter": 10_000}
    reader = HttpClient(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        reader.post(
            "/newsletter/subscribe/",
            {"email": "ann@example.com", "source": "page", "stamp": new_stamp()},
        )
    # The confirmation's send task, as the worker would run it.
    outbox.send_messages(message_ids=published.pop())
    path = confirm_path(smtp_server)

    page = reader.get(path)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    reader.post(path, {"csrfmiddlewaretoken": page.context["csrf_token"]})
    assert Subscriber.objects.get().status == Subscriber.Status.SUBSCRIBED
    post = PostFactory(
        series=SeriesFactory(slug="msmonday"),
        publish_at=timezone.now() - timedelta(seconds=5),
    )
    for _ in range(2):  # two beat ticks
        for post_id in services.due_post_ids():
            tasks.start_post_send(post_id=post_id)
            tasks.queue_post_emails(post_id=post_id)
        run_outbox()

    assert smtp_server.count("ann@example.com") == 2
    delivered = smtp_server.messages[-1]
    assert delivered["Subject"] == post.title
    assert delivered["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Message.objects.filter(kind="newsletter.post", status="sent").count() == 1


def test_permanent_smtp_refusal_marks_the_address_bounced(
    smtp_server, settings, published
):
    settings.OUTBOX_RATE_LIMITS = {"newsletter": 10_000}
    subscriber = Subscriber.objects.create(
        email="gone@example.com",
        status=Subscriber.Status.SUBSCRIBED,
        source=Subscriber.Source.PAGE,
        consent_wording="Yes.",
        requested_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    smtp_server.set_mode("gone@example.com", "perm")
    post = PostFactory(series=SeriesFactory(slug="msmonday"))

    plan(post)
    run_outbox()

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.BOUNCED
    send = post.newsletter_send
    assert services.send_progress(send)["failed"] == 1


def test_unsubscribed_before_the_batch_goes_out_gets_nothing(
    smtp_server, settings, published
):
    settings.OUTBOX_RATE_LIMITS = {"newsletter": 10_000}
    subscriber = Subscriber.objects.create(
        email="ann@example.com",
        status=Subscriber.Status.SUBSCRIBED,
        source=Subscriber.Source.PAGE,
        consent_wording="Yes.",
        requested_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    post = PostFactory(series=SeriesFactory(slug="msmonday"))
    plan(post)

    services.leave_list(subscriber_id=subscriber.pk)
    run_outbox()

    assert smtp_server.count("ann@example.com") == 0
    assert services.send_progress(post.newsletter_send)["void"] == 1


def test_retry_failed_emails_queues_them_again(
    smtp_server, settings, published, django_capture_on_commit_callbacks
):
    settings.OUTBOX_RATE_LIMITS = {"newsletter": 10_000}
    settings.OUTBOX_MAX_ATTEMPTS = 1
    Subscriber.objects.create(
        email="busy@example.com",
        status=Subscriber.Status.SUBSCRIBED,
        source=Subscriber.Source.PAGE,
        consent_wording="Yes.",
        requested_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    smtp_server.set_mode("busy@example.com", "temp")
    post = PostFactory(series=SeriesFactory(slug="msmonday"))
    send = plan(post)
    run_outbox()
    smtp_server.set_mode("busy@example.com", "accept")

    with django_capture_on_commit_callbacks(execute=True):
        retried = services.retry_failed_emails(send=send)
    for ids in published:
        outbox.send_messages(message_ids=ids)

    assert retried == 1
    assert smtp_server.count("busy@example.com") == 1
    assert services.send_progress(send)["sent"] == 1
