"""What each imported post came from, so a second import can match it."""

from django.conf import settings
from django.db import models


class ImportedPost(models.Model):
    """The export item behind a post: its id, GUID and a hash of its content."""

    post = models.OneToOneField(
        "articles.Post", on_delete=models.CASCADE, related_name="import_source"
    )
    source_site = models.CharField(max_length=300, blank=True)
    source_id = models.CharField("export post id", max_length=40, blank=True)
    guid = models.CharField("GUID", max_length=500, blank=True, db_index=True)
    source_hash = models.CharField(max_length=64)
    post_updated_at = models.DateTimeField(
        help_text="The post's last change as of the import: a later one is the coach's."
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["source_site", "source_id"])]

    def __str__(self):
        return f"{self.source_site} #{self.source_id}"


class ImportRun(models.Model):
    """One import started from the back office, run by a worker; keeps its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Done"
        FAILED = "failed", "Could not import"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    upload_token = models.CharField(max_length=32, unique=True)
    file_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    summary = models.CharField(max_length=500, blank=True)
    sections = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name or 'export'} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
