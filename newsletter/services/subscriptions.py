"""Joining and leaving the list: double opt-in, unsubscribes, bounces."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings.models import Client
from coaching.validators import email_error, is_header_name
from newsletter import emails
from newsletter.models import Subscriber
from newsletter.tokens import read_confirm_token

NAME_MAX_LENGTH = Subscriber._meta.get_field("first_name").max_length
# At most one confirmation email per address in this time.
CONFIRMATION_GAP = timedelta(hours=1)
LEFT = (
    Subscriber.Status.UNSUBSCRIBED,
    Subscriber.Status.BOUNCED,
    Subscriber.Status.COMPLAINED,
)


class InvalidLink(Exception):
    """A confirm link that is altered, expired or about a sign-up that is gone."""


def validate_sign_up(*, email: str, first_name: str, wording: str) -> None:
    """Raise a ValidationError keyed by field for a bad address, name or wording."""
    errors = {}
    if message := email_error(email):
        errors["email"] = message
    if len(first_name) > NAME_MAX_LENGTH or not is_header_name(first_name):
        errors["first_name"] = (
            f"Please give just your first name, up to {NAME_MAX_LENGTH} characters."
        )
    if not wording.strip():
        errors["__all__"] = "Consent wording is missing."
    if errors:
        raise ValidationError(errors)


def _locked(email: str) -> Subscriber | None:
    return Subscriber.objects.select_for_update().for_email(email).first()


def _new_subscriber(**fields) -> Subscriber:
    """Insert a sign-up; a simultaneous sign-up of the same address wins instead."""
    subscriber = Subscriber(**fields)
    subscriber.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            subscriber.save(force_insert=True)
    except IntegrityError:
        return _locked(fields["email"])
    return subscriber


def _link_client(subscriber: Subscriber, client) -> None:
    if client is None:
        client = Client.objects.filter(email__iexact=subscriber.email).first()
    if client is None or subscriber.client_id == client.pk:
        return
    subscriber.client = client
    subscriber.save(update_fields=["client", "updated_at"])


def _set_client_consent(subscriber: Subscriber, value: bool) -> None:
    if subscriber.client_id is not None:
        type(subscriber.client).objects.filter(pk=subscriber.client_id).update(
            has_news_consent=value
        )


@transaction.atomic
def request_subscription(
    *,
    email: str,
    first_name: str = "",
    source: str,
    source_detail: str = "",
    wording: str,
    client=None,
    now: datetime | None = None,
) -> Subscriber:
    """Start (or restart) double opt-in; queues at most one confirmation an hour.

    The visitor is told the same whatever the address's state, so nothing here
    reveals whether it was already on the list. A confirmed subscriber is left as
    she is and gets no email.
    """
    now = now or timezone.now()
    email, first_name = email.strip(), first_name.strip()
    validate_sign_up(email=email, first_name=first_name, wording=wording)
    subscriber = _locked(email) or _new_subscriber(
        email=email,
        first_name=first_name,
        source=source,
        source_detail=source_detail[:200],
        consent_wording=wording.strip(),
        requested_at=now,
    )
    if client is not None or subscriber.client_id is None:
        _link_client(subscriber, client)
    if subscriber.is_subscribed:
        return subscriber
    if subscriber.status in LEFT:
        subscriber.status = Subscriber.Status.PENDING
    subscriber.first_name = first_name or subscriber.first_name
    subscriber.source, subscriber.source_detail = source, source_detail[:200]
    subscriber.consent_wording = wording.strip()
    subscriber.requested_at = now
    sent_at = subscriber.confirmation_sent_at
    if sent_at is None or sent_at <= now - CONFIRMATION_GAP:
        subscriber.confirmation_sent_at = now
        emails.queue_confirmation(subscriber, now=now)
    subscriber.save()
    return subscriber


@transaction.atomic
def confirm_subscription(*, token: str, now: datetime | None = None) -> Subscriber:
    """Confirm the sign-up behind a confirm link (POST only); repeat-safe.

    Raises InvalidLink for an altered or expired link, or a sign-up that is gone
    or was left since. Marks her client record as agreeing to news.
    """
    now = now or timezone.now()
    pk = read_confirm_token(token)
    subscriber = (
        Subscriber.objects.select_for_update().filter(pk=pk).first() if pk else None
    )
    if subscriber is None or subscriber.status in LEFT:
        raise InvalidLink()
    if subscriber.is_subscribed:
        return subscriber
    subscriber.status = Subscriber.Status.SUBSCRIBED
    subscriber.confirmed_at = now
    subscriber.left_at = None
    subscriber.save()
    _link_client(subscriber, None)
    _set_client_consent(subscriber, True)
    return subscriber


@transaction.atomic
def leave_list(
    *,
    subscriber_id: int,
    status: str = Subscriber.Status.UNSUBSCRIBED,
    now: datetime | None = None,
) -> Subscriber | None:
    """Take a subscriber off the list at once (unsubscribed, bounced or complained).

    Returns None when she is not on the list any more (erased). Emails already
    queued for her are skipped when their turn comes. Her client record no
    longer agrees to news.
    """
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED and status == (
        Subscriber.Status.UNSUBSCRIBED
    ):
        return subscriber
    subscriber.status = status
    subscriber.left_at = now or timezone.now()
    subscriber.save(update_fields=["status", "left_at", "updated_at"])
    _set_client_consent(subscriber, False)
    return subscriber


def leave_after_refusal(message, error_text: str) -> None:
    """A permanent refusal (5xx) of a newsletter email marks the address bounced.

    Called by the outbox for a newsletter message it gives up on (registered
    with the newsletter's builder).
    """
    pk = message.context.get("subscriber_id")
    if pk:
        leave_list(subscriber_id=pk, status=Subscriber.Status.BOUNCED)


def leave_list_by_email(*, email: str, status: str, now=None) -> Subscriber | None:
    """Take the subscriber with this address off the list, if there is one."""
    pk = Subscriber.objects.for_email(email).values_list("pk", flat=True).first()
    return leave_list(subscriber_id=pk, status=status, now=now) if pk else None


@transaction.atomic
def subscribe_from_booking(*, client, wants_news: bool, wording: str, now=None):
    """Link her subscription to her client record; a ticked news box starts opt-in.

    Runs inside the booking transaction; the confirmation email is queued with it.
    """
    if wants_news:
        first_name = client.name.split()[0][:NAME_MAX_LENGTH] if client.name else ""
        if not is_header_name(first_name):
            # Her booking name may hold what a list name may not ("<Ann>"): the
            # sign-up goes ahead without one rather than refuse her booking.
            first_name = ""
        return request_subscription(
            email=client.email,
            first_name=first_name,
            source=Subscriber.Source.BOOKING,
            wording=wording,
            client=client,
            now=now,
        )
    subscriber = _locked(client.email)
    if subscriber is not None:
        _link_client(subscriber, client)
    return subscriber


@transaction.atomic
def expire_sign_ups(*, now: datetime | None = None) -> int:
    """Forget sign-ups never confirmed in time; a past subscriber is left unsubscribed.

    Returns how many sign-ups expired.
    """
    expired = Subscriber.objects.expired(now=now)
    never_confirmed = expired.filter(confirmed_at__isnull=True, client__isnull=True)
    _, deleted_by_model = never_confirmed.delete()
    deleted = deleted_by_model.get(Subscriber._meta.label, 0)
    updated = expired.update(status=Subscriber.Status.UNSUBSCRIBED)
    return deleted + updated
