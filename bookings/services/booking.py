"""Booking, cancelling and moving consult calls; every write happens here."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings.models import (
    SLOT_CONSTRAINTS,
    Booking,
    Client,
    Consent,
    ConsultSettings,
)

from .clients import client_after_booking, client_after_cancel, validate_booking_input
from .errors import BookingLocked, SlotUnavailable
from .slots import is_slot_free


def change_cutoff_message(cfg: ConsultSettings | None = None) -> str:
    """What to tell a client who can no longer change her call online."""
    cfg = cfg or ConsultSettings.load()
    if cfg.contact_phone:
        how = f"call or text {cfg.contact_phone}"
    else:
        how = "reply to your confirmation email"
    return (
        f"Calls can be changed online until {cfg.change_cutoff_hours} hours "
        f"before they start. To change this one, please {how}."
    )


def booking_can_change(booking: Booking, *, now: datetime | None = None) -> bool:
    """Whether the client may still cancel or move this booking online."""
    return booking.can_change(now=now)


def _lock_calendar() -> None:
    """Serialise bookings: on PostgreSQL lock the settings row until commit.

    SQLite runs every transaction as IMMEDIATE (see settings), which already
    serialises writers, and ignores select_for_update.
    """
    ConsultSettings.load()
    ConsultSettings.objects.select_for_update().get(pk=1)


def _breaks_slot_constraint(exc: IntegrityError) -> bool:
    """Whether the database refused a booking because its time is taken."""
    diag = getattr(exc.__cause__, "diag", None)
    if diag is not None:  # PostgreSQL names the constraint.
        return diag.constraint_name in SLOT_CONSTRAINTS
    # SQLite names the columns of a unique index, and only unique ones guard slots.
    return str(exc) == "UNIQUE constraint failed: bookings_booking.starts_at"


def _insert_booking(booking: Booking) -> Booking:
    """Save a booking in a savepoint; only a slot constraint means the slot is gone."""
    booking.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            booking.save(force_insert=True)
    except IntegrityError as exc:
        if _breaks_slot_constraint(exc):
            raise SlotUnavailable() from exc
        raise
    return booking


def _new_booking(*, client, starts_at, help_with, time_zone, source_post, now):
    """An unsaved booking for a slot that is free right now (checked in the
    caller's transaction); raises SlotUnavailable otherwise."""
    if not is_slot_free(starts_at, now=now):
        raise SlotUnavailable()
    cfg = ConsultSettings.load()
    return Booking(
        client=client,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=cfg.call_minutes),
        help_with=help_with,
        time_zone=time_zone,
        source_post=source_post,
    )


def book_consult(
    *,
    starts_at: datetime,
    name: str,
    email: str,
    phone: str = "",
    time_zone: str,
    help_with: str,
    has_storage_consent: bool,
    wants_news: bool = False,
    storage_wording: str,
    news_wording: str = "",
    source_post=None,
    now: datetime | None = None,
) -> Booking:
    """Book a free consult call: saves the client, her consents and the booking.

    Raises ValidationError (keyed by argument name) for bad input and
    SlotUnavailable when the time is not free. Emails come in a later step.
    """
    now = now or timezone.now()
    name, email, phone = name.strip(), email.strip(), phone.strip()
    help_with = help_with.strip()
    validate_booking_input(
        name=name,
        email=email,
        phone=phone,
        time_zone=time_zone,
        help_with=help_with,
        has_storage_consent=has_storage_consent,
        storage_wording=storage_wording,
        wants_news=wants_news,
        news_wording=news_wording,
    )
    with transaction.atomic():
        _lock_calendar()
        booking = _new_booking(
            client=None,
            starts_at=starts_at,
            help_with=help_with,
            time_zone=time_zone,
            source_post=source_post,
            now=now,
        )
        client = client_after_booking(
            name=name,
            email=email,
            phone=phone,
            time_zone=time_zone,
            wants_news=wants_news,
            source_post=source_post,
        )
        Consent.objects.create(
            client=client,
            kind=Consent.Kind.STORAGE,
            wording=storage_wording.strip(),
            given_at=now,
        )
        if wants_news:
            Consent.objects.create(
                client=client,
                kind=Consent.Kind.NEWS,
                wording=news_wording.strip(),
                given_at=now,
            )
        booking.client = client
        _insert_booking(booking)
        # Confirmation email: queued here with transaction.on_commit once the
        # email step exists (it reads and sets booking.confirmation_sent_at).
    return booking


def _locked_booking(booking_id: int) -> Booking:
    try:
        return (
            Booking.objects.select_for_update()
            .select_related("client")
            .get(pk=booking_id)
        )
    except Booking.DoesNotExist as exc:
        raise BookingLocked("We could not find that booking.") from exc


def _check_changeable(booking: Booking, now: datetime) -> None:
    if booking.status != Booking.Status.CONFIRMED:
        raise BookingLocked("This call has already been cancelled or changed.")
    if booking.starts_at <= now:
        raise BookingLocked("This call has already started or taken place.")
    if not booking_can_change(booking, now=now):
        raise BookingLocked(change_cutoff_message())


def _cancel(booking: Booking, now: datetime) -> None:
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.token_version += 1
    booking.save(update_fields=["status", "cancelled_at", "token_version"])


def cancel_booking(
    *, booking_id: int, now: datetime | None = None, by_coach: bool = False
) -> Booking:
    """Cancel a confirmed future call; old manage links stop working.

    Clients are held to the change cutoff; the coach (`by_coach=True`) is not.
    A client left with no other confirmed call goes back to being a lead.
    """
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked_booking(booking_id)
        if by_coach:
            if booking.status != Booking.Status.CONFIRMED:
                raise BookingLocked("Only confirmed calls can be cancelled.")
        else:
            _check_changeable(booking, now)
        _cancel(booking, now)
        client_after_cancel(booking.client)
    return booking


def reschedule_booking(
    *, booking_id: int, starts_at: datetime, now: datetime | None = None
) -> Booking:
    """Move a call: cancels the old booking and books the new time, all or nothing.

    Returns the new booking (with `rescheduled_from` set), which now holds her
    help answer; the old one keeps none. Raises BookingLocked or
    SlotUnavailable; on any error the old booking stays as it was.
    """
    now = now or timezone.now()
    with transaction.atomic():
        _lock_calendar()
        old = _locked_booking(booking_id)
        _check_changeable(old, now)
        if starts_at == old.starts_at:
            raise ValidationError(
                "That is already the time of your call.", code="same_time"
            )
        # Free the old time first so it does not count against the new one
        # (daily cap, buffers); the transaction restores it if the new one fails.
        _cancel(old, now)
        new = _new_booking(
            client=old.client,
            starts_at=starts_at,
            help_with=old.help_with,
            time_zone=old.time_zone,
            source_post=old.source_post,
            now=now,
        )
        new.rescheduled_from = old
        _insert_booking(new)
        # Her health answer moves with the call: kept once, on the live booking.
        old.help_with = ""
        old.save(update_fields=["help_with"])
    return new


def mark_booking_held(*, booking_id: int, now: datetime | None = None) -> Booking:
    """Record that a call took place; her client record moves to consult held."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked_booking(booking_id)
        if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.NO_SHOW):
            raise BookingLocked("Only confirmed calls can be marked as held.")
        if booking.starts_at > now:
            raise BookingLocked("This call has not started yet.")
        booking.status = Booking.Status.COMPLETED
        booking.save(update_fields=["status"])
        client = booking.client
        if client.status in (Client.Status.LEAD, Client.Status.CONSULT_BOOKED):
            client.status = Client.Status.CONSULT_HELD
            client.save(update_fields=["status", "updated_at"])
    return booking


def mark_booking_no_show(*, booking_id: int, now: datetime | None = None) -> Booking:
    """Record that she did not come; her record goes back to lead if nothing else."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked_booking(booking_id)
        if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.COMPLETED):
            raise BookingLocked("Only confirmed calls can be marked as a no-show.")
        if booking.starts_at > now:
            raise BookingLocked("This call has not started yet.")
        was_completed = booking.status == Booking.Status.COMPLETED
        booking.status = Booking.Status.NO_SHOW
        booking.save(update_fields=["status"])
        if was_completed:
            return booking
        client_after_cancel(booking.client)
    return booking
