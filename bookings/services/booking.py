"""Booking, cancelling and moving consult calls; every write happens here."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings import client_parts, emails
from bookings.errors import BookingLocked, SlotUnavailable
from bookings.models import (
    SLOT_CONSTRAINTS,
    Booking,
    Client,
    Consent,
    ConsultSettings,
)
from bookings.tokens import retire_manage_links

from .clients import client_after_booking, client_after_cancel, validate_booking_input
from .coach_calendar import (
    check_her_calendars_now,
    keep_live_busy,
    write_to_her_calendar,
)
from .slots import is_slot_free
from .status import change_client_status


def change_cutoff_message(cfg: ConsultSettings) -> str:
    """What to tell a client who can no longer change her call online."""
    if cfg.contact_phone:
        how = f"call or text {cfg.contact_phone}"
    else:
        how = "reply to your confirmation email"
    return (
        f"Calls can be changed online until {cfg.change_cutoff_hours} hours "
        f"before they start. To change this one, please {how}."
    )


def _lock_calendar() -> ConsultSettings:
    """Serialise bookings: on PostgreSQL lock the settings row until commit.

    SQLite runs every transaction as IMMEDIATE (see settings), which already
    serialises writers, and ignores select_for_update. Returns the settings row,
    read once for the whole service call.
    """
    ConsultSettings.load()
    return ConsultSettings.objects.select_for_update().get(pk=1)


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


def _new_booking(*, client, starts_at, help_with, time_zone, source_post, now, cfg):
    """An unsaved booking for a slot that is free right now (checked in the
    caller's transaction, her own calendars asked live); raises SlotUnavailable
    otherwise."""
    if not is_slot_free(starts_at, now=now, cfg=cfg):
        raise SlotUnavailable()
    check_her_calendars_now(starts_at, cfg=cfg)
    return Booking(
        client=client,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=cfg.call_minutes),
        help_with=help_with,
        time_zone=time_zone,
        source_post=source_post,
    )


def _booked_by_form(form_nonce: str) -> Booking | None:
    """The booking this form already made; call with the calendar locked."""
    if not form_nonce:
        return None
    return (
        Booking.objects.select_related("client").filter(form_nonce=form_nonce).first()
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
    form_nonce: str = "",
    now: datetime | None = None,
) -> Booking:
    """Book a free consult call: saves the client, her consents and the booking.

    A second send of the same form (same `form_nonce`) returns the booking the
    first one made, checked under the same lock as the booking itself, so
    simultaneous sends never book twice nor hear that her time was taken.
    Raises ValidationError (keyed by argument name) for bad input and
    SlotUnavailable when the time is not free. Her confirmation, the coach's
    notice and the reminders are written to the outbox in the same transaction;
    the returned booking's `news_email_queued` says whether the news box queued
    a newsletter confirmation email too (False for a second send of the form).
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
    try:
        return _book(
            starts_at=starts_at,
            name=name,
            email=email,
            phone=phone,
            time_zone=time_zone,
            help_with=help_with,
            wants_news=wants_news,
            storage_wording=storage_wording,
            news_wording=news_wording,
            source_post=source_post,
            form_nonce=form_nonce,
            now=now,
        )
    except SlotUnavailable as error:
        keep_live_busy(error)
        raise


def _book(
    *,
    starts_at,
    name,
    email,
    phone,
    time_zone,
    help_with,
    wants_news,
    storage_wording,
    news_wording,
    source_post,
    form_nonce,
    now,
) -> Booking:
    """book_consult's transaction, on input already checked."""
    with transaction.atomic():
        cfg = _lock_calendar()
        if earlier := _booked_by_form(form_nonce):
            earlier.news_email_queued = False
            return earlier
        booking = _new_booking(
            client=None,
            starts_at=starts_at,
            help_with=help_with,
            time_zone=time_zone,
            source_post=source_post,
            now=now,
            cfg=cfg,
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
        # Apps that keep something about her hear of it here: the newsletter
        # starts its double opt-in when the news box is ticked.
        answers = client_parts.booked(
            client=client, wants_news=wants_news, wording=news_wording, now=now
        )
        booking.client = client
        booking.form_nonce = form_nonce
        _insert_booking(booking)
        emails.queue_booked(booking, cfg=cfg, now=now)
        write_to_her_calendar(booking, cfg=cfg)
    # A part that sent a confirmation for the news box answers with the time it
    # sent it (the newsletter's sign-up); none is sent to an address already on
    # the list or sent one within the hour.
    booking.news_email_queued = wants_news and any(
        getattr(answer, "confirmation_sent_at", None) == now
        for answer in answers.values()
    )
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


LOCKED_MESSAGES = {
    "cancelled": "This call has already been cancelled or changed.",
    "past": "This call has already started or taken place.",
}


def _check_changeable(booking: Booking, now: datetime, cfg: ConsultSettings) -> None:
    """Raise BookingLocked unless she may still change this call online."""
    state = booking.change_state(cfg=cfg, now=now)
    if state == "late":
        raise BookingLocked(change_cutoff_message(cfg))
    if state != "ok":
        raise BookingLocked(LOCKED_MESSAGES[state])


def _cancel(booking: Booking, now: datetime, *, retire_link: bool = True) -> None:
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    if retire_link:
        retire_manage_links(booking)
    # Her calendar app replaces the event only for a higher SEQUENCE.
    booking.calendar_sequence += 1
    booking.save(
        update_fields=["status", "cancelled_at", "manage_key", "calendar_sequence"]
    )


def cancel_booking(
    *, booking_id: int, now: datetime | None = None, by_coach: bool = False
) -> Booking:
    """Cancel a confirmed future call; old manage links stop working.

    Clients are held to the change cutoff; the coach (`by_coach=True`) is not.
    A client left with no other confirmed call goes back to being a lead. Her
    pending reminders are voided; she and the coach are told.
    """
    now = now or timezone.now()
    with transaction.atomic():
        cfg = ConsultSettings.load()
        booking = _locked_booking(booking_id)
        if by_coach:
            if booking.status != Booking.Status.CONFIRMED:
                raise BookingLocked("Only confirmed calls can be cancelled.")
        else:
            _check_changeable(booking, now, cfg)
        _cancel(booking, now)
        client_after_cancel(booking.client)
        emails.queue_cancelled(booking, by_coach=by_coach)
        write_to_her_calendar(booking, cfg=cfg)
    return booking


def reschedule_booking(
    *, booking_id: int, starts_at: datetime, now: datetime | None = None
) -> Booking:
    """Move a call: cancels the old booking and books the new time, all or nothing.

    Returns the new booking (with `rescheduled_from` set), which now holds her
    help answer; the old one keeps none. Raises BookingLocked or
    SlotUnavailable; on any error the old booking stays as it was. The old call's
    reminders are voided and the new call's written; her calendar event moves.
    """
    now = now or timezone.now()
    try:
        return _reschedule(booking_id=booking_id, starts_at=starts_at, now=now)
    except SlotUnavailable as error:
        keep_live_busy(error)
        raise


def _reschedule(*, booking_id: int, starts_at: datetime, now: datetime) -> Booking:
    """reschedule_booking's transaction."""
    with transaction.atomic():
        cfg = _lock_calendar()
        old = _locked_booking(booking_id)
        _check_changeable(old, now, cfg)
        if starts_at == old.starts_at:
            raise ValidationError(
                "That is already the time of your call.", code="same_time"
            )
        # Free the old time first so it does not count against the new one
        # (daily cap, buffers); the transaction restores it if the new one fails.
        # Her old links keep their key: they now say where the call went.
        _cancel(old, now, retire_link=False)
        new = _new_booking(
            client=old.client,
            starts_at=starts_at,
            help_with=old.help_with,
            time_zone=old.time_zone,
            source_post=old.source_post,
            now=now,
            cfg=cfg,
        )
        new.rescheduled_from = old
        # The same event in her calendar, moved: same UID, higher SEQUENCE.
        new.calendar_uid = old.calendar_uid
        new.calendar_sequence = old.calendar_sequence + 1
        _insert_booking(new)
        # Her health answer moves with the call: kept once, on the live booking.
        old.help_with = ""
        old.save(update_fields=["help_with"])
        emails.queue_rescheduled(old, new, cfg=cfg, now=now)
        write_to_her_calendar(new, cfg=cfg)
    return new


def _call_with_outcome(booking_id: int, *, was, refusal: str, now) -> Booking:
    """The call, locked, if an outcome can be recorded: confirmed (or marked `was`
    and being corrected) and already started."""
    booking = _locked_booking(booking_id)
    if booking.status not in (Booking.Status.CONFIRMED, was):
        raise BookingLocked(refusal)
    if booking.starts_at > now:
        raise BookingLocked("This call has not started yet.")
    return booking


def mark_booking_held(*, booking_id: int, now: datetime | None = None) -> Booking:
    """Record that a call took place; her client record moves to consult held."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _call_with_outcome(
            booking_id,
            was=Booking.Status.NO_SHOW,
            refusal="Only confirmed calls can be marked as held.",
            now=now,
        )
        booking.status = Booking.Status.COMPLETED
        booking.save(update_fields=["status"])
        client = booking.client
        if client.status in (Client.Status.LEAD, Client.Status.CONSULT_BOOKED):
            change_client_status(client=client, to_status=Client.Status.CONSULT_HELD)
        emails.queue_follow_up(booking, now=now)
    return booking


def mark_booking_no_show(*, booking_id: int, now: datetime | None = None) -> Booking:
    """Record that she did not come; her record goes back to lead if nothing else."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _call_with_outcome(
            booking_id,
            was=Booking.Status.COMPLETED,
            refusal="Only confirmed calls can be marked as a no-show.",
            now=now,
        )
        was_completed = booking.status == Booking.Status.COMPLETED
        booking.status = Booking.Status.NO_SHOW
        booking.save(update_fields=["status"])
        emails.void_follow_up(booking)
        if was_completed:
            return booking
        client_after_cancel(booking.client)
    return booking
