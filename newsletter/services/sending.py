"""Emailing a post to the list: planned once, sent in batches by the outbox."""

from datetime import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Value
from django.utils import timezone

from newsletter import emails
from newsletter.models import PostSend, Recipient, Subscriber, posts_to_send
from outbox import services as outbox
from outbox.models import Message

# Rows per INSERT, and recipients per outbox chunk: large enough to be fast,
# small enough for SQLite's limits and short transactions.
BATCH_SIZE = 1000
SUBSCRIBED = Subscriber.Status.SUBSCRIBED


def _plan_rows(post_id: int) -> int:
    """Write one recipient row per confirmed subscriber in one INSERT ... SELECT.

    The database copies the ids itself: no row passes through Python, so the
    time grows only with the rows written (10,000 in well under a second).
    """
    rows = (
        Subscriber.objects.confirmed()
        .order_by()
        .annotate(r_post=Value(post_id), r_sub=F("pk"), r_queued=Value(False))
        .values_list("r_post", "r_sub", "r_queued")
    )
    select, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(Recipient._meta.db_table)
    # Table name from the model, values as parameters: nothing typed by anyone.
    sql = f"INSERT INTO {table} (post_id, subscriber_id, is_queued) {select} "  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql + "ON CONFLICT DO NOTHING", params)
        return cursor.rowcount


@transaction.atomic
def start_post_send(*, post_id: int, now: datetime | None = None) -> PostSend | None:
    """Create a live post's one send: a recipient row per confirmed subscriber,
    in one transaction (a crash leaves all or nothing); their outbox emails are
    written afterwards in chunks by queue_post_emails (queued on commit).

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
    transaction.on_commit(partial(_queue_task, post_id), robust=True)
    return send


def _queue_task(post_id: int) -> None:
    from newsletter import tasks

    tasks.queue_post_emails.delay(post_id=post_id)


@transaction.atomic
def queue_post_chunk(*, post_id: int, size: int = BATCH_SIZE) -> int:
    """Write the outbox emails of the next `size` unqueued recipients of a post.

    Repeat-safe and resumable: each chunk commits with its recipients marked
    queued, the send row's lock keeps two workers off the same chunk, and the
    outbox's one-live-row-per-key rule stops any duplicate email. Returns how
    many recipients the chunk covered (0 when the send is fully queued).
    """
    PostSend.objects.select_for_update().filter(post_id=post_id).first()
    chunk = list(
        Recipient.objects.filter(post_id=post_id, is_queued=False)
        .order_by("pk")
        .values_list("pk", "subscriber_id", "subscriber__email", "subscriber__status")[
            :size
        ]
    )
    if not chunk:
        return 0
    people = [(sub, email) for _, sub, email, status in chunk if status == SUBSCRIBED]
    outbox.enqueue_many(emails.post_rows(post_id, people), stream="newsletter")
    Recipient.objects.filter(pk__in=[pk for pk, *_ in chunk]).update(is_queued=True)
    return len(chunk)


def queue_post_emails(*, post_id: int) -> int:
    """Write every remaining outbox email of a post's send, chunk by chunk."""
    total = 0
    while count := queue_post_chunk(post_id=post_id):
        total += count
    return total


def sends_to_resume() -> list[int]:
    """Post ids whose send still has recipients not written to the outbox."""
    return list(
        Recipient.objects.filter(is_queued=False)
        .values_list("post_id", flat=True)
        .distinct()
        .order_by("post_id")
    )


def due_post_ids(*, now: datetime | None = None) -> list[int]:
    """Ids of live posts waiting for their send (read by the beat job)."""
    return list(posts_to_send(now=now).values_list("pk", flat=True))


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
    counts["planned"] = Recipient.objects.filter(
        post_id=send.post_id, is_queued=False
    ).count()
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
