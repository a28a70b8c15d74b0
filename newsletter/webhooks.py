"""Email provider tracking events (django-anymail, when installed) mark subscribers.

Bounced, complained and unsubscribed events take the address off the list;
providers repeat events, so each event id is handled once.
"""

from django.db import IntegrityError, transaction

from newsletter.models import ProviderEvent, Subscriber

STATUS_FOR_EVENT = {
    "bounced": Subscriber.Status.BOUNCED,
    "complained": Subscriber.Status.COMPLAINED,
    "unsubscribed": Subscriber.Status.UNSUBSCRIBED,
}


def handle_tracking_event(sender=None, *, event, esp_name="", **kwargs) -> bool:
    """Apply one provider event; returns whether it changed anything."""
    from newsletter.services import leave_list_by_email

    status = STATUS_FOR_EVENT.get(getattr(event, "event_type", ""))
    email = getattr(event, "recipient", "") or ""
    if status is None or not email:
        return False
    event_id = str(getattr(event, "event_id", "") or "")[:200]
    with transaction.atomic():
        if event_id:
            try:
                with transaction.atomic():
                    ProviderEvent.objects.create(
                        event_id=f"{esp_name}:{event_id}"[:200], event_type=status
                    )
            except IntegrityError:
                return False
        return leave_list_by_email(email=email, status=status) is not None


def connect() -> None:
    """Listen to anymail's tracking signal when django-anymail is installed."""
    try:
        from anymail.signals import tracking
    except ImportError:
        return
    tracking.connect(handle_tracking_event, dispatch_uid="newsletter-tracking")


def anymail_urls() -> list:
    """anymail's webhook URLs when it is installed, else none."""
    try:
        import anymail.urls  # noqa: F401
        from django.urls import include, path
    except ImportError:
        return []
    return [path("anymail/", include("anymail.urls"))]
