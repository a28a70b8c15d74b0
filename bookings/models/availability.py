"""When the coach takes consult calls: her settings, weekly hours and time off."""

import zoneinfo
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from coaching.zones import coach_zone, valid_time_zones


def validate_time_zone(value: str) -> None:
    """Accept only zones a person lives in, such as Europe/London (or UTC)."""
    if value not in valid_time_zones():
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Use a name such as "
            "America/Chicago or Europe/London.",
            code="invalid_time_zone",
            params={"value": value},
        )


MAX_REMINDER_HOURS = 24 * 14


def parse_reminder_hours(value: str) -> list[int]:
    """ "24, 1" -> [24, 1]: distinct whole hours, largest first; ValueError if bad."""
    hours = set()
    for part in value.replace(";", ",").split(","):
        part = part.strip().removesuffix("h").strip()
        if not part:
            continue
        number = int(part)
        if not 1 <= number <= MAX_REMINDER_HOURS:
            raise ValueError(part)
        hours.add(number)
    if len(hours) > 4:
        raise ValueError("too many")
    return sorted(hours, reverse=True)


def validate_reminder_hours(value: str) -> None:
    """Accept up to four whole hours between 1 and two weeks, comma separated."""
    try:
        parse_reminder_hours(value)
    except ValueError:
        raise ValidationError(
            "Write up to four whole numbers of hours between 1 and "
            f"{MAX_REMINDER_HOURS}, separated by commas, for example “24, 1”.",
            code="invalid_reminder_hours",
        ) from None


# The furthest ahead the coach can open her calendar.
MAX_HORIZON_DAYS = 365


def _between(low: int, high: int) -> list:
    """Validators keeping a number within [low, high]."""
    return [MinValueValidator(low), MaxValueValidator(high)]


def default_coach_time_zone() -> str:
    """Kept for migration 0001; the zone now lives only in settings."""
    return coach_zone().key


class ConsultSettings(models.Model):
    """How free consult calls work; one row that the coach edits once."""

    class CallMethod(models.TextChoices):
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone call"

    call_minutes = models.PositiveSmallIntegerField(
        "call length (minutes)",
        default=30,
        validators=_between(10, 240),
        help_text="How long a free consult call lasts.",
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(
        "free time before each call (minutes)",
        default=0,
        validators=_between(0, 120),
        help_text="Minutes kept free before a call, to get ready.",
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(
        "free time after each call (minutes)",
        default=15,
        validators=_between(0, 120),
        help_text="Minutes kept free after a call, to write notes or rest.",
    )
    min_notice_hours = models.PositiveSmallIntegerField(
        "minimum notice (hours)",
        default=24,
        validators=_between(0, 24 * 14),
        help_text="Nobody can book a call that starts sooner than this.",
    )
    horizon_days = models.PositiveSmallIntegerField(
        "how far ahead people can book (days)",
        default=30,
        validators=_between(1, MAX_HORIZON_DAYS),
    )
    max_per_day = models.PositiveSmallIntegerField(
        "most calls in one day",
        default=4,
        validators=_between(1, 24),
        help_text="When a day has this many calls booked, no more times are offered.",
    )
    slot_step_minutes = models.PositiveSmallIntegerField(
        "offer a start time every (minutes)",
        default=30,
        validators=_between(5, 240),
        help_text="30 offers 9:00, 9:30, 10:00 and so on.",
    )
    call_method = models.CharField(
        "how the call happens",
        max_length=10,
        choices=CallMethod.choices,
        default=CallMethod.VIDEO,
    )
    video_link = models.URLField(
        blank=True, help_text="Your video meeting link, if you use the same one."
    )
    call_details = models.TextField(
        "what happens next (shown to the client)",
        blank=True,
        default="I'll send you the video link by email before our call.",
        help_text="Shown in her confirmation, for example "
        "“I'll call the number you give”.",
    )
    change_cutoff_hours = models.PositiveSmallIntegerField(
        "online changes close (hours before the call)",
        default=12,
        validators=_between(0, 24 * 14),
        help_text="Closer to the call than this, clients cannot cancel or move it "
        "online and are asked to contact you instead.",
    )
    reminder_hours = models.CharField(
        "send reminders (hours before the call)",
        max_length=40,
        blank=True,
        default="24, 1",
        validators=[validate_reminder_hours],
        help_text="Whole hours, separated by commas: “24, 1” sends one reminder a "
        "day before and one an hour before. Leave empty for no reminders.",
    )
    contact_phone = models.CharField(
        "phone for late changes",
        max_length=40,
        blank=True,
        help_text="Shown when it is too late to change a call online.",
    )

    class Meta:
        verbose_name = "consult call settings"
        verbose_name_plural = "consult call settings"

    def __str__(self):
        return "Consult call settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "ConsultSettings":
        """The settings row, created with the defaults the first time."""
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj

    @property
    def reminder_offsets(self) -> list[timedelta]:
        """How long before a call each reminder goes, longest first."""
        return [timedelta(hours=h) for h in parse_reminder_hours(self.reminder_hours)]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The coach's zone: her hours and time off are wall-clock times in it."""
        return coach_zone()


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WeeklyWindow(models.Model):
    """A stretch of a weekday when the coach takes calls, in her own clock time."""

    Weekday = Weekday

    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField("from", help_text="For example 09:00.")
    ends_at = models.TimeField(
        "until", help_text="The last call ends by this time, for example 12:00."
    )

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = "weekly hours"
        verbose_name_plural = "weekly hours"

    def __str__(self):
        return (
            f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
        )

    def clean(self):
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": "The end must be after the start."})


class TimeOff(models.Model):
    """A stretch when the coach takes no calls, such as a holiday."""

    starts_at = models.DateTimeField("from")
    ends_at = models.DateTimeField("until")
    note = models.CharField(
        max_length=200, blank=True, help_text="Only you see this, e.g. “Holiday”."
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "time off"
        verbose_name_plural = "time off"
        indexes = [models.Index(fields=["ends_at"], name="bookings_timeoff_ends_idx")]

    def __str__(self):
        return self.note or f"Time off from {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.starts_at >= self.ends_at:
            raise ValidationError({"ends_at": "The end must be after the start."})
