"""What each imported post came from, so a second import can match it."""

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
