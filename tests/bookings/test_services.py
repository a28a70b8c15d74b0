from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bookings.models import Booking, Client, Consent, ConsultSettings
from bookings.services import (
    BookingLocked,
    InvalidToken,
    SlotUnavailable,
    book_consult,
    cancel_booking,
    mark_booking_held,
    mark_booking_no_show,
    reschedule_booking,
)
from bookings.tokens import booking_from_token, manage_token
from tests.factories import (
    BookingFactory,
    ClientFactory,
    PostFactory,
    WeeklyWindowFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)
# Monday 4 May 2026, 09:00 in Chicago (CDT, UTC-5).
SLOT = datetime(2026, 5, 4, 14, tzinfo=UTC)


@pytest.fixture(autouse=True)
def availability():
    cfg = ConsultSettings.load()
    cfg.save()
    for weekday in range(5):
        WeeklyWindowFactory(weekday=weekday, starts_at=time(9), ends_at=time(12))
    return cfg


def book(**overrides) -> Booking:
    values = {
        "starts_at": SLOT,
        "name": "Ann Example",
        "email": "ann@example.com",
        "time_zone": "Europe/London",
        "help_with": "Energy for the school run.",
        "has_storage_consent": True,
        "storage_wording": "I agree that you keep my details to arrange the call.",
        "now": NOW,
    }
    return book_consult(**{**values, **overrides})


def test_book_consult_creates_client_and_booking():
    booking = book(phone="+44 7700 900123")

    assert booking.status == Booking.Status.CONFIRMED
    assert booking.ends_at == SLOT + timedelta(minutes=30)
    assert booking.time_zone == "Europe/London"
    client = booking.client
    assert (client.name, client.email, client.phone) == (
        "Ann Example",
        "ann@example.com",
        "+44 7700 900123",
    )
    assert client.status == Client.Status.CONSULT_BOOKED


def test_book_consult_updates_existing_client_whatever_the_email_case():
    existing = ClientFactory(email="Ann@Example.com", name="Ann", time_zone="UTC")

    booking = book(email="ANN@example.COM", name="Ann Example")

    assert Client.objects.count() == 1
    existing.refresh_from_db()
    assert booking.client == existing
    assert existing.name == "Ann Example"
    assert existing.time_zone == "Europe/London"


def test_book_consult_records_consents_with_their_wording():
    booking = book(wants_news=True, news_wording="Send me the MSMonday news.")

    consents = {c.kind: c for c in Consent.objects.filter(client=booking.client)}
    assert consents[Consent.Kind.STORAGE].wording.startswith("I agree that you keep")
    assert consents[Consent.Kind.NEWS].wording == "Send me the MSMonday news."
    assert consents[Consent.Kind.STORAGE].given_at == NOW


def test_book_consult_news_box_waits_for_email_confirmation():
    without = book()
    with_news = book(
        starts_at=SLOT + timedelta(hours=1),
        email="bea@example.com",
        wants_news=True,
        news_wording="Send me news.",
    )

    assert without.client.has_news_consent is False
    assert not without.client.consents.filter(kind=Consent.Kind.NEWS).exists()
    # Double opt-in: the news box asks her to confirm by email first.
    assert with_news.client.has_news_consent is False
    assert with_news.client.subscriber.status == "pending"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (Client.Status.LEAD, Client.Status.CONSULT_BOOKED),
        (Client.Status.CONSULT_HELD, Client.Status.CONSULT_BOOKED),
        (Client.Status.NOT_A_FIT, Client.Status.CONSULT_BOOKED),
        (Client.Status.PAST_CLIENT, Client.Status.CONSULT_BOOKED),
        (Client.Status.CLIENT, Client.Status.CLIENT),
    ],
)
def test_book_consult_moves_client_status(before, after):
    ClientFactory(email="ann@example.com", status=before)

    booking = book()

    assert booking.client.status == after


def test_book_consult_keeps_the_first_source_post():
    first_post, second_post = PostFactory(), PostFactory()
    ClientFactory(email="ann@example.com", source_post=first_post)

    booking = book(source_post=second_post)

    assert booking.source_post == second_post
    assert booking.client.source_post == first_post


def test_book_consult_stores_source_post_on_a_new_client():
    post = PostFactory()

    booking = book(source_post=post)

    assert booking.client.source_post == post


def test_book_consult_keeps_earlier_news_consent_when_unticked():
    ClientFactory(email="ann@example.com", has_news_consent=True)

    booking = book(wants_news=False)

    assert booking.client.has_news_consent is True


def test_book_consult_refuses_a_taken_slot():
    book()

    with pytest.raises(SlotUnavailable) as excinfo:
        book(email="bea@example.com")

    assert excinfo.value.messages == [
        "That time was just taken. Please choose another time."
    ]
    assert Booking.objects.count() == 1
    assert not Client.objects.filter(email="bea@example.com").exists()


@pytest.mark.parametrize(
    "starts_at",
    [
        SLOT + timedelta(minutes=10),  # not on the grid
        datetime(2026, 5, 4, 20, tzinfo=UTC),  # 15:00 in Chicago, outside hours
        datetime(2026, 5, 2, 14, tzinfo=UTC),  # Saturday
        datetime(2026, 4, 27, 14, tzinfo=UTC),  # in the past
        datetime(2026, 5, 1, 19, tzinfo=UTC),  # inside the minimum notice
        datetime(2026, 8, 3, 14, tzinfo=UTC),  # beyond the horizon
    ],
)
def test_book_consult_refuses_times_that_are_not_free_slots(starts_at):
    with pytest.raises(SlotUnavailable):
        book(starts_at=starts_at)

    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("time_zone", {"time_zone": "Mars/Olympus"}),
        ("time_zone", {"time_zone": ""}),
        ("email", {"email": "not-an-email"}),
        ("email", {"email": "a" * 250 + "@example.com"}),
        ("name", {"name": "  "}),
        ("name", {"name": "x" * 201}),
        ("phone", {"phone": "1" * 41}),
        ("help_with", {"help_with": "x" * 1001}),
        ("has_storage_consent", {"has_storage_consent": False}),
    ],
)
def test_book_consult_rejects_bad_input_with_field_messages(field, overrides):
    with pytest.raises(ValidationError) as excinfo:
        book(**overrides)

    assert field in excinfo.value.message_dict
    assert not isinstance(excinfo.value, SlotUnavailable)
    assert not Booking.objects.exists()
    assert not Client.objects.exists()


def test_book_consult_turns_a_constraint_violation_into_slot_unavailable(
    monkeypatch,
):
    # Simulate a racing booking that slipped past the free-slot check.
    monkeypatch.setattr("bookings.services.booking.is_slot_free", lambda *a, **k: True)
    BookingFactory(starts_at=SLOT)

    with pytest.raises(SlotUnavailable):
        book()

    assert Booking.objects.count() == 1


def test_database_refuses_two_confirmed_bookings_at_one_start():
    BookingFactory(starts_at=SLOT)

    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(starts_at=SLOT)


def test_database_allows_a_new_booking_where_one_was_cancelled():
    BookingFactory(starts_at=SLOT, status=Booking.Status.CANCELLED)

    BookingFactory(starts_at=SLOT)

    assert Booking.objects.active().count() == 1


def test_cancel_booking_cancels_and_returns_client_to_lead():
    booking = book()

    cancelled = cancel_booking(booking_id=booking.pk, now=NOW)

    assert cancelled.status == Booking.Status.CANCELLED
    assert cancelled.cancelled_at == NOW
    assert cancelled.manage_key != booking.manage_key
    assert Client.objects.get().status == Client.Status.LEAD


def test_cancel_booking_keeps_status_when_another_call_is_booked():
    first = book()
    book(starts_at=SLOT + timedelta(days=1))

    cancel_booking(booking_id=first.pk, now=NOW)

    assert Client.objects.get().status == Client.Status.CONSULT_BOOKED


def test_cancel_booking_refused_inside_the_cutoff(availability):
    availability.contact_phone = "+1 555 0100"
    availability.save()
    booking = book()

    with pytest.raises(BookingLocked) as excinfo:
        cancel_booking(booking_id=booking.pk, now=SLOT - timedelta(hours=11))

    assert "+1 555 0100" in excinfo.value.messages[0]
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_cancel_booking_allowed_just_outside_the_cutoff():
    booking = book()

    cancel_booking(booking_id=booking.pk, now=SLOT - timedelta(hours=12, seconds=1))

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_cancel_booking_refuses_cancelled_and_past_bookings():
    booking = book()
    cancel_booking(booking_id=booking.pk, now=NOW)

    with pytest.raises(BookingLocked):
        cancel_booking(booking_id=booking.pk, now=NOW)
    with pytest.raises(BookingLocked):
        cancel_booking(booking_id=BookingFactory(starts_at=NOW - timedelta(days=1)).pk)


def test_cancel_booking_by_coach_ignores_the_cutoff():
    booking = book()

    cancel_booking(booking_id=booking.pk, now=SLOT - timedelta(hours=1), by_coach=True)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_reschedule_booking_moves_the_call():
    old = book(wants_news=False)
    old_key = old.manage_key
    new_start = SLOT + timedelta(days=1, hours=1)

    new = reschedule_booking(booking_id=old.pk, starts_at=new_start, now=NOW)

    old.refresh_from_db()
    assert old.status == Booking.Status.CANCELLED
    # Her old link keeps its key (it now says where the call went); the new
    # call has a link of its own.
    assert old.manage_key == old_key
    assert new.manage_key != old_key
    assert new.rescheduled_from == old
    assert (new.starts_at, new.status) == (new_start, Booking.Status.CONFIRMED)
    assert (new.client, new.help_with, new.time_zone) == (
        old.client,
        "Energy for the school run.",
        old.time_zone,
    )
    assert new.client.status == Client.Status.CONSULT_BOOKED


def test_reschedule_booking_can_move_to_the_next_slot():
    old = book()

    new = reschedule_booking(
        booking_id=old.pk, starts_at=SLOT + timedelta(minutes=30), now=NOW
    )

    assert new.starts_at == SLOT + timedelta(minutes=30)


def test_reschedule_booking_to_a_taken_slot_keeps_the_old_booking():
    old = book()
    old_key = old.manage_key
    taken = book(starts_at=SLOT + timedelta(hours=2), email="bea@example.com")

    with pytest.raises(SlotUnavailable):
        reschedule_booking(booking_id=old.pk, starts_at=taken.starts_at, now=NOW)

    old.refresh_from_db()
    assert old.status == Booking.Status.CONFIRMED
    assert old.manage_key == old_key
    assert Booking.objects.count() == 2


def test_reschedule_booking_refused_inside_the_cutoff():
    old = book()

    with pytest.raises(BookingLocked):
        reschedule_booking(
            booking_id=old.pk,
            starts_at=SLOT + timedelta(days=1),
            now=SLOT - timedelta(hours=2),
        )


def test_mark_booking_held_and_no_show_update_statuses():
    held = BookingFactory(starts_at=NOW - timedelta(hours=2))
    held.client.status = Client.Status.CONSULT_BOOKED
    held.client.save()
    missed = BookingFactory(starts_at=NOW - timedelta(hours=4))
    missed.client.status = Client.Status.CONSULT_BOOKED
    missed.client.save()

    mark_booking_held(booking_id=held.pk, now=NOW)
    mark_booking_no_show(booking_id=missed.pk, now=NOW)

    held.refresh_from_db()
    missed.refresh_from_db()
    assert held.status == Booking.Status.COMPLETED
    assert held.client.status == Client.Status.CONSULT_HELD
    assert missed.status == Booking.Status.NO_SHOW
    assert missed.client.status == Client.Status.LEAD


def test_mark_booking_held_refuses_a_future_call():
    booking = book()

    with pytest.raises(BookingLocked):
        mark_booking_held(booking_id=booking.pk, now=NOW)


def test_manage_token_round_trips_without_personal_data():
    booking = book()

    token = manage_token(booking)

    assert booking_from_token(token, now=NOW) == booking
    assert "ann" not in token.lower()
    assert "/" not in token and "?" not in token and "&" not in token


def test_manage_token_stops_working_after_a_change():
    booking = book()
    token = manage_token(booking)

    cancel_booking(booking_id=booking.pk, now=NOW)

    with pytest.raises(InvalidToken):
        booking_from_token(token)


def test_manage_token_stops_working_after_reschedule():
    booking = book()
    token = manage_token(booking)

    new = reschedule_booking(
        booking_id=booking.pk, starts_at=SLOT + timedelta(days=1), now=NOW
    )

    with pytest.raises(InvalidToken):
        booking_from_token(token)
    assert booking_from_token(manage_token(new), now=NOW) == new


@pytest.mark.parametrize(
    "token",
    ["", "nonsense", "eyJiIjoxLCJ2IjoxfQ:1xUs7F:forged-signature", "a:b:c:d"],
)
def test_booking_from_token_rejects_malformed_and_forged_tokens(token):
    book()

    with pytest.raises(InvalidToken):
        booking_from_token(token)


def test_booking_from_token_rejects_a_token_for_another_salt():
    from django.core import signing

    booking = book()
    token = signing.dumps({"b": booking.pk, "v": 1}, salt="something.else")

    with pytest.raises(InvalidToken):
        booking_from_token(token)


def test_booking_from_token_rejects_an_unknown_booking():
    booking = book()
    token = manage_token(booking)
    Booking.objects.filter(pk=booking.pk).delete()

    with pytest.raises(InvalidToken):
        booking_from_token(token)
