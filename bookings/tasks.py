"""Celery entry points for bookings: thin, idempotent, ids and JSON only."""

from celery import shared_task

from bookings import services


@shared_task(name="bookings.tasks.erase_stale_leads")
def erase_stale_leads() -> int:
    """Erase leads inactive for the retention period (daily; safe to repeat)."""
    return services.erase_stale_leads()
