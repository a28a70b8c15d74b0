"""The outbox: one row per email the site sends, from queued to sent (or void)."""

from email.utils import make_msgid
from urllib.parse import urlparse

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_message_id() -> str:
    """A fresh RFC 5322 Message-ID on the site's domain, made once per row."""
    domain = urlparse(settings.SITE_URL).hostname or "localhost"
    return make_msgid(domain=domain)


class MessageQuerySet(models.QuerySet):
    def live(self):
        """Rows that are not void (the ones the one-live-row-per-key rule counts)."""
        return self.exclude(status=Message.Status.VOID)

    def due(self, now=None):
        """Pending rows whose time has come and that no claim is holding."""
        now = now or timezone.now()
        return self.filter(status=Message.Status.PENDING, due_at__lte=now).filter(
            Q(lease_until__isnull=True) | Q(lease_until__lte=now)
        )

    def failed(self):
        """Rows that gave up: permanent refusal or too many attempts."""
        return self.filter(status=Message.Status.FAILED)

    def stale(self, now=None):
        """Sending rows whose worker's lease ran out (the worker died or hung)."""
        now = now or timezone.now()
        return self.filter(status=Message.Status.SENDING, lease_until__lte=now)

    def for_key_prefix(self, prefix):
        """Rows whose key starts with `prefix` (e.g. every message of one booking)."""
        return self.filter(key__startswith=prefix)


class Message(models.Model):
    """One email to send: what it is about, to whom, when, and how it went."""

    class Stream(models.TextChoices):
        TRANSACTIONAL = "transactional", "Transactional"
        NEWSLETTER = "newsletter", "Newsletter"

    class Status(models.TextChoices):
        # The labels are what the back office shows (lists, filters, records).
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"
        VOID = "void", "Not sent (no longer needed)"

    kind = models.CharField(max_length=64)
    key = models.CharField(max_length=200)
    stream = models.CharField(
        max_length=20, choices=Stream.choices, default=Stream.TRANSACTIONAL
    )
    to_email = models.EmailField(max_length=254)
    # Ids only (e.g. {"booking_id": 271}): the builder re-reads the rest at send
    # time, so nothing personal or medical is copied into this table.
    context = models.JSONField(default=dict, blank=True)
    due_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # Short and free of personal data: an SMTP code and a category, never the
    # server's text (which often quotes the address).
    last_error = models.CharField(max_length=200, blank=True)
    # A claim (queued, not yet picked up) or a send (in flight) holds the row
    # until this time; after it, the row is fair game again.
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Reused on every retry and resend, so a message delivered twice after a
    # lost worker shows once in her mail program.
    message_id = models.CharField(
        max_length=255, unique=True, default=new_message_id, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    void_reason = models.CharField(max_length=200, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = "email"
        verbose_name_plural = "emails"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=~Q(status="void"),
                name="outbox_message_one_live_per_key",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="outbox_msg_status_due_idx"),
            # The per-minute rate counts a stream's recent sends.
            models.Index(
                fields=["stream", "sent_at"], name="outbox_msg_stream_sent_idx"
            ),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"
