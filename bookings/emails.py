"""Which messages a booking needs, and how each one is rendered.

The booking services call the `queue_*` functions inside their transaction, so a
booking never exists without its messages. The outbox renders each message when
it is sent (`build`, registered in `BookingsConfig.ready`), re-reading the booking:
a reminder for a call that was cancelled, moved or has started is skipped, and
links and times are always the current ones.

Messages carry her name, the time and links, never what she wrote in the form.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from email.message import MIMEPart

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from articles.models import Post
from bookings.ics import booking_ics, calendar_method
from bookings.models import Booking, ConsultSettings
from bookings.presentation import (
    book_url,
    call_context,
    call_day,
    manage_url,
    zone_label,
)
from calendars import services as calendars
from coaching.links import absolute_url
from coaching.zones import coach_zone_name
from outbox import services as outbox
from outbox.builders import Record, Skip
from outbox.rendering import render_message

KIND_PREFIX = "booking."
# A reminder due sooner than this after the booking is dropped: her confirmation
# has just told her everything, and a burst of late reminders helps nobody.
REMINDER_MIN_LEAD = timedelta(hours=1)
# The follow-up goes the morning after a call marked held, in her zone.
FOLLOW_UP_AT = time(10, 0)


@dataclass(frozen=True)
class Kind:
    template: str  # bookings/email/<template>{_subject.txt,.txt,.html}
    label: str  # what the coach reads in the back office
    for_coach: bool = False
    has_invitation: bool = False


KINDS = {
    "booking.confirmation": Kind(
        "confirmation", "Confirmation of her call", has_invitation=True
    ),
    "booking.reminder": Kind("reminder", "Reminder"),
    "booking.rescheduled": Kind(
        "rescheduled", "Her call's new time", has_invitation=True
    ),
    "booking.cancelled": Kind(
        "cancelled", "Cancellation of her call", has_invitation=True
    ),
    "booking.follow_up": Kind("follow_up", "Follow-up, the morning after her call"),
    "booking.coach_new": Kind(
        "coach_new", "Notice to you: a call was booked", for_coach=True
    ),
    "booking.coach_rescheduled": Kind(
        "coach_rescheduled", "Notice to you: a call was moved", for_coach=True
    ),
    "booking.coach_cancelled": Kind(
        "coach_cancelled", "Notice to you: a call was cancelled", for_coach=True
    ),
}
# The coach's own notices (not part of a client's history).
COACH_KINDS = [kind for kind, spec in KINDS.items() if spec.for_coach]
# What a cancelled or moved call must no longer send.
STALE_ON_CHANGE = ["booking.confirmation", "booking.reminder", "booking.follow_up"]


def kind_label(kind: str) -> str:
    """What the coach reads for a message kind in the back office."""
    spec = KINDS.get(kind)
    return spec.label if spec else kind


def describe(message) -> str:
    """A booking message in plain words: "Reminder, 24 hours before" (outbox)."""
    hours = message.context.get("hours")
    if message.kind == "booking.reminder" and isinstance(hours, int):
        return f"Reminder, {hours} hour{'' if hours == 1 else 's'} before"
    return kind_label(message.kind)


def record(message) -> Record | None:
    """Where a booking message's address is fixed: her record, or the call's page
    for the coach's own notices (outbox)."""
    booking = (
        Booking.objects.select_related("client")
        .filter(pk=message.context.get("booking_id"))
        .first()
    )
    if booking is None:
        return None
    spec = KINDS.get(message.kind)
    if spec is not None and spec.for_coach:
        url = reverse("admin:bookings_booking_change", args=[booking.pk])
        return Record(url, "The call's page")
    url = reverse("admin:bookings_client_change", args=[booking.client_id])
    return Record(url, f"{booking.client.name}'s record")


def recipient(booking: Booking, spec: Kind, message) -> str:
    """Her address as it is now (she may have corrected it); for the coach, the
    address her notice was written to."""
    return message.to_email if spec.for_coach else booking.client.email


def message_key(booking_id: int, name: str) -> str:
    """The outbox key of one message about one booking: "booking:271:reminder-24h"."""
    return f"{key_prefix(booking_id)}{name}"


def key_prefix(booking_id: int) -> str:
    """The start of every outbox key about this booking (admin and privacy tools)."""
    return f"booking:{booking_id}:"


def _to_her(booking: Booking, kind: str, name: str, **extra) -> None:
    outbox.enqueue(
        kind=kind,
        key=message_key(booking.pk, name),
        to_email=booking.client.email,
        context={"booking_id": booking.pk} | extra.pop("context", {}),
        **extra,
    )


def _to_coach(booking: Booking, kind: str, name: str) -> None:
    outbox.enqueue(
        kind=kind,
        key=message_key(booking.pk, name),
        to_email=settings.COACH_EMAIL,
        context={"booking_id": booking.pk},
    )


def _queue_reminders(booking: Booking, *, cfg: ConsultSettings, now: datetime):
    for offset in cfg.reminder_offsets:
        due_at = booking.starts_at - offset
        if due_at < now + REMINDER_MIN_LEAD:
            continue
        hours = int(offset.total_seconds() // 3600)
        _to_her(
            booking,
            "booking.reminder",
            f"reminder-{hours}h",
            due_at=due_at,
            context={"starts_at": booking.starts_at.isoformat(), "hours": hours},
        )


def _void_stale(booking: Booking, reason: str) -> None:
    outbox.void_messages(
        key_prefix=key_prefix(booking.pk), kinds=STALE_ON_CHANGE, reason=reason
    )


def queue_booked(booking: Booking, *, cfg: ConsultSettings, now: datetime) -> None:
    """Write her confirmation, the coach's notice and the reminders that make sense."""
    _to_her(booking, "booking.confirmation", "confirmation")
    _to_coach(booking, "booking.coach_new", "coach-new")
    _queue_reminders(booking, cfg=cfg, now=now)


def queue_rescheduled(
    old: Booking, new: Booking, *, cfg: ConsultSettings, now: datetime
) -> None:
    """Void the old call's pending messages; tell her and the coach of the new time."""
    _void_stale(old, "call moved")
    _to_her(new, "booking.rescheduled", "rescheduled")
    _to_coach(new, "booking.coach_rescheduled", "coach-rescheduled")
    _queue_reminders(new, cfg=cfg, now=now)


def queue_cancelled(booking: Booking, *, by_coach: bool) -> None:
    """Void the call's pending messages; tell her (with a calendar CANCEL) and the
    coach."""
    _void_stale(booking, "call cancelled")
    _to_her(
        booking,
        "booking.cancelled",
        "cancelled",
        context={"by_coach": by_coach},
    )
    if not by_coach:
        _to_coach(booking, "booking.coach_cancelled", "coach-cancelled")


def queue_follow_up(booking: Booking, *, now: datetime) -> None:
    """Her follow-up note, the morning after a call marked held (her zone)."""
    zone = zoneinfo.ZoneInfo(booking.time_zone)
    day_after = timezone.localtime(max(now, booking.starts_at), zone).date()
    due_at = datetime.combine(day_after + timedelta(days=1), FOLLOW_UP_AT, zone)
    _to_her(booking, "booking.follow_up", "follow-up", due_at=due_at)


def void_follow_up(booking: Booking) -> None:
    """A call re-marked as a no-show gets no follow-up."""
    outbox.void_messages(
        key_prefix=key_prefix(booking.pk),
        kinds=["booking.follow_up"],
        reason="marked no-show",
    )


# --- Rendering (at send time) ---------------------------------------------------


def _check_still_wanted(kind: str, booking: Booking, message, now: datetime) -> None:
    """Raise Skip when this message no longer makes sense for the booking."""
    if kind in ("booking.confirmation", "booking.reminder") and not booking.is_active:
        raise Skip("call no longer booked")
    if kind == "booking.reminder":
        if booking.starts_at <= now:
            raise Skip("call has started")
        if message.context.get("starts_at") != booking.starts_at.isoformat():
            raise Skip("call moved")
    if kind == "booking.follow_up" and booking.status != Booking.Status.COMPLETED:
        raise Skip("call not marked held")


def _related_posts(booking: Booking, *, limit: int = 2) -> list[Post]:
    """Two posts for her follow-up: near the one she came from, else the newest."""
    published = Post.objects.published()
    posts = []
    if booking.source_post_id and booking.source_post:
        posts = list(published.related_to(booking.source_post, limit=limit))
    if len(posts) < limit:
        seen = [p.pk for p in posts] + [booking.source_post_id or 0]
        posts += list(
            published.exclude(pk__in=seen).order_by("-publish_at")[: limit - len(posts)]
        )
    return [
        {"title": p.title, "url": absolute_url(p.get_absolute_url())} for p in posts
    ]


def _context(
    kind: str, booking: Booking, message, cfg: ConsultSettings, now: datetime
) -> dict:
    spec = KINDS[kind]
    context = call_context(booking, cfg=cfg) | {
        # In the zone being rendered (hers, or the coach's for her notices).
        "call_day": call_day(booking.starts_at, now=now),
        "SITE_NAME": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "first_name": booking.client.name.split()[0] if booking.client.name else "",
        "client_name": booking.client.name,
        "manage_url": manage_url(booking) if booking.is_active else "",
        "book_url": book_url(),
        "hours": message.context.get("hours"),
        "by_coach": message.context.get("by_coach", False),
        "contact_email": settings.COACH_EMAIL,
    }
    if spec.for_coach:
        context["booking_zone_label"] = zone_label(coach_zone_name())
        context["admin_url"] = absolute_url(
            reverse("admin:bookings_booking_change", args=[booking.pk])
        )
        if booking.rescheduled_from_id:
            context["moved_from"] = booking.rescheduled_from.starts_at
    if kind == "booking.rescheduled" and booking.rescheduled_from_id:
        context["moved_from"] = booking.rescheduled_from.starts_at
    if kind == "booking.follow_up":
        context["posts"] = _related_posts(booking)
    return context


def _invitation(
    booking: Booking, cfg: ConsultSettings, *, coach_copy: bool = False
) -> MIMEPart:
    """The calendar part: text/calendar with the METHOD it carries."""
    part = MIMEPart()
    part.set_content(
        booking_ics(booking, cfg=cfg, coach_copy=coach_copy).decode(),
        subtype="calendar",
        params={"method": calendar_method(booking)},
        disposition="attachment",
        filename="consult-call.ics",
    )
    return part


def build(message) -> EmailMultiAlternatives:
    """Render one booking message from its outbox row (Skip if no longer wanted)."""
    spec = KINDS.get(message.kind)
    if spec is None:
        raise Skip("unknown kind")
    booking = (
        Booking.objects.select_related("client", "source_post", "rescheduled_from")
        .filter(pk=message.context.get("booking_id"))
        .first()
    )
    if booking is None:
        raise Skip("booking gone")
    now = timezone.now()
    _check_still_wanted(message.kind, booking, message, now)
    cfg = ConsultSettings.load()
    zone = coach_zone_name() if spec.for_coach else booking.time_zone
    with timezone.override(zone):
        email = render_message(
            f"bookings/email/{spec.template}",
            _context(message.kind, booking, message, cfg, now),
            # Read now, not from the row: "Send it again" after she corrected
            # her address on her record goes to the corrected one.
            to=[recipient(booking, spec, message)],
            reply_to=[] if spec.for_coach else [settings.COACH_EMAIL],
        )
    if spec.has_invitation:
        email.attach(_invitation(booking, cfg))
    elif spec.for_coach and not calendars.has_write_calendar():
        # No calendar the site writes to: her notice carries the call as an
        # invitation (same UID as her client's), which her mail adds at once.
        email.attach(_invitation(booking, cfg, coach_copy=True))
    return email
