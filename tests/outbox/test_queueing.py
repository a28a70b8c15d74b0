from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from outbox import services
from outbox.models import Message
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def _enqueue(**overrides):
    arguments = {
        "kind": "test.note",
        "key": "test:1",
        "to_email": "ann@example.org",
    } | overrides
    return services.enqueue(**arguments)


def test_enqueue_due_now_queues_a_send_task_after_commit(
    django_capture_on_commit_callbacks, published
):
    with django_capture_on_commit_callbacks(execute=True):
        message = _enqueue(context={"booking_id": 3})

    assert published == [[message.pk]]
    assert message.status == Message.Status.PENDING
    assert message.lease_until is not None  # the claim tick leaves it to the task


def test_enqueue_later_queues_nothing(django_capture_on_commit_callbacks, published):
    with django_capture_on_commit_callbacks(execute=True):
        message = _enqueue(due_at=timezone.now() + timedelta(hours=24))

    assert published == []
    assert message.lease_until is None


def test_enqueue_is_idempotent_on_key(django_capture_on_commit_callbacks, published):
    with django_capture_on_commit_callbacks(execute=True):
        first = _enqueue()
        second = _enqueue(to_email="other@example.org")

    assert second.pk == first.pk
    assert Message.objects.count() == 1
    assert published == [[first.pk]]


def test_enqueue_after_void_makes_a_new_row():
    first = _enqueue()
    services.void_messages(keys=["test:1"], reason="moved")

    second = _enqueue()

    assert second.pk != first.pk
    assert second.message_id != first.message_id


def test_enqueue_rejects_an_unknown_stream():
    with pytest.raises(ValueError, match="stream"):
        _enqueue(stream="marketing")


def test_enqueue_rejects_an_invalid_address():
    with pytest.raises(ValidationError):
        _enqueue(to_email="not an address")


def test_enqueue_many_skips_live_keys_and_duplicates(published):
    MessageFactory(key="news:1", stream=Message.Stream.NEWSLETTER)
    rows = [
        {"kind": "test.news", "key": f"news:{n}", "to_email": f"s{n}@example.org"}
        for n in range(5)
    ]

    written = services.enqueue_many([*rows, rows[2]], stream="newsletter")

    assert written == 4
    assert Message.objects.filter(stream="newsletter").count() == 5
    assert published == []  # the claim job sends them


def test_void_messages_touches_only_pending_and_failed():
    pending = MessageFactory(key="booking:5:reminder-24h")
    failed = MessageFactory(key="booking:5:reminder-1h", status=Message.Status.FAILED)
    sending = MessageFactory(key="booking:5:confirmation", status="sending")
    sent = MessageFactory(key="booking:5:notice", status=Message.Status.SENT)
    other = MessageFactory(key="booking:50:reminder-24h")

    count = services.void_messages(key_prefix="booking:5:", reason="cancelled")

    assert count == 2
    for row, status in [
        (pending, "void"),
        (failed, "void"),
        (sending, "sending"),
        (sent, "sent"),
        (other, "pending"),
    ]:
        row.refresh_from_db()
        assert row.status == status
    assert pending.void_reason == "cancelled"


def test_void_messages_by_kinds_and_keys():
    reminder = MessageFactory(kind="test.reminder", key="k:1")
    MessageFactory(kind="test.note", key="k:2")

    count = services.void_messages(
        keys=["k:1", "k:2"], kinds=["test.reminder"], reason="x"
    )

    assert count == 1
    reminder.refresh_from_db()
    assert reminder.status == Message.Status.VOID


def test_void_messages_needs_a_filter():
    with pytest.raises(ValueError):
        services.void_messages(reason="everything")


def test_claim_returns_transactional_one_by_one_and_newsletter_in_batches(settings):
    settings.OUTBOX_BATCH_SIZE = 2
    now = timezone.now()
    notes = MessageFactory.create_batch(2, due_at=now)
    news = MessageFactory.create_batch(3, due_at=now, stream="newsletter")

    batches = services.claim_due_messages(now=now)

    assert [[m.pk] for m in notes] == batches[:2]
    assert batches[2:] == [[news[0].pk, news[1].pk], [news[2].pk]]


def test_claim_leases_rows_so_the_next_tick_skips_them():
    now = timezone.now()
    MessageFactory(due_at=now)

    first = services.claim_due_messages(now=now)
    second = services.claim_due_messages(now=now + timedelta(seconds=60))

    assert len(first) == 1
    assert second == []


def test_claim_picks_a_row_again_after_its_claim_lease(settings):
    now = timezone.now()
    message = MessageFactory(due_at=now)
    services.claim_due_messages(now=now)

    later = now + timedelta(seconds=settings.OUTBOX_CLAIM_LEASE_SECONDS + 1)

    assert services.claim_due_messages(now=later) == [[message.pk]]


def test_claim_respects_the_newsletter_rate_per_minute(settings):
    settings.OUTBOX_RATE_LIMITS = {"newsletter": 5}
    now = timezone.now()
    MessageFactory.create_batch(
        2, stream="newsletter", status="sent", sent_at=now - timedelta(seconds=30)
    )
    MessageFactory.create_batch(10, stream="newsletter", due_at=now)
    MessageFactory(due_at=now)

    batches = services.claim_due_messages(now=now)
    again = services.claim_due_messages(now=now + timedelta(seconds=1))

    claimed_news = Message.objects.filter(stream="newsletter", lease_until__gt=now)
    assert claimed_news.count() == 3  # 5 a minute, 2 already sent
    assert sum(len(batch) for batch in batches) == 4  # and the transactional one
    assert again == []


def test_sweep_hands_back_rows_whose_sending_lease_ran_out(settings):
    now = timezone.now()
    stale = MessageFactory(status="sending", attempts=1, lease_until=now)
    live = MessageFactory(status="sending", attempts=1, lease_until=now + timedelta(1))
    worn = MessageFactory(
        status="sending", attempts=settings.OUTBOX_MAX_ATTEMPTS, lease_until=now
    )

    count = services.sweep_stale_messages(now=now + timedelta(seconds=1))

    assert count == 2
    for row, status in [(stale, "pending"), (live, "sending"), (worn, "failed")]:
        row.refresh_from_db()
        assert row.status == status
    assert stale.lease_until is None


def test_resend_puts_a_failed_message_back_with_its_message_id(
    django_capture_on_commit_callbacks, published
):
    failed = MessageFactory(
        status="failed",
        attempts=8,
        last_error="recipient refused (550)",
        due_at=timezone.now() - timedelta(days=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        message = services.resend_message(message_id=failed.pk)

    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("pending", 0, "")
    assert message.message_id == failed.message_id
    assert published == [[failed.pk]]


@pytest.mark.parametrize("status", ["pending", "sending", "sent", "void"])
def test_resend_refuses_messages_that_did_not_fail(status):
    message = MessageFactory(status=status)

    with pytest.raises(ValidationError):
        services.resend_message(message_id=message.pk)
