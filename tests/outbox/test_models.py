from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from outbox.models import Message
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_message_gets_a_message_id_on_the_site_domain():
    message = MessageFactory()

    assert message.message_id.startswith("<")
    assert message.message_id.endswith("@testserver>")


def test_one_live_row_per_key():
    MessageFactory(key="booking:1:confirmation")

    with pytest.raises(IntegrityError), transaction.atomic():
        MessageFactory(key="booking:1:confirmation")


def test_a_void_row_frees_its_key():
    MessageFactory(key="booking:1:reminder", status=Message.Status.VOID)
    MessageFactory(key="booking:1:reminder", status=Message.Status.VOID)

    MessageFactory(key="booking:1:reminder")

    assert Message.objects.live().filter(key="booking:1:reminder").count() == 1


def test_due_excludes_future_and_claimed_rows():
    now = timezone.now()
    due = MessageFactory(due_at=now - timedelta(minutes=1))
    MessageFactory(due_at=now + timedelta(minutes=5))
    MessageFactory(due_at=now, lease_until=now + timedelta(minutes=1))
    MessageFactory(due_at=now, status=Message.Status.SENT)
    expired_claim = MessageFactory(due_at=now, lease_until=now - timedelta(seconds=1))

    assert set(Message.objects.due(now=now)) == {due, expired_claim}


def test_for_key_prefix_and_failed():
    failed = MessageFactory(key="booking:7:reminder-1h", status=Message.Status.FAILED)
    MessageFactory(key="booking:70:reminder-1h")

    assert list(Message.objects.for_key_prefix("booking:7:")) == [failed]
    assert list(Message.objects.failed()) == [failed]
