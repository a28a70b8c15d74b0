import logging
import time

import pytest
from django.db import transaction

from outbox import services
from outbox.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


def test_enqueue_with_the_broker_down_neither_raises_nor_hangs(dead_broker, caplog):
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="outbox"), transaction.atomic():
        message = services.enqueue(
            kind="test.note", key="test:broker-down", to_email="ann@example.org"
        )
    elapsed = time.monotonic() - started

    message.refresh_from_db()
    assert elapsed < 8
    assert message.status == Message.Status.PENDING
    assert message.lease_until is None  # released for the next claim tick
    assert "the claim job will send them" in caplog.text
    assert "ann@example.org" not in caplog.text


def test_a_row_the_broker_missed_is_sent_by_the_claim(dead_broker, mailoutbox):
    with transaction.atomic():
        message = services.enqueue(
            kind="test.note", key="test:broker-down", to_email="ann@example.org"
        )

    for batch in services.claim_due_messages():
        services.send_messages(message_ids=batch)

    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert len(mailoutbox) == 1
