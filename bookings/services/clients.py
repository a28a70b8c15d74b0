"""Client records kept in step with her bookings."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from bookings.models import (
    HELP_WITH_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    Booking,
    Client,
    validate_time_zone,
)
from coaching.validators import ONE_LINE_MESSAGE, email_error, is_one_line

from .status import change_client_status


def _length_error(value: str, limit: int, what: str) -> str | None:
    if len(value) > limit:
        return f"Please keep {what} to {limit} characters (it has {len(value)})."
    return None


def _line_error(value: str, limit: int, what: str) -> str | None:
    """Too long, or not on one line (names and phones go into emails)."""
    if message := _length_error(value, limit, what):
        return message
    return None if is_one_line(value) else ONE_LINE_MESSAGE


def validate_booking_input(
    *,
    name: str,
    email: str,
    phone: str,
    time_zone: str,
    help_with: str,
    has_storage_consent: bool,
    storage_wording: str,
    wants_news: bool,
    news_wording: str,
) -> None:
    """Raise one ValidationError, keyed by argument name, listing every problem."""
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Please tell us your name."
    elif message := _line_error(name, NAME_MAX_LENGTH, "your name"):
        errors["name"] = message
    if message := email_error(email):
        errors["email"] = message
    if message := _line_error(phone, PHONE_MAX_LENGTH, "the phone number"):
        errors["phone"] = message
    try:
        validate_time_zone(time_zone)
    except ValidationError:
        errors["time_zone"] = (
            "We could not tell your time zone. Please choose it from the list."
        )
    if message := _length_error(help_with, HELP_WITH_MAX_LENGTH, "your answer"):
        errors["help_with"] = message
    if not has_storage_consent:
        errors["has_storage_consent"] = (
            "Please agree to us keeping your details, so we can arrange your call."
        )
    if not storage_wording.strip() or (wants_news and not news_wording.strip()):
        # The wording shown must be recorded with the consent: a caller bug.
        errors.setdefault(NON_FIELD_ERRORS, "Consent wording is missing.")
    if errors:
        raise ValidationError(errors)


def client_after_booking(
    *,
    name: str,
    email: str,
    phone: str,
    time_zone: str,
    wants_news: bool = False,
    source_post=None,
) -> Client:
    """Create or update the client for this email (any case) with a call booked.

    A current client keeps her status; anyone else becomes "consult booked".
    News consent is turned on only when she confirms by email (newsletter).
    Must run inside the booking transaction.
    """
    client = Client.objects.select_for_update().filter(
        email__iexact=email
    ).first() or Client(email=email)
    client.name = name
    client.time_zone = time_zone
    if phone:
        client.phone = phone
    target = client.status
    if client.status != Client.Status.CLIENT:
        target = Client.Status.CONSULT_BOOKED
    is_new = client.pk is None
    if is_new:
        client.status = target
    if client.source_post_id is None and source_post is not None:
        client.source_post = source_post
    client.full_clean()
    client.save()
    if not is_new:
        change_client_status(client=client, to_status=target)
    return client


def client_after_cancel(client: Client) -> None:
    """A client with a booked consult and no other confirmed call is a lead again."""
    if client.status != Client.Status.CONSULT_BOOKED:
        return
    if not Booking.objects.active().filter(client=client).exists():
        change_client_status(client=client, to_status=Client.Status.LEAD)
