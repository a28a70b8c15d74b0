"""Thin Celery entry points of the newsletter."""

from celery import shared_task

from newsletter import services


@shared_task
def start_due_post_sends():
    """Beat job: start the send of each post gone live; resume unfinished ones."""
    for post_id in services.due_post_ids():
        start_post_send.delay(post_id=post_id)
    for post_id in services.sends_to_resume():
        queue_post_emails.delay(post_id=post_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def start_post_send(*, post_id: int):
    """Plan one post's send (repeat-safe: one send per post, ever)."""
    services.start_post_send(post_id=post_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def queue_post_emails(*, post_id: int):
    """Write a send's outbox emails in chunks (repeat-safe, resumable)."""
    services.queue_post_emails(post_id=post_id)


@shared_task
def expire_sign_ups():
    """Beat job: forget sign-ups never confirmed in time."""
    services.expire_sign_ups()
