"""Emailing a post to the list: planned once, sent in batches by the outbox."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from newsletter import emails
from newsletter.models import PostSend, Recipient, Subscriber, posts_to_send
from outbox import services as outbox
from outbox.models import Message

# Rows per INSERT: large enough to be fast, small enough for SQLite's limits.
BATCH_SIZE = 1000


def _plan_rows(post_id: int) -> int:
    """Write the recipient and outbox rows for every confirmed subscriber."""
    people = list(
        Subscriber.objects.confirmed().order_by("pk").values_list("pk", "email")
    )
    for start in range(0, len(people), BATCH_SIZE):
        chunk = people[start : start + BATCH_SIZE]
        Recipient.objects.bulk_create(
            [Recipient(post_id=post_id, subscriber_id=pk) for pk, _ in chunk],
            batch_size=BATCH_SIZE,
            ignore_conflicts=True,
        )
        outbox.enqueue_many(emails.post_rows(post_id, chunk), stream="newsletter")
    return len(people)


@transaction.atomic
def start_post_send(*, post_id: int, now: datetime | None = None) -> PostSend | None:
    """Create a live post's one send: a recipient row and an outbox row per
    confirmed subscriber, all in one transaction, so a crash leaves all or nothing.

    Repeat-safe: a post that already has a send (or is not due one) returns the
    existing send or None; two callers at once make one send (unique post).
    """
    existing = PostSend.objects.filter(post_id=post_id).first()
    if existing is not None:
        return existing
    if not posts_to_send(now=now).filter(pk=post_id).exists():
        return None
    try:
        with transaction.atomic():
            send = PostSend.objects.create(
                post_id=post_id, status=PostSend.Status.SENDING
            )
    except IntegrityError:
        return PostSend.objects.filter(post_id=post_id).first()
    send.recipient_count = _plan_rows(post_id)
    send.save(update_fields=["recipient_count"])
    return send


def due_post_ids(*, now: datetime | None = None) -> list[int]:
    """Ids of live posts waiting for their send (read by the beat job)."""
    return list(posts_to_send(now=now).values_list("pk", flat=True))


def mark_posts_not_to_send(*, post_ids, reason: str) -> int:
    """Record that these posts are never emailed (old or imported posts)."""
    rows = [
        PostSend(post_id=pk, status=PostSend.Status.SKIPPED, reason=reason[:200])
        for pk in post_ids
    ]
    return len(PostSend.objects.bulk_create(rows, ignore_conflicts=True))


@transaction.atomic
def send_test_copy(*, post, to_email: str, now: datetime | None = None) -> None:
    """Queue one copy of a post's email to the coach; subscribers get nothing."""
    emails.queue_test(post, to_email=to_email, now=now or timezone.now())


def send_progress(send: PostSend) -> dict[str, int]:
    """How many of a send's emails are queued, sent, failed or skipped."""
    counts = {str(status): 0 for status in Message.Status.values}
    rows = (
        Message.objects.for_key_prefix(emails.post_key_prefix(send.post_id))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts.update({str(status): n for status, n in rows})
    counts["total"] = send.recipient_count
    return counts


def retry_failed_emails(*, send: PostSend) -> int:
    """Queue again every failed email of a send (same Message-ID); returns how many."""
    failed = (
        Message.objects.for_key_prefix(emails.post_key_prefix(send.post_id))
        .failed()
        .values_list("pk", flat=True)
    )
    count = 0
    for pk in list(failed):
        try:
            outbox.resend_message(message_id=pk)
        except ValidationError:  # no longer failed: someone retried it meanwhile
            continue
        count += 1
    return count
