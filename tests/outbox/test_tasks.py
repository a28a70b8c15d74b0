import pytest
from django.conf import settings

from outbox import tasks
from outbox.models import Message
from tests.factories import MessageFactory


@pytest.mark.parametrize(
    "task", [tasks.send_messages, tasks.claim_due_messages, tasks.sweep_stale_messages]
)
def test_tasks_ack_late_and_are_redelivered_when_the_worker_dies(task):
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True


def test_beat_claims_and_sweeps_every_minute():
    schedule = {
        entry["task"]: entry["schedule"]
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }

    assert schedule["outbox.tasks.claim_due_messages"] == 60
    assert schedule["outbox.tasks.sweep_stale_messages"] == 60


@pytest.mark.django_db
def test_claim_task_queues_one_send_task_per_batch(published):
    rows = MessageFactory.create_batch(3)

    result = tasks.claim_due_messages.apply()

    assert result.get() == 3
    assert published == [[m.pk] for m in rows]


@pytest.mark.django_db
def test_send_task_takes_json_ids(mailoutbox):
    message = MessageFactory()

    tasks.send_messages.apply(kwargs={"message_ids": [message.pk]})

    message.refresh_from_db()
    assert message.status == Message.Status.SENT
