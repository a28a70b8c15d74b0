"""Pictures inside posts and the revisions of a post's text."""

from django.conf import settings
from django.db import models


class PostImage(models.Model):
    """A picture uploaded from the editor; the Markdown refers to it by its address."""

    image = models.ImageField(
        upload_to="articles/images/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The scaled copies the post page uses, [{"width", "name"}], made on upload.
    renditions = models.JSONField(default=list, blank=True, editable=False)
    alt = models.CharField("description", max_length=250, blank=True)
    is_decorative = models.BooleanField(default=False)
    post = models.ForeignKey(
        "articles.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="images",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.image.name


class PostRevisionQuerySet(models.QuerySet):
    def autosaves(self):
        """Text kept while typing, not yet saved with the post."""
        return self.filter(kind=PostRevision.Kind.AUTOSAVE)

    def history(self):
        """Saved and restored versions, newest first (autosaves left out)."""
        return self.exclude(kind=PostRevision.Kind.AUTOSAVE).order_by(
            "-created_at", "-id"
        )


class PostRevision(models.Model):
    """The title and text of a post at one moment: saved, restored or autosaved."""

    class Kind(models.TextChoices):
        SAVED = "saved", "Saved"
        RESTORED = "restored", "Restored"
        AUTOSAVE = "autosave", "Autosaved while typing"

    # Empty for the autosave of a post not saved yet (one per person).
    post = models.ForeignKey(
        "articles.Post",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    # The post's `updated_at` the editor was opened with (autosaves only).
    based_on = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField()

    objects = PostRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["post", "kind", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "created_by"],
                condition=models.Q(kind="autosave"),
                name="articles_one_autosave_per_post_and_person",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"
