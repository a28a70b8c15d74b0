"""The mailing list: subscribers with their consent, and one send per post."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from coaching.validators import EMAIL_MAX_LENGTH

# The words shown next to every subscribe form; recorded with each sign-up.
CONSENT_WORDING = (
    "Email me each new MSMonday post and occasional news from the coach. "
    "I can unsubscribe at any time with one click."
)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """Subscribers who confirmed and have not left: the people who get posts."""
        return self.filter(status=Subscriber.Status.SUBSCRIBED)

    def for_email(self, email: str):
        """The subscriber with this address, whatever its case."""
        return self.filter(email__iexact=email.strip())

    def expired(self, *, now=None):
        """Sign-ups never confirmed within NEWSLETTER_CONFIRM_DAYS of asking."""
        now = now or timezone.now()
        days = settings.NEWSLETTER_CONFIRM_DAYS
        return self.filter(
            status=Subscriber.Status.PENDING,
            requested_at__lt=now - timedelta(days=days),
        )


def new_link_key() -> str:
    """A random key for a subscriber's email links (128 bits, 22 characters)."""
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    """One address on the list, with the consent she gave and where she gave it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for her to confirm"
        SUBSCRIBED = "subscribed", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Address does not accept mail"
        COMPLAINED = "complained", "Marked our email as spam"

    class Source(models.TextChoices):
        POST = "post", "Form at the end of a post"
        HOME = "home", "Form on the home page"
        PAGE = "page", "Newsletter page"
        BOOKING = "booking", "News box on the booking form"
        IMPORT = "import", "Imported list"

    email = models.EmailField(max_length=EMAIL_MAX_LENGTH)
    first_name = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    source = models.CharField("signed up on", max_length=20, choices=Source.choices)
    source_detail = models.CharField(
        "which post or list",
        max_length=200,
        blank=True,
        help_text="The post she signed up on, or the name of the imported list.",
    )
    consent_wording = models.TextField(
        help_text="The exact words she agreed to when she signed up."
    )
    requested_at = models.DateTimeField(
        "asked to join", help_text="When she last asked to subscribe."
    )
    confirmed_at = models.DateTimeField("confirmed", null=True, blank=True)
    left_at = models.DateTimeField(
        "left",
        null=True,
        blank=True,
        help_text="When she unsubscribed, or her address bounced or complained.",
    )
    confirmation_sent_at = models.DateTimeField(
        "confirmation email sent", null=True, blank=True
    )
    client = models.OneToOneField(
        "bookings.Client",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subscriber",
        help_text="Her client record, when she has booked a call.",
    )
    # Her confirm and unsubscribe links carry this, signed: nothing about the
    # row's id or the size of the list (see newsletter.tokens).
    link_key = models.CharField(
        max_length=32, unique=True, default=new_link_key, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="newsletter_subscriber_email_ci_unique",
                violation_error_message="This address is already on the list.",
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def is_subscribed(self) -> bool:
        return self.status == self.Status.SUBSCRIBED


class PostSendQuerySet(models.QuerySet):
    def sending(self):
        """Sends that mail subscribers (not the posts marked as never to send)."""
        return self.filter(status=PostSend.Status.SENDING)


class PostSend(models.Model):
    """The one mailing of a post; its existence means the post is never sent again."""

    class Status(models.TextChoices):
        SENDING = "sending", "Sent to subscribers"
        SKIPPED = "skipped", "Not emailed"

    post = models.OneToOneField(
        "articles.Post", on_delete=models.CASCADE, related_name="newsletter_send"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.CharField(
        max_length=200, blank=True, help_text="Why a post was not emailed."
    )
    recipient_count = models.PositiveIntegerField("subscribers", default=0)
    created_at = models.DateTimeField("started", auto_now_add=True)

    objects = PostSendQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "newsletter mailing"

    def __str__(self):
        return f"{self.post} ({self.get_status_display()})"


class Recipient(models.Model):
    """One subscriber a post is sent to; at most one row per (post, subscriber)."""

    post = models.ForeignKey(
        "articles.Post", on_delete=models.CASCADE, related_name="+"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="receipts"
    )
    is_queued = models.BooleanField(
        default=False, help_text="Her email is written to the outbox."
    )

    class Meta:
        indexes = [
            models.Index(fields=["post", "is_queued"], name="newsletter_rcpt_queue_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "subscriber"], name="newsletter_one_recipient_per_post"
            ),
        ]

    def __str__(self):
        return f"post {self.post_id} to subscriber {self.subscriber_id}"


class ProviderEvent(models.Model):
    """A tracking event from the email provider, kept to ignore its repeats."""

    event_id = models.CharField(max_length=200, unique=True)
    event_type = models.CharField(max_length=30)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.event_type} {self.event_id}"


# Posts reach subscribers only while recently live: an old post (imported, or
# live before the newsletter existed) is never emailed even if no send exists.
def newest_sendable_cutoff(*, now=None):
    """Posts that went live before this moment are too old to email."""
    now = now or timezone.now()
    return now - timedelta(hours=settings.NEWSLETTER_SEND_WINDOW_HOURS)


def posts_to_send(*, now=None):
    """Live posts meant for subscribers, gone live recently, with no send yet
    (imported posts never)."""
    from articles.models import Post

    now = now or timezone.now()
    return (
        Post.objects.published(now=now)
        .filter(publish_at__gte=newest_sendable_cutoff(now=now))
        .filter(newsletter_send__isnull=True, imported_from="")
        .filter(
            Q(is_for_subscribers=True)
            | Q(
                is_for_subscribers__isnull=True,
                series__slug__in=settings.NEWSLETTER_SERIES_SLUGS,
            )
        )
    )
