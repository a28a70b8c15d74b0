"""Consult calls booked on the coach's calendar."""

import secrets
import uuid
from datetime import datetime, timedelta

from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone

from .availability import ConsultSettings, validate_time_zone
from .clients import Client
from .constraints import PostgresExclusionConstraint, TsTzRange

SLOT_TAKEN_MESSAGE = "That time was just taken. Please choose another time."
# The constraints that keep two calls off one time; breaking one means "taken".
ONE_PER_START = "bookings_booking_one_confirmed_per_start"
NO_OVERLAP = "bookings_booking_no_overlap"
SLOT_CONSTRAINTS = frozenset({ONE_PER_START, NO_OVERLAP})
HELP_WITH_MAX_LENGTH = 1000


def new_calendar_uid() -> str:
    """A fresh, unguessable calendar event id (no booking number in it)."""
    return uuid.uuid4().hex


def new_manage_key() -> str:
    """A fresh random key for a booking's manage link (192 bits, 32 characters)."""
    return secrets.token_urlsafe(24)


class BookingQuerySet(models.QuerySet):
    def active(self):
        """Bookings that still hold their time: confirmed ones."""
        return self.filter(status=Booking.Status.CONFIRMED)

    def upcoming(self, now: datetime | None = None):
        """Bookings that start at or after `now` (default: the clock), soonest first."""
        now = now or timezone.now()
        return self.filter(starts_at__gte=now).order_by("starts_at")

    def past(self, now: datetime | None = None):
        """Bookings that started before `now` (default: the clock), latest first."""
        now = now or timezone.now()
        return self.filter(starts_at__lt=now).order_by("-starts_at")

    def source_counts(self):
        """Per source post: calls booked, held, and clients won; moves count once.

        Rows have `source_post` None for calls not booked from a post.
        """
        became = [Client.Status.CLIENT, Client.Status.PAST_CLIENT]
        return (
            self.filter(rescheduled_to__isnull=True)
            .values("source_post", "source_post__title")
            .annotate(
                booked=models.Count("pk"),
                held=models.Count("pk", filter=Q(status=Booking.Status.COMPLETED)),
                became_clients=models.Count(
                    "client", distinct=True, filter=Q(client__status__in=became)
                ),
            )
            .order_by("-booked", "source_post__title")
        )

    def overlapping(self, start: datetime, end: datetime):
        """Bookings whose [starts_at, ends_at) meets [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)


class Booking(models.Model):
    """One consult call: who, when, what she would like help with."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Held"
        NO_SHOW = "no_show", "No-show"

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="bookings"
    )
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    help_with = models.TextField(
        "what she would like help with",
        blank=True,
        validators=[MaxLengthValidator(HELP_WITH_MAX_LENGTH)],
    )
    source_post = models.ForeignKey(
        "articles.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="came from post",
        help_text="The blog post she booked from, if any.",
    )
    time_zone = models.CharField(
        "her time zone", max_length=64, validators=[validate_time_zone]
    )
    rescheduled_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rescheduled_to",
        verbose_name="moved from",
        help_text="The call this one replaced, when she moved her call.",
    )
    # One calendar event per call, however often she moves it: a moved call
    # keeps the UID of the first booking in its chain with a higher SEQUENCE.
    calendar_uid = models.CharField(
        max_length=64, default=new_calendar_uid, editable=False
    )
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    # The secret of her manage link (see bookings.services.tokens).
    manage_key = models.CharField(
        max_length=64, unique=True, editable=False, default=new_manage_key
    )
    # The one-off id of the booking form that made it: a second send of that
    # form finds this booking instead of booking again.
    form_nonce = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField("booked on", auto_now_add=True)
    cancelled_at = models.DateTimeField("cancelled on", null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        # Her word for it, in the back office's lists, messages and history.
        verbose_name = "call"
        verbose_name_plural = "calls"
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["starts_at"], name="bookings_booking_starts_idx"),
        ]
        constraints = [
            # Second line of defence, on every database: one confirmed call
            # per start time.
            models.UniqueConstraint(
                fields=["starts_at"],
                condition=Q(status="confirmed"),
                name=ONE_PER_START,
                violation_error_message=SLOT_TAKEN_MESSAGE,
            ),
            # PostgreSQL: no two confirmed calls overlap at all.
            PostgresExclusionConstraint(
                name=NO_OVERLAP,
                expressions=[
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS)
                ],
                condition=Q(status="confirmed"),
                violation_error_message=SLOT_TAKEN_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["form_nonce"],
                condition=~Q(form_nonce=""),
                name="bookings_booking_one_per_form",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="bookings_booking_ends_after_start",
                violation_error_message="The end must be after the start.",
            ),
        ]

    def __str__(self):
        # In the active zone: the coach's on her back-office pages.
        starts = timezone.localtime(self.starts_at)
        return f"{self.client} – {formats.date_format(starts, 'DATETIME_FORMAT')}"

    def clean(self):
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": "The end must be after the start."})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.CONFIRMED

    def latest_move(self) -> "Booking | None":
        """The booking this call was last moved to (after every move), or None."""
        latest, moved = None, Booking.objects.filter(rescheduled_from=self).first()
        while moved is not None:
            latest = moved
            moved = Booking.objects.filter(rescheduled_from=latest).first()
        return latest

    def change_state(self, *, cfg: ConsultSettings, now: datetime | None = None) -> str:
        """Whether she may still change this call online, the one place it is decided.

        "ok", or why not: "cancelled", "past" (held, no-show or started) or
        "late" (inside the coach's change cutoff).
        """
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if self.status != self.Status.CONFIRMED or self.starts_at <= now:
            return "past"
        if now >= self.starts_at - timedelta(hours=cfg.change_cutoff_hours):
            return "late"
        return "ok"
