"""Sending outbox rows: lock, mark sending, build, deliver, record the outcome."""

import logging
import smtplib
from datetime import timedelta
from itertools import groupby

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from outbox import builders
from outbox.models import Message
from outbox.services.queueing import DUE_NOW_SLACK, lock_rows

logger = logging.getLogger("outbox")


def classify_error(exc: Exception) -> tuple[bool, str]:
    """(is_permanent, short reason without personal data) for a sending error."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = sorted({code for code, _text in exc.recipients.values()})
        permanent = bool(codes) and all(500 <= code < 600 for code in codes)
        return permanent, f"recipient refused ({'/'.join(map(str, codes))})"
    if isinstance(
        exc,
        smtplib.SMTPConnectError
        | smtplib.SMTPSenderRefused
        | smtplib.SMTPAuthenticationError,
    ):
        # The server or our own account is at fault, not her address: retried,
        # and shown as failed after the last attempt.
        return False, f"SMTP {exc.smtp_code} ({type(exc).__name__})"
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600, f"SMTP {exc.smtp_code}"
    if isinstance(exc, ValueError) and str(exc).startswith("Invalid address"):
        return True, "invalid address"
    if isinstance(exc, OSError):  # smtplib's errors are OSErrors too
        return False, f"connection error ({type(exc).__name__})"
    return False, f"error ({type(exc).__name__})"


def _breaks_connection(exc: Exception) -> bool:
    """Whether the rest of the batch should wait (server gone, or out of time)."""
    refusals = smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused
    if isinstance(exc, SoftTimeLimitExceeded | smtplib.SMTPConnectError):
        # Out of time: hand the rest back before the hard limit kills the task.
        return True
    return isinstance(exc, OSError) and not isinstance(exc, refusals)


def _retry_delay(attempts: int) -> timedelta:
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.OUTBOX_RETRY_MAX_SECONDS)
    )


def _is_ready(message: Message, now) -> bool:
    if message.status == Message.Status.PENDING:
        return message.due_at <= now + DUE_NOW_SLACK
    # A sending row whose lease ran out lost its worker: take it over.
    return (
        message.status == Message.Status.SENDING and (message.lease_until or now) <= now
    )


def _start_sending(message_ids: list[int]) -> list[Message]:
    """Lock the rows, keep those ready to send, mark them sending; commits."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            lock_rows(Message.objects.filter(pk__in=message_ids)).order_by("pk")
        )
        for missing in sorted(set(message_ids) - {m.pk for m in rows}):
            logger.info("outbox: message %s does not exist; nothing to send", missing)
        ready = []
        for message in rows:
            if _is_ready(message, now):
                ready.append(message)
            else:
                logger.info(
                    "outbox: message %s (%s) is %s; nothing to send",
                    message.pk,
                    message.kind,
                    message.status,
                )
        lease = now + timedelta(seconds=settings.OUTBOX_SEND_LEASE_SECONDS)
        Message.objects.filter(pk__in=[m.pk for m in ready]).update(
            status=Message.Status.SENDING, lease_until=lease, attempts=F("attempts") + 1
        )
    for message in ready:
        message.status, message.lease_until = Message.Status.SENDING, lease
        message.attempts += 1
    return ready


def _finish(message: Message, **fields) -> None:
    # Only a row this worker still holds (sending) or that the sweeper handed
    # back meanwhile (pending): never overwrite a void or a later outcome.
    Message.objects.filter(
        pk=message.pk, status__in=[Message.Status.SENDING, Message.Status.PENDING]
    ).update(lease_until=None, **fields)


def _retry_later(message: Message, reason: str) -> None:
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        _finish(message, status=Message.Status.FAILED, last_error=f"{reason}; gave up")
        logger.warning(
            "outbox: message %s (%s) failed: %s; gave up",
            message.pk,
            message.kind,
            reason,
        )
        return
    due_at = timezone.now() + _retry_delay(message.attempts)
    _finish(message, status=Message.Status.PENDING, due_at=due_at, last_error=reason)
    logger.info(
        "outbox: message %s (%s) not sent: %s; attempt %s, retried later",
        message.pk,
        message.kind,
        reason,
        message.attempts,
    )


def _fail_permanently(message: Message, reason: str, builder) -> None:
    _finish(message, status=Message.Status.FAILED, last_error=reason)
    logger.warning(
        "outbox: message %s (%s) failed: %s", message.pk, message.kind, reason
    )
    if builder.on_permanent_failure is not None:
        try:
            builder.on_permanent_failure(message, reason)
        except Exception as exc:
            logger.error(
                "outbox: on_permanent_failure for message %s (%s) raised %s",
                message.pk,
                message.kind,
                type(exc).__name__,
            )


def _build(message: Message, builder):
    """The email for this row, or None when the row was settled (void or retried)."""
    try:
        email = builder.build(message)
    except builders.Skip as skip:
        _finish(message, status=Message.Status.VOID, void_reason=str(skip)[:200])
        logger.info("outbox: message %s (%s) void: %s", message.pk, message.kind, skip)
        return None
    except Exception as exc:
        _retry_later(message, f"build error ({type(exc).__name__})")
        return None
    if not email.to:
        email.to = [message.to_email]
    email.extra_headers["Message-ID"] = message.message_id
    return email


def _deliver(message: Message, connection, *, broken: bool) -> tuple[bool, bool]:
    """Send one row over `connection`; returns (sent, connection_broken)."""
    if broken:
        _retry_later(message, "not tried (batch stopped)")
        return False, True
    builder = builders.builder_for(message.kind)
    if builder is None:
        # Likely a worker still on older code than the web process that wrote
        # the row: retried, so it goes out once the workers are restarted.
        _retry_later(message, "no builder for this kind")
        return False, False
    email = _build(message, builder)
    if email is None:
        return False, False
    try:
        connection.open()
        connection.send_messages([email])
    except Exception as exc:
        permanent, reason = classify_error(exc)
        if permanent:
            _fail_permanently(message, reason, builder)
        else:
            _retry_later(message, reason)
        return False, _breaks_connection(exc)
    # The builder reads the recipient's current address at send time (she may
    # have corrected it since the row was written): the row records where it went.
    sent_to = {"to_email": email.to[0]} if email.to[0] != message.to_email else {}
    _finish(
        message,
        status=Message.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        **sent_to,
    )
    logger.info("outbox: message %s (%s) sent", message.pk, message.kind)
    return True, False


def send_messages(*, message_ids: list[int]) -> int:
    """Send these rows if still due, one connection per stream; idempotent.

    Returns how many were sent. Rows missing, void, sent or held by a live
    sending lease are skipped with one log line each.
    """
    sent = 0
    ready = sorted(_start_sending(message_ids), key=lambda m: (m.stream, m.pk))
    for stream, group in groupby(ready, key=lambda m: m.stream):
        connection = mail.mailers[settings.OUTBOX_MAILERS[stream]]
        broken = False
        try:
            for message in group:
                ok, broken = _deliver(message, connection, broken=broken)
                sent += ok
        finally:
            try:
                connection.close()
            except Exception as exc:
                logger.info(
                    "outbox: closing the mail connection: %s", type(exc).__name__
                )
    return sent
