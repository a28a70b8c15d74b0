"""A subscriber's data for the privacy tools: export and erase by address."""

from django.db import transaction

from newsletter import emails
from newsletter.models import Subscriber
from outbox import services as outbox

EXPORTED_FIELDS = (
    "email",
    "first_name",
    "status",
    "source",
    "source_detail",
    "consent_wording",
    "requested_at",
    "confirmed_at",
    "left_at",
    "confirmation_sent_at",
    "created_at",
)


def export_subscriber(email: str) -> dict | None:
    """Everything the list holds about this address, or None when it is not on it."""
    subscriber = Subscriber.objects.for_email(email).first()
    if subscriber is None:
        return None
    data = {}
    for name in EXPORTED_FIELDS:
        value = getattr(subscriber, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data["posts_emailed"] = list(
        subscriber.receipts.order_by("post_id").values_list("post_id", flat=True)
    )
    return data


@transaction.atomic
def erase_subscriber(email: str) -> bool:
    """Delete the address from the list, its send records and unsent emails.

    Returns whether there was anything to erase. Outbox rows already sent are
    the outbox's own history; unsent ones are voided so nothing more goes out.
    """
    subscriber = Subscriber.objects.select_for_update().for_email(email).first()
    if subscriber is None:
        return False
    post_keys = [
        emails.post_key(post_id, subscriber.pk)
        for post_id in subscriber.receipts.values_list("post_id", flat=True)
    ]
    if post_keys:
        outbox.void_messages(keys=post_keys, reason="subscriber erased")
    outbox.void_messages(
        key_prefix=emails.confirm_key_prefix(subscriber.pk), reason="subscriber erased"
    )
    subscriber.delete()
    return True


def export_client_subscription(client) -> dict | None:
    """Her subscription, for the client's export (a `bookings.client_parts` part)."""
    return export_subscriber(client.email)


def erase_client_subscription(client) -> None:
    """Her subscription goes with her client record (a `bookings.client_parts` part)."""
    erase_subscriber(client.email)
