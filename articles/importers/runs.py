"""Imports started from the back office: queued, then run by a Celery worker."""

import re
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.importers.models import ImportRun
from articles.importers.service import import_export
from articles.importers.wxr import ExportError

_TOKEN = re.compile(r"^[0-9a-f]{32}$")
# A run still "running" after this long lost its worker and may start again.
RUN_LEASE = timedelta(hours=1)
UPLOAD_KEPT = timedelta(days=1)


def upload_dir() -> Path:
    return Path(settings.IMPORT_UPLOAD_DIR)


def upload_path(token: str) -> Path | None:
    """The stored upload of `token`, or None for a token that cannot be ours."""
    return upload_dir() / f"{token}.xml" if _TOKEN.match(token or "") else None


def store_upload(upload, *, now=None) -> str:
    """Keep an uploaded export until it is imported; returns its token.

    Side effect: uploads previewed but never imported go after a day.
    """
    token = secrets.token_hex(16)
    upload_dir().mkdir(parents=True, exist_ok=True)
    stale = (now or timezone.now()).timestamp() - UPLOAD_KEPT.total_seconds()
    for old in upload_dir().glob("*.xml"):
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    with upload_path(token).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


@transaction.atomic
def start_import(*, token: str, user, file_name: str = "") -> ImportRun:
    """Queue the import of a stored upload; the worker is told after commit."""
    from articles import tasks

    run = ImportRun(created_by=user, upload_token=token, file_name=file_name[:200])
    run.full_clean()
    run.save()
    transaction.on_commit(lambda: tasks.import_wordpress.delay(run_id=run.pk))
    return run


def _claim(run_id: int, *, now) -> ImportRun | None:
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.is_finished:
            return None
        if run.status == ImportRun.Status.RUNNING and run.started_at > now - RUN_LEASE:
            return None
        run.status, run.started_at = ImportRun.Status.RUNNING, now
        run.save(update_fields=["status", "started_at"])
        return run


def run_import(*, run_id: int, now=None) -> ImportRun | None:
    """Import a queued run's file and keep the report; a finished run is left as is.

    Side effects: everything `import_export` writes; deletes the uploaded file.
    """
    run = _claim(run_id, now=now or timezone.now())
    if run is None:
        return None
    path = upload_path(run.upload_token)
    try:
        report = import_export(source=path, author=run.created_by)
    except (ExportError, OSError) as exc:
        run.status = ImportRun.Status.FAILED
        run.summary = (
            str(exc)[:500]
            if isinstance(exc, ExportError)
            else ("The uploaded file is gone; upload it again.")
        )
    else:
        run.status = ImportRun.Status.DONE
        run.summary = report.summary()[:500]
        run.sections = report.sections()
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "summary", "sections", "finished_at"])
    path.unlink(missing_ok=True)
    return run


def stop_import(*, run_id: int, reason: str) -> None:
    """Mark a run that could not finish as failed, with a reason for the coach."""
    ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.RUNNING).update(
        status=ImportRun.Status.FAILED, summary=reason[:500], finished_at=timezone.now()
    )
