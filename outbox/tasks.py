"""Celery entry points for the outbox: thin, JSON arguments, idempotent."""

from celery import shared_task

from outbox import services

# acks_late + reject_on_worker_lost: a task whose worker dies is delivered
# again; the row's sending lease and status make the second run harmless.
TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(**TASK_OPTIONS)
def send_messages(*, message_ids):
    """Send these outbox rows (those still due); see services.send_messages."""
    return services.send_messages(message_ids=message_ids)


@shared_task(**TASK_OPTIONS)
def claim_due_messages():
    """Claim due rows (beat, every minute) and queue one send task per batch."""
    batches = services.claim_due_messages()
    for batch in batches:
        send_messages.delay(message_ids=batch)
    return len(batches)


@shared_task(**TASK_OPTIONS)
def sweep_stale_messages():
    """Put rows whose sending lease ran out back to pending (beat, every minute)."""
    return services.sweep_stale_messages()
