"""People who booked a call, and the consents they gave."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower

from .availability import validate_time_zone

# One limit each, shared by the booking form, the services and the admin.
NAME_MAX_LENGTH = 200
PHONE_MAX_LENGTH = 40
EMAIL_MAX_LENGTH = 254


def validate_one_line(value: str) -> None:
    """Refuse line breaks and other control characters: names go into emails."""
    if any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} for char in value):
        raise ValidationError(
            "Please use letters, numbers and punctuation only, on one line.",
            code="control_character",
        )


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
        help_text="The blog post she came from, if any.",
    )
    has_news_consent = models.BooleanField(
        "agreed to news emails",
        default=False,
        help_text="Only email her news when this is ticked.",
    )
    notes = models.TextField(
        "your private notes",
        blank=True,
        validators=[MaxLengthValidator(20_000)],
        help_text="Only you see these.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
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
