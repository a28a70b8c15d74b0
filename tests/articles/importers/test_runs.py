from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles import tasks
from articles.importers import runs
from articles.importers.models import ImportRun
from articles.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(export_file, uploads, coach):
    upload = SimpleUploadedFile("wp.xml", export_file("wordpress.xml").read_bytes())
    token = runs.store_upload(upload)
    return runs.start_import(token=token, user=coach, file_name="wp.xml")


def test_start_import_queues_the_task_after_commit(
    export_file, uploads, coach, eager_tasks, django_capture_on_commit_callbacks
):
    token = runs.store_upload(SimpleUploadedFile("wp.xml", b"<rss/>"))

    with django_capture_on_commit_callbacks() as callbacks:
        runs.start_import(token=token, user=coach)

    assert len(callbacks) == 1


def test_import_task_imports_and_keeps_the_report(queued, uploads):
    tasks.import_wordpress.apply(kwargs={"run_id": queued.pk})

    queued.refresh_from_db()
    assert queued.status == ImportRun.Status.DONE
    assert queued.summary.startswith("Imported from WordPress: created 4")
    assert ["Skipped", ["About me: a page: only posts"]] in queued.sections
    assert Post.objects.count() == 4
    assert not list(uploads.iterdir())


def test_import_task_twice_imports_once(queued):
    tasks.import_wordpress.apply(kwargs={"run_id": queued.pk})
    finished_at = ImportRun.objects.get().finished_at

    tasks.import_wordpress.apply(kwargs={"run_id": queued.pk})

    assert ImportRun.objects.get().finished_at == finished_at
    assert Post.objects.count() == 4


def test_import_task_leaves_a_fresh_running_import_alone(queued):
    ImportRun.objects.update(status="running", started_at=timezone.now())

    assert runs.run_import(run_id=queued.pk) is None
    assert Post.objects.count() == 0


def test_import_task_takes_over_an_import_whose_worker_died(queued):
    ImportRun.objects.update(
        status="running", started_at=timezone.now() - timedelta(hours=2)
    )

    assert runs.run_import(run_id=queued.pk).status == ImportRun.Status.DONE


def test_import_task_reports_a_missing_file(queued, uploads):
    runs.upload_path(queued.upload_token).unlink()

    run = runs.run_import(run_id=queued.pk)

    assert run.status == ImportRun.Status.FAILED
    assert run.summary == "The uploaded file is gone; upload it again."


def test_import_task_reports_a_bad_file(uploads, coach):
    token = runs.store_upload(SimpleUploadedFile("x.xml", b"garbage"))
    run = runs.start_import(token=token, user=coach)

    run = runs.run_import(run_id=run.pk)

    assert run.status == ImportRun.Status.FAILED
    assert "not a readable XML export" in run.summary


def test_upload_path_refuses_foreign_tokens(uploads):
    assert runs.upload_path("../../etc/passwd") is None
    assert runs.upload_path("") is None


def test_store_upload_clears_uploads_never_imported(uploads):
    old = runs.upload_path(runs.store_upload(SimpleUploadedFile("a.xml", b"<rss/>")))

    runs.store_upload(
        SimpleUploadedFile("b.xml", b"<rss/>"), now=timezone.now() + timedelta(days=2)
    )

    assert not old.exists() and len(list(uploads.iterdir())) == 1
