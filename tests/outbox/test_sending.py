import logging
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from outbox import services, tasks
from outbox.models import Message
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def _status(message):
    message.refresh_from_db()
    return message.status


def test_send_task_twice_sends_one_email(mailoutbox):
    message = MessageFactory()

    tasks.send_messages.apply(kwargs={"message_ids": [message.pk]})
    tasks.send_messages.apply(kwargs={"message_ids": [message.pk]})

    assert len(mailoutbox) == 1
    assert _status(message) == Message.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


def test_send_sets_to_from_and_the_stable_message_id(mailoutbox, settings):
    message = MessageFactory(to_email="ann@example.org")

    services.send_messages(message_ids=[message.pk])

    email = mailoutbox[0]
    assert email.to == ["ann@example.org"]
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert email.message()["Message-ID"] == message.message_id


def test_send_skips_a_row_under_a_live_sending_lease(mailoutbox):
    message = MessageFactory(
        status="sending", lease_until=timezone.now() + timedelta(minutes=2)
    )

    services.send_messages(message_ids=[message.pk])

    assert mailoutbox == []
    assert _status(message) == Message.Status.SENDING


def test_send_skips_a_pending_row_not_due_yet(mailoutbox):
    message = MessageFactory(due_at=timezone.now() + timedelta(minutes=10))

    services.send_messages(message_ids=[message.pk])

    assert mailoutbox == []


@pytest.mark.parametrize("status", ["void", "sent", None])
def test_send_of_a_void_sent_or_missing_row_logs_one_line(mailoutbox, caplog, status):
    message = MessageFactory(status=status or "pending", to_email="ann@example.org")
    message_id = message.pk
    if status is None:
        message.delete()

    with caplog.at_level(logging.INFO, logger="outbox"):
        services.send_messages(message_ids=[message_id])

    assert mailoutbox == []
    assert len(caplog.records) == 1
    assert str(message_id) in caplog.text
    assert "ann@example.org" not in caplog.text


def test_skip_voids_the_row_with_the_reason(mailoutbox):
    message = MessageFactory(context={"skip": "call was cancelled"})

    services.send_messages(message_ids=[message.pk])

    assert mailoutbox == []
    assert _status(message) == Message.Status.VOID
    assert message.void_reason == "call was cancelled"


def test_build_error_is_retried_later(mailoutbox):
    message = MessageFactory(context={"fail_build": True})

    services.send_messages(message_ids=[message.pk])

    assert _status(message) == Message.Status.PENDING
    assert message.last_error == "build error (RuntimeError)"
    assert message.due_at > timezone.now()


def test_a_kind_without_builder_is_retried_later(mailoutbox):
    message = MessageFactory(kind="unknown.kind")

    services.send_messages(message_ids=[message.pk])

    assert _status(message) == Message.Status.PENDING
    assert message.last_error == "no builder for this kind"


def test_temporary_refusal_is_retried_then_sent(smtp_server, settings):
    smtp_server.set_mode("ann@example.org", "temp")
    message = MessageFactory(to_email="ann@example.org")

    services.send_messages(message_ids=[message.pk])
    assert _status(message) == Message.Status.PENDING
    assert message.last_error == "recipient refused (450)"
    assert message.due_at >= timezone.now() + timedelta(seconds=50)
    smtp_server.set_mode("ann@example.org", "accept")
    with time_machine.travel(message.due_at + timedelta(seconds=1)):
        batches = services.claim_due_messages()
        for batch in batches:
            services.send_messages(message_ids=batch)

    assert batches == [[message.pk]]
    assert _status(message) == Message.Status.SENT
    assert message.attempts == 2
    assert smtp_server.count("ann@example.org") == 1


def test_back_off_doubles_and_is_capped(settings):
    from outbox.services.sending import _retry_delay

    settings.OUTBOX_RETRY_BASE_SECONDS = 60
    settings.OUTBOX_RETRY_MAX_SECONDS = 600

    delays = [_retry_delay(n).total_seconds() for n in range(1, 7)]

    assert delays == [60, 120, 240, 480, 600, 600]


def test_temporary_refusals_fail_after_max_attempts(smtp_server, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server.set_mode("ann@example.org", "temp")
    message = MessageFactory(to_email="ann@example.org", attempts=1)

    services.send_messages(message_ids=[message.pk])

    assert _status(message) == Message.Status.FAILED
    assert message.last_error == "recipient refused (450); gave up"


def test_permanent_refusal_fails_and_tells_the_builder(smtp_server, test_builder):
    smtp_server.set_mode("gone@example.org", "perm")
    message = MessageFactory(to_email="gone@example.org")

    services.send_messages(message_ids=[message.pk])

    assert _status(message) == Message.Status.FAILED
    assert message.last_error == "recipient refused (550)"
    assert test_builder.permanent_failures == [(message.pk, "recipient refused (550)")]


def test_one_refused_address_does_not_stop_the_batch(smtp_server):
    smtp_server.set_mode("gone@example.org", "perm")
    rows = [
        MessageFactory(stream="newsletter", to_email=address)
        for address in ["a@example.org", "gone@example.org", "b@example.org"]
    ]

    sent = services.send_messages(message_ids=[m.pk for m in rows])

    assert sent == 2
    assert [_status(m) for m in rows] == ["sent", "failed", "sent"]


def test_mail_server_down_is_a_temporary_error(settings):
    from tests.smtp import free_port

    settings.MAILERS = {
        alias: {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
        for alias in settings.MAILERS
    }
    rows = MessageFactory.create_batch(2, stream="newsletter")

    services.send_messages(message_ids=[m.pk for m in rows])

    for message in rows:
        assert _status(message) == Message.Status.PENDING
    assert rows[0].last_error == "connection error (ConnectionRefusedError)"
    assert rows[1].last_error == "not tried (batch stopped)"


def test_newsletter_stream_uses_the_newsletter_mailer(
    settings, smtp_server, mailoutbox
):
    settings.MAILERS = {
        **settings.MAILERS,
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
    news = MessageFactory(stream="newsletter", to_email="reader@example.org")
    note = MessageFactory(to_email="client@example.org")

    services.send_messages(message_ids=[news.pk, note.pk])

    assert smtp_server.count("reader@example.org") == 1
    assert [email.to for email in mailoutbox] == [["client@example.org"]]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("SMTPResponseException(421, b'busy')", (False, "SMTP 421")),
        ("SMTPDataError(554, b'rejected')", (True, "SMTP 554")),
        (
            "SMTPSenderRefused(553, b'no', 'x@y')",
            (False, "SMTP 553 (SMTPSenderRefused)"),
        ),
        (
            "SMTPServerDisconnected('gone')",
            (False, "connection error (SMTPServerDisconnected)"),
        ),
        ("TimeoutError()", (False, "connection error (TimeoutError)")),
    ],
)
def test_classify_error(error, expected):
    import smtplib  # noqa: F401  (used by eval)

    exc = eval(error, {**vars(smtplib), "TimeoutError": TimeoutError})  # noqa: S307

    assert services.classify_error(exc) == expected


def test_soft_time_limit_hands_the_rest_of_the_batch_back(monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded
    from django.core.mail.backends.locmem import EmailBackend

    def out_of_time(self, messages):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(EmailBackend, "send_messages", out_of_time)
    rows = MessageFactory.create_batch(3, stream="newsletter")

    services.send_messages(message_ids=[m.pk for m in rows])

    assert [_status(m) for m in rows] == ["pending"] * 3
    assert [m.last_error for m in rows] == [
        "error (SoftTimeLimitExceeded)",
        "not tried (batch stopped)",
        "not tried (batch stopped)",
    ]
