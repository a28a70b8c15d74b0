"""Celery entry points of the blog."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from articles.importers import runs


# An import fetches pictures one by one: far longer than the default limits.
@shared_task(soft_time_limit=3000, time_limit=3300)
def import_wordpress(*, run_id: int) -> None:
    """Run a queued blog import (see `runs.run_import`)."""
    try:
        runs.run_import(run_id=run_id)
    except SoftTimeLimitExceeded:
        runs.stop_import(
            run_id=run_id,
            reason="The import took too long and stopped; posts imported so far "
            "are saved. Import the same file again to finish.",
        )
