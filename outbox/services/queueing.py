"""Putting rows in the outbox and handing due ones to workers."""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from outbox.models import Message

logger = logging.getLogger("outbox")

# A row due within this many seconds is queued at once rather than left to the
# next claim tick.
DUE_NOW_SLACK = timedelta(seconds=5)
# Reaching the broker from a web request: a few quick tries, then give up and
# let the claim job send the row (seconds, never a hung request).
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0.2,
    "interval_step": 0.5,
    "interval_max": 1.0,
}


def _claim_lease(now):
    return now + timedelta(seconds=settings.OUTBOX_CLAIM_LEASE_SECONDS)


def _check_stream(stream: str) -> None:
    if stream not in Message.Stream.values:
        raise ValueError(f"Unknown outbox stream {stream!r}.")


def publish_send(message_ids: list[int]) -> None:
    """Queue one send task for these rows; never raises (the claim job is the net)."""
    from outbox import tasks

    try:
        tasks.send_messages.apply_async(
            kwargs={"message_ids": list(message_ids)},
            retry=True,
            retry_policy=PUBLISH_RETRY_POLICY,
        )
    except Exception as exc:
        logger.warning(
            "outbox: could not queue message(s) %s (%s); the claim job will send them",
            list(message_ids),
            type(exc).__name__,
        )
        try:
            # Drop the claim lease so the next tick picks the rows up at once.
            Message.objects.filter(
                pk__in=message_ids, status=Message.Status.PENDING
            ).update(lease_until=None)
        except Exception:  # the database may be the thing that is down
            logger.warning("outbox: could not release message(s) %s", message_ids)


def enqueue(
    *,
    kind: str,
    key: str,
    to_email: str,
    due_at=None,
    stream: str = Message.Stream.TRANSACTIONAL,
    context: dict | None = None,
) -> Message:
    """Add a message in the caller's transaction (or return the live one for `key`).

    A message due now is queued for sending once the transaction commits.
    """
    _check_stream(stream)
    now = timezone.now()
    with transaction.atomic():
        existing = Message.objects.live().filter(key=key).first()
        if existing is not None:
            return existing
        message = Message(
            kind=kind,
            key=key,
            to_email=to_email,
            due_at=due_at or now,
            stream=stream,
            context=context or {},
        )
        is_due_now = message.due_at <= now + DUE_NOW_SLACK
        if is_due_now:
            # The task is on its way: the claim tick leaves the row alone.
            message.lease_until = _claim_lease(now)
        message.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            # Another transaction wrote the same key first: theirs is the live row.
            return Message.objects.live().get(key=key)
        if is_due_now:
            transaction.on_commit(partial(publish_send, [message.pk]), robust=True)
    return message


def enqueue_many(rows: list[dict], *, stream: str) -> int:
    """Bulk-insert rows (dicts of enqueue's arguments), skipping keys already live.

    Queues no task: the claim job sends them in batches at the stream's rate.
    Returns the number of rows written.
    """
    _check_stream(stream)
    now = timezone.now()
    by_key = {}
    for row in rows:
        by_key.setdefault(row["key"], row)
    keys = list(by_key)
    live = set()
    for start in range(0, len(keys), 500):
        live.update(
            Message.objects.live()
            .filter(key__in=keys[start : start + 500])
            .values_list("key", flat=True)
        )
    new = [
        Message(
            kind=row["kind"],
            key=key,
            to_email=row["to_email"],
            due_at=row.get("due_at") or now,
            stream=stream,
            context=row.get("context") or {},
        )
        for key, row in by_key.items()
        if key not in live
    ]
    with transaction.atomic():
        # A key written meanwhile by someone else hits the live-key constraint
        # and is skipped rather than failing the whole batch.
        Message.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(new)


def void_messages(
    *,
    key_prefix: str | None = None,
    keys: list[str] | None = None,
    kinds: list[str] | None = None,
    reason: str,
) -> int:
    """Void pending and failed rows matching all given filters; returns the count.

    Rows being sent or already sent are left alone.
    """
    if key_prefix is None and keys is None and kinds is None:
        raise ValueError("void_messages needs key_prefix, keys or kinds.")
    rows = Message.objects.filter(
        status__in=[Message.Status.PENDING, Message.Status.FAILED]
    )
    if key_prefix is not None:
        rows = rows.for_key_prefix(key_prefix)
    if keys is not None:
        rows = rows.filter(key__in=keys)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    with transaction.atomic():
        return rows.update(
            status=Message.Status.VOID, void_reason=reason[:200], lease_until=None
        )


def lock_rows(queryset, *, skip_locked=False):
    """`queryset` locked for update (skipping rows others hold, where supported)."""
    if skip_locked and connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    # On SQLite select_for_update does nothing: the IMMEDIATE transaction set in
    # settings takes the write lock at BEGIN, which serialises writers instead.
    return queryset.select_for_update()


def _rate_quota(stream: str, now, limit: int) -> int:
    per_minute = settings.OUTBOX_RATE_LIMITS.get(stream)
    if per_minute is None:
        return limit
    # Counted in the database, so every worker and claim shares one budget:
    # sent in the last minute, in flight, or claimed and about to be sent.
    used = (
        Message.objects.filter(stream=stream)
        .filter(
            Q(status=Message.Status.SENT, sent_at__gt=now - timedelta(minutes=1))
            | Q(status=Message.Status.SENDING)
            | Q(status=Message.Status.PENDING, lease_until__gt=now)
        )
        .count()
    )
    return max(0, min(limit, per_minute - used))


def claim_due_messages(*, now=None, limit: int | None = None) -> list[list[int]]:
    """Put a short claim lease on due pending rows; returns batches of ids to send.

    Transactional rows come one per batch, newsletter rows in batches, within the
    stream's per-minute rate (OUTBOX_RATE_LIMITS).
    """
    now = now or timezone.now()
    limit = limit or settings.OUTBOX_CLAIM_LIMIT
    batches: list[list[int]] = []
    with transaction.atomic():
        for stream in Message.Stream.values:
            quota = _rate_quota(stream, now, limit)
            if quota <= 0:
                continue
            due = (
                Message.objects.due(now).filter(stream=stream).order_by("due_at", "pk")
            )
            ids = list(
                lock_rows(due, skip_locked=True).values_list("pk", flat=True)[:quota]
            )
            if not ids:
                continue
            Message.objects.filter(pk__in=ids).update(lease_until=_claim_lease(now))
            size = (
                1
                if stream == Message.Stream.TRANSACTIONAL
                else settings.OUTBOX_BATCH_SIZE
            )
            batches += [ids[i : i + size] for i in range(0, len(ids), size)]
    return batches


def sweep_stale_messages(*, now=None) -> int:
    """Put rows whose sending lease ran out back to pending (or failed at the cap)."""
    now = now or timezone.now()
    with transaction.atomic():
        gave_up = (
            Message.objects.stale(now)
            .filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS)
            .update(
                status=Message.Status.FAILED,
                lease_until=None,
                last_error="worker lost while sending; gave up",
            )
        )
        back = Message.objects.stale(now).update(
            status=Message.Status.PENDING, lease_until=None
        )
    if back or gave_up:
        logger.warning(
            "outbox: %s stale message(s) back to pending, %s failed", back, gave_up
        )
    return back + gave_up


def resend_message(*, message_id: int) -> Message:
    """Send a failed message again, now, with the same Message-ID; attempts reset."""
    now = timezone.now()
    with transaction.atomic():
        message = lock_rows(Message.objects).get(pk=message_id)
        if message.status != Message.Status.FAILED:
            raise ValidationError("Only a failed message can be sent again.")
        message.status = Message.Status.PENDING
        message.due_at = now
        message.attempts = 0
        message.last_error = ""
        message.lease_until = _claim_lease(now)
        message.save(
            update_fields=["status", "due_at", "attempts", "last_error", "lease_until"]
        )
        transaction.on_commit(partial(publish_send, [message.pk]), robust=True)
    return message
