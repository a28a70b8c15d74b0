"""Writes to the outbox: queue, claim, send, sweep, void and resend messages."""

from outbox.services.queueing import (
    claim_due_messages,
    enqueue,
    enqueue_many,
    publish_send,
    resend_message,
    sweep_stale_messages,
    void_messages,
)
from outbox.services.sending import classify_error, send_messages

__all__ = [
    "claim_due_messages",
    "classify_error",
    "enqueue",
    "enqueue_many",
    "publish_send",
    "resend_message",
    "send_messages",
    "sweep_stale_messages",
    "void_messages",
]
