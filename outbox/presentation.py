"""Outbox rows in the coach's words: status, when, and why one failed."""

from django.utils import formats, timezone

from outbox.models import Message


def when(value) -> str:
    """ "Wed 2 Dec 2026, 4:00 p.m.": the site-wide DATETIME_FORMAT, in the current
    zone (the coach's, on back-office pages, whose header names it)."""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def status_in_words(message: Message) -> str:
    """ "Sent", "Could not be sent", "Not sent (no longer needed)"…"""
    return message.get_status_display()


def _tries(message: Message) -> str:
    n = message.attempts
    return f"after {n} tr{'y' if n == 1 else 'ies'}"


def why_failed(message: Message) -> str:
    """Why a message could not be sent, in one sentence; empty when it did not fail.

    The row keeps a short technical reason (an SMTP code and a category, never
    the server's text); this turns it into something the coach can act on.
    """
    if message.status != Message.Status.FAILED:
        return ""
    reason = message.last_error.removesuffix("; gave up")
    if reason.startswith("recipient refused"):
        codes = reason.partition("(")[2].rstrip(")")
        return (
            f"The receiving mail server refused the address (code {codes}): "
            "check the address on the record, then send it again."
        )
    if reason == "invalid address":
        return (
            "The address is not a valid email address: correct it on the "
            "record, then send it again."
        )
    if reason.startswith("SMTP 5"):
        return f"The mail server refused the email ({reason}); {_tries(message)}."
    if reason.startswith("SMTP ") or reason.startswith("connection error"):
        return (
            "The site's mail server could not be reached or kept saying "
            f"“try later” ({reason}); it gave up {_tries(message)}."
        )
    if reason.startswith("worker lost"):
        return f"Sending was interrupted too many times; it gave up {_tries(message)}."
    if reason.startswith("build error") or reason.startswith("no builder"):
        return (
            "The site could not put this email together (a fault to report "
            f"to whoever runs the site); {_tries(message)}."
        )
    return f"It could not be sent ({reason or 'no reason recorded'})."
