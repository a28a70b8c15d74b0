"""Privacy tools: everything held about a client, erasing her, and retention.

Her answers are health data. An erasure keeps what the practice needs for its
records (call dates and statuses, status counts) without anything that says
who she was, and leaves an ErasureRecord that holds no personal data.
"""

import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bookings import client_parts, emails
from bookings.models import Booking, Client, ErasureRecord
from outbox import services as outbox
from outbox.models import Message

from .booking import cancel_booking

logger = logging.getLogger(__name__)

ERASED_NAME = "Erased client"
ERASED_ZONE = "UTC"


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def client_data_export(*, client_id: int) -> dict:
    """Everything held about one client, as JSON-ready data; reads only."""
    client = Client.objects.select_related("source_post").get(pk=client_id)
    bookings = client.bookings.select_related("source_post").order_by("starts_at")
    return {
        "exported_at": _iso(timezone.now()),
        "client": {
            "name": client.name,
            "email": client.email,
            "phone": client.phone,
            "time_zone": client.time_zone,
            "status": client.status,
            "agreed_to_news": client.has_news_consent,
            "came_from_post": client.source_post.title if client.source_post else None,
            "follow_up_on": client.follow_up_on.isoformat()
            if client.follow_up_on
            else None,
            "follow_up_reason": client.follow_up_reason,
            "added_at": _iso(client.created_at),
            "updated_at": _iso(client.updated_at),
        },
        "bookings": [
            {
                "starts_at": _iso(b.starts_at),
                "ends_at": _iso(b.ends_at),
                "status": b.status,
                "her_answer": b.help_with,
                "time_zone": b.time_zone,
                "booked_from_post": b.source_post.title if b.source_post else None,
                "booked_at": _iso(b.created_at),
                "cancelled_at": _iso(b.cancelled_at),
            }
            for b in bookings
        ],
        "consents": [
            {"kind": c.kind, "wording": c.wording, "given_at": _iso(c.given_at)}
            for c in client.consents.order_by("given_at")
        ],
        "notes": [
            {
                "written_at": _iso(n.created_at),
                "by": n.author.get_username() if n.author else None,
                "note": n.body,
            }
            for n in client.notes.select_related("author").order_by("created_at")
        ],
        "status_changes": [
            {
                "from": c.from_status,
                "to": c.to_status,
                "at": _iso(c.changed_at),
                "by": c.changed_by.get_username() if c.changed_by else None,
            }
            for c in client.status_changes.select_related("changed_by").order_by(
                "changed_at"
            )
        ],
        "emails": _emails_sent_to(client.email),
    } | client_parts.export_parts(client)


def _emails_to(email: str):
    return Message.objects.filter(to_email__iexact=email)


def _emails_sent_to(email: str) -> list[dict]:
    """The emails the site sent, or meant to send, to her: what and when."""
    return [
        {
            "kind": m.kind,
            "status": m.status,
            "queued_at": _iso(m.created_at),
            "sent_at": _iso(m.sent_at),
            "message_id": m.message_id,
        }
        for m in _emails_to(email).order_by("created_at", "pk")
    ]


def _void_emails(email: str, booking_ids: list[int]) -> int:
    """Void every email not yet sent to her: about her calls or to her address."""
    reason = "Her details were erased."
    voided = sum(
        outbox.void_messages(key_prefix=emails.key_prefix(pk), reason=reason)
        for pk in booking_ids
    )
    keys = list(_emails_to(email).values_list("key", flat=True))
    if keys:
        voided += outbox.void_messages(keys=keys, reason=reason)
    return voided


def erase_client(
    *,
    client_id: int,
    by=None,
    reason: str = ErasureRecord.Reason.REQUEST,
    now: datetime | None = None,
) -> ErasureRecord:
    """Anonymise a client, cancel her future calls and void her unsent emails.

    Her details, answers, consents and notes go, and every part other apps
    registered in `bookings.client_parts` (her newsletter subscription); her
    past calls stay without them. Logged without her identity. Refused
    (ValidationError) while one of her calls is in progress.
    """
    now = now or timezone.now()
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        if client.erased_at is not None:
            raise ValidationError("This client's details were already erased.")
        mine = Booking.objects.filter(client=client)
        if mine.active().filter(starts_at__lte=now, ends_at__gt=now).exists():
            raise ValidationError(
                "She has a call in progress right now. Please erase her details "
                "after the call ends."
            )
        future = list(
            mine.active().filter(starts_at__gt=now).values_list("pk", flat=True)
        )
        for booking_id in future:
            cancel_booking(booking_id=booking_id, now=now, by_coach=True)
        booking_ids = list(mine.values_list("pk", flat=True))
        voided = _void_emails(client.email, booking_ids)
        # What other apps keep about her (her newsletter subscription) goes in
        # the same transaction, while her record still has her address.
        client_parts.erase_parts(client)
        mine.update(help_with="", time_zone=ERASED_ZONE)
        client.consents.all().delete()
        client.notes.all().delete()
        client.refresh_from_db()
        erased_email = f"erased-{client.pk}@erased.invalid"
        # Sent emails stay as a record of what went out, without her address.
        _emails_to(client.email).update(to_email=erased_email)
        client.name = ERASED_NAME
        client.email = erased_email
        client.phone = ""
        client.time_zone = ERASED_ZONE
        client.has_news_consent = False
        client.follow_up_on = None
        client.follow_up_reason = ""
        client.erased_at = now
        client.full_clean()
        client.save()
        record = ErasureRecord.objects.create(
            client_ref=client.pk,
            reason=reason,
            erased_by=by,
            erased_at=now,
            bookings_cancelled=len(future),
            bookings_kept=len(booking_ids),
            emails_voided=voided,
        )
    logger.info(
        "Client %s erased (%s): %d future calls cancelled, %d calls kept "
        "anonymised, %d emails voided",
        client.pk,
        reason,
        len(future),
        len(booking_ids),
        voided,
    )
    return record


def retention_cutoff(now: datetime, months: int | None = None) -> datetime:
    """The moment before which an inactive lead is kept too long."""
    months = settings.CLIENT_RETENTION_MONTHS if months is None else months
    return now - timedelta(days=round(months * 365.25 / 12))


def erase_stale_leads(*, now: datetime | None = None, months: int | None = None) -> int:
    """Erase leads with no booking and no activity for the retention period.

    Logs the count (never who); returns how many were erased.
    """
    now = now or timezone.now()
    cutoff = retention_cutoff(now, months)
    ids = list(Client.objects.stale_leads(cutoff).values_list("pk", flat=True))
    erased = 0
    for client_id in ids:
        try:
            erase_client(
                client_id=client_id, reason=ErasureRecord.Reason.RETENTION, now=now
            )
        except ValidationError:
            continue
        erased += 1
    logger.info(
        "Retention: %d inactive leads erased (%d found, older than %s)",
        erased,
        len(ids),
        cutoff.date().isoformat(),
    )
    return erased
