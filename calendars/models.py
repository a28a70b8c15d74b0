"""The coach's own calendars: where they are, what they hold busy, what to write.

A source is one thing she added (a secret iCal address or a CalDAV account); a
source has one or more calendars (an iCal address is one calendar); each counted
calendar's busy times are kept as intervals, replaced on every sync that saw a
change. Secrets are stored encrypted (see `calendars.secrets`).
"""

import math
from datetime import datetime
from urllib.parse import urlsplit

from django.db import models
from django.db.models import Q
from django.utils import timezone

from calendars import secrets


class CalendarSourceQuerySet(models.QuerySet):
    def failing(self):
        """Sources whose last read failed (their last busy times still block)."""
        return self.filter(failing_since__isnull=False)


class CalendarSource(models.Model):
    """A calendar address or CalDAV account, with the state of its last reads."""

    class Kind(models.TextChoices):
        ICAL = "ical", "iCal address"
        CALDAV = "caldav", "CalDAV account"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=100)
    # Encrypted: a secret iCal address is a password in a URL.
    address_secret = models.TextField()
    username = models.CharField(max_length=200, blank=True)
    password_secret = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_tried_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    # One sentence, free of secrets: shown on her home and on Your hours.
    failure_reason = models.CharField(max_length=200, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    failure_emailed_at = models.DateTimeField(null=True, blank=True)

    objects = CalendarSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        """The address in clear (never shown back in full)."""
        return secrets.decrypt(self.address_secret)

    @property
    def password(self) -> str:
        return secrets.decrypt(self.password_secret)

    @property
    def address_hint(self) -> str:
        """Enough of the address to recognise it: the host and the last characters."""
        address = self.address
        parts = urlsplit(address)
        if self.kind == self.Kind.CALDAV:
            return f"{parts.scheme}://{parts.netloc}/…"
        return f"{parts.scheme}://{parts.hostname}/…{address[-4:]}"

    @property
    def is_failing(self) -> bool:
        return self.failing_since is not None


class CalendarQuerySet(models.QuerySet):
    def counted(self):
        """Calendars whose events make her busy."""
        return self.filter(is_counted=True)

    def busy_spans(self) -> list[list[int]]:
        """The merged busy spans of these calendars, each calendar's in turn."""
        return [
            span
            for spans in self.values_list("busy_spans", flat=True)
            for span in spans
        ]

    def write_target(self):
        """The calendar bookings are written to (none, or one CalDAV calendar)."""
        return self.filter(
            is_write_target=True, source__kind=CalendarSource.Kind.CALDAV
        )


def merged_spans(intervals) -> list[list[int]]:
    """(start, end) datetimes as disjoint sorted [start, end] seconds since 1970."""
    merged: list[list[int]] = []
    for start, end in sorted(intervals):
        start_s, end_s = math.floor(start.timestamp()), math.ceil(end.timestamp())
        if merged and start_s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end_s)
        else:
            merged.append([start_s, end_s])
    return merged


class Calendar(models.Model):
    """One calendar of a source, with what she chose for it and its sync marks."""

    source = models.ForeignKey(
        CalendarSource, on_delete=models.CASCADE, related_name="calendars"
    )
    # The calendar's own address on a CalDAV server; empty for an iCal address.
    remote_url = models.TextField(blank=True)
    name = models.CharField(max_length=200)
    # The zone all-day and floating events are read in (the feed's, else hers).
    time_zone = models.CharField(max_length=64, blank=True)
    is_counted = models.BooleanField("counts as busy", default=True)
    has_blocking_all_day = models.BooleanField("all-day events block", default=True)
    is_write_target = models.BooleanField("write calls here", default=False)
    # What the source offers to avoid reading again what has not changed.
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    sync_token = models.CharField(max_length=500, blank=True)
    content_digest = models.CharField(max_length=64, blank=True)
    # Derived from its busy intervals whenever they change: merged [start, end]
    # pairs in seconds since 1970, which the free-time search loads in one row
    # (thousands of datetimes would cost more than the search itself).
    busy_spans = models.JSONField(default=list, blank=True, editable=False)

    objects = CalendarQuerySet.as_manager()

    class Meta:
        ordering = ["source__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_write_target"],
                condition=Q(is_write_target=True),
                name="calendars_one_write_target",
            ),
        ]

    def __str__(self):
        if self.name == self.source.name:
            return self.name
        return f"{self.source.name}: {self.name}"

    def refresh_busy_spans(self) -> None:
        """Work out `busy_spans` again from the stored intervals and save it."""
        self.busy_spans = merged_spans(
            self.busy_intervals.values_list("starts_at", "ends_at")
        )
        self.save(update_fields=["busy_spans"])


class BusyIntervalQuerySet(models.QuerySet):
    def counted(self):
        """Intervals of calendars that count as busy."""
        return self.filter(calendar__is_counted=True)

    def overlapping(self, start: datetime, end: datetime):
        """Intervals that touch [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)


class BusyInterval(models.Model):
    """A stretch of time a calendar holds busy (times only, in UTC)."""

    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="busy_intervals"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # Only for her own "why is this time not offered?"; never shown to visitors.
    title = models.CharField(max_length=200, blank=True)

    objects = BusyIntervalQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(
                fields=["starts_at", "ends_at"], name="calendars_busy_time_idx"
            )
        ]

    def __str__(self):
        return f"{self.calendar} {self.starts_at:%Y-%m-%d %H:%M}"


class EventWriteQuerySet(models.QuerySet):
    def due(self, now=None):
        """Writes waiting to be done whose time has come and that nobody holds."""
        now = now or timezone.now()
        return self.filter(status=EventWrite.Status.PENDING, due_at__lte=now).filter(
            Q(lease_until__isnull=True) | Q(lease_until__lte=now)
        )

    def failed(self):
        """Writes that gave up after many tries."""
        return self.filter(status=EventWrite.Status.FAILED)


class EventWrite(models.Model):
    """The state one event should have in her write calendar, and how far it got.

    One row per event UID: each change raises `version`; a write records the
    version it wrote, so retries and duplicate tasks write nothing twice, and
    the last change always wins.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        DONE = "done", "Written"
        FAILED = "failed", "Failed"

    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="writes"
    )
    uid = models.CharField(max_length=255)
    # The event to store; empty when the event must be removed.
    ics = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    written_version = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventWriteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "uid"], name="calendars_one_write_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="calendars_write_due_idx")
        ]

    def __str__(self):
        return f"{self.uid} v{self.version} ({self.get_status_display()})"
