"""The coach's working records: notes, status history, erasures, her calendar feed."""

import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import formats, timezone

from .clients import Client

NOTE_MAX_LENGTH = 20_000


class ClientNote(models.Model):
    """One plain-text note on a client, signed and timestamped."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField("note", validators=[MaxLengthValidator(NOTE_MAX_LENGTH)])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        # In the active zone: the coach's on her back-office pages.
        written = timezone.localtime(self.created_at)
        return f"Note of {formats.date_format(written, 'DATETIME_FORMAT')}"


class ClientStatusChange(models.Model):
    """A move of a client's status: from what, to what, by whom and when."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Client.Status.choices)
    to_status = models.CharField(max_length=20, choices=Client.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the site made the change (a booking, a cancellation).",
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ErasureRecord(models.Model):
    """That a client was erased, and what was done; never who she was."""

    class Reason(models.TextChoices):
        REQUEST = "request", "She asked"
        RETENTION = "retention", "Kept too long without activity"

    client_ref = models.PositiveBigIntegerField("client number")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    erased_at = models.DateTimeField(default=timezone.now)
    bookings_cancelled = models.PositiveIntegerField(default=0)
    bookings_kept = models.PositiveIntegerField(default=0)
    emails_voided = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self):
        return f"Client {self.client_ref} erased {self.erased_at:%Y-%m-%d}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CoachFeed(models.Model):
    """The secret behind the coach's calendar feed URL; one row."""

    token = models.CharField(max_length=64, default=new_feed_token, unique=True)
    rotated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "calendar feed"

    def __str__(self):
        return "Calendar feed"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "CoachFeed":
        """The feed row, created with a fresh token the first time."""
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj


class StaffVisit(models.Model):
    """When a staff user last opened the back-office home, for "new since"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"Last visit {self.seen_at:%Y-%m-%d %H:%M}"
