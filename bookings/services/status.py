"""Client status moves: one service, so every change is recorded with who and when."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bookings.models import Client, ClientStatusChange


def change_client_status(
    *,
    client: Client,
    to_status: str,
    by=None,
    now: datetime | None = None,
) -> bool:
    """Move a client to `to_status` and record the move; False when already there.

    `by` is the staff user making the change, None when the site makes it (a
    booking, a cancellation). Runs in the caller's transaction, if any.
    """
    if to_status not in Client.Status.values:
        raise ValidationError("That is not a status a client can have.")
    if client.erased_at is not None:
        raise ValidationError("This client's details were erased.")
    if client.status == to_status:
        return False
    now = now or timezone.now()
    with transaction.atomic():
        from_status = client.status
        client.status = to_status
        client.save(update_fields=["status", "updated_at"])
        change = ClientStatusChange(
            client=client,
            from_status=from_status,
            to_status=to_status,
            changed_by=by,
            changed_at=now,
        )
        change.full_clean()
        change.save()
    return True
