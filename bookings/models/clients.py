"""People who booked a call, and the consents they gave."""

from datetime import date, datetime

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils import timezone

from coaching.validators import EMAIL_MAX_LENGTH, validate_one_line

from .availability import validate_time_zone

# One limit each, shared by the booking form, the services and the admin (the
# address and one-line rules are the site's, in coaching.validators).
NAME_MAX_LENGTH = 200
PHONE_MAX_LENGTH = 40


class ClientQuerySet(models.QuerySet):
    def with_next_consult(self, now: datetime | None = None):
        """Annotate `next_consult_at`: her soonest confirmed call from `now` on."""
        from .bookings import Booking

        now = now or timezone.now()
        soonest = (
            Booking.objects.active()
            .filter(client=OuterRef("pk"), starts_at__gte=now)
            .order_by("starts_at")
            .values("starts_at")[:1]
        )
        return self.annotate(next_consult_at=Subquery(soonest))

    def follow_ups_due(self, today: date | None = None):
        """Clients whose follow-up date is today or earlier, oldest first."""
        today = today or timezone.localdate()
        return self.filter(follow_up_on__lte=today).order_by("follow_up_on", "pk")

    def new_since(self, since: datetime | None):
        """Clients added after `since` (all of them when None), newest first."""
        qs = self.filter(erased_at__isnull=True)
        if since is not None:
            qs = qs.filter(created_at__gt=since)
        return qs.order_by("-created_at")

    def stale_leads(self, cutoff: datetime):
        """Leads with no booking at all and no change since `cutoff`."""
        return self.filter(
            status=Client.Status.LEAD,
            erased_at__isnull=True,
            updated_at__lt=cutoff,
            created_at__lt=cutoff,
        ).filter(~Q(pk__in=_booked_client_ids()))


def _booked_client_ids():
    from .bookings import Booking

    return Booking.objects.values("client_id")


class Client(models.Model):
    """A prospect or client; one row per email address, whatever its case."""

    class Status(models.TextChoices):
        LEAD = "lead", "Lead"
        CONSULT_BOOKED = "consult_booked", "Consult booked"
        CONSULT_HELD = "consult_held", "Consult held"
        CLIENT = "client", "Client"
        PAST_CLIENT = "past_client", "Past client"
        NOT_A_FIT = "not_a_fit", "Not a fit"

    name = models.CharField(max_length=NAME_MAX_LENGTH, validators=[validate_one_line])
    email = models.EmailField(max_length=EMAIL_MAX_LENGTH)
    phone = models.CharField(
        max_length=PHONE_MAX_LENGTH, blank=True, validators=[validate_one_line]
    )
    time_zone = models.CharField(
        max_length=64,
        validators=[validate_time_zone],
        help_text="Her time zone; emails show times in it.",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.LEAD, db_index=True
    )
    source_post = models.ForeignKey(
        "articles.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="came from post",
        help_text="The blog post she came from, if any.",
    )
    has_news_consent = models.BooleanField(
        "agreed to news emails",
        default=False,
        help_text="Only email her news when this is ticked.",
    )
    follow_up_on = models.DateField(
        "follow up on",
        null=True,
        blank=True,
        help_text="She shows on your home page from this day on.",
    )
    follow_up_reason = models.CharField("why follow up", max_length=200, blank=True)
    erased_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Her details were removed."
    )
    created_at = models.DateTimeField("added", auto_now_add=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["follow_up_on"], name="bookings_client_followup_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="bookings_client_email_ci_unique",
                violation_error_message="A client with this email already exists.",
            ),
        ]

    def __str__(self):
        return self.name


class Consent(models.Model):
    """What a client agreed to, in the exact words she saw, and when."""

    class Kind(models.TextChoices):
        STORAGE = "storage", "Keep her details and answers"
        NEWS = "news", "News emails"

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    wording = models.TextField(validators=[MaxLengthValidator(2000)])
    given_at = models.DateTimeField()

    class Meta:
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.given_at:%Y-%m-%d})"
