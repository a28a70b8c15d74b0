"""The coach's notes on a client and the follow-ups she plans."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bookings.models import Client, ClientNote

FOLLOW_UP_REASON_MAX = Client._meta.get_field("follow_up_reason").max_length


def add_client_note(
    *, client_id: int, body: str, author=None, now: datetime | None = None
) -> ClientNote:
    """Add a signed, timestamped plain-text note to a client's timeline."""
    now = now or timezone.now()
    body = body.strip()
    if not body:
        raise ValidationError({"body": "The note is empty."})
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        if client.erased_at is not None:
            raise ValidationError("This client's details were erased.")
        note = ClientNote(client=client, author=author, body=body, created_at=now)
        note.full_clean()
        note.save()
        # A note is activity: it keeps a lead out of the retention clean-up.
        Client.objects.filter(pk=client.pk).update(updated_at=now)
    return note


def set_follow_up(*, client_id: int, on: date | None, reason: str = "") -> Client:
    """Set (or clear, with on=None) when to follow a client up, and why."""
    reason = reason.strip()
    if on is None:
        reason = ""
    elif len(reason) > FOLLOW_UP_REASON_MAX:
        raise ValidationError(
            {
                "follow_up_reason": f"Please keep the reason to {FOLLOW_UP_REASON_MAX} "
                "characters."
            }
        )
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client_id)
        client.follow_up_on = on
        client.follow_up_reason = reason
        client.full_clean()
        client.save(update_fields=["follow_up_on", "follow_up_reason", "updated_at"])
    return client
