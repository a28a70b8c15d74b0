from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bookings.models import Booking, ConsultSettings, TimeOff, WeeklyWindow
from tests.factories import BookingFactory, ClientFactory, WeeklyWindowFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 1, 12, tzinfo=UTC)


def test_consult_settings_load_creates_one_row_with_defaults():
    first = ConsultSettings.load()
    second = ConsultSettings.load()

    assert first.pk == second.pk == 1
    assert ConsultSettings.objects.count() == 1
    assert (first.call_minutes, first.buffer_after_minutes, first.max_per_day) == (
        30,
        15,
        4,
    )


def test_consult_settings_zone_is_the_coach_zone_setting(settings):
    settings.COACH_TIME_ZONE = "Europe/London"

    zone = ConsultSettings.load().zone

    assert zone.key == "Europe/London"


def test_consult_settings_rejects_unknown_zone_and_out_of_range_numbers():
    cfg = ConsultSettings.load()
    cfg.call_minutes = 0
    cfg.max_per_day = 99

    with pytest.raises(ValidationError) as excinfo:
        cfg.full_clean()

    assert {"call_minutes", "max_per_day"} <= set(excinfo.value.message_dict)


def test_weekly_window_requires_start_before_end():
    window = WeeklyWindow(weekday=0, starts_at=time(12), ends_at=time(9))

    with pytest.raises(ValidationError) as excinfo:
        window.full_clean()

    assert "ends_at" in excinfo.value.message_dict


def test_weekly_window_str_names_day_and_times():
    assert str(WeeklyWindowFactory(weekday=2)) == "Wednesday 09:00–12:00"


def test_time_off_requires_start_before_end():
    time_off = TimeOff(starts_at=NOW, ends_at=NOW - timedelta(hours=1))

    with pytest.raises(ValidationError):
        time_off.full_clean()


def test_booking_clean_requires_start_before_end():
    booking = BookingFactory.build(
        client=ClientFactory(), starts_at=NOW, ends_at=NOW - timedelta(minutes=30)
    )

    with pytest.raises(ValidationError) as excinfo:
        booking.full_clean()

    assert "ends_at" in excinfo.value.message_dict


def test_booking_rejects_overlong_help_with_and_unknown_zone():
    booking = BookingFactory.build(
        client=ClientFactory(), help_with="x" * 1001, time_zone="Nowhere/Special"
    )

    with pytest.raises(ValidationError) as excinfo:
        booking.full_clean()

    assert {"help_with", "time_zone"} <= set(excinfo.value.message_dict)


def test_database_refuses_a_booking_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(starts_at=NOW, ends_at=NOW - timedelta(minutes=1))


def test_client_email_is_unique_whatever_the_case():
    ClientFactory(email="ann@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        ClientFactory(email="ANN@Example.com")


def test_client_full_clean_reports_duplicate_email():
    ClientFactory(email="ann@example.com")
    duplicate = ClientFactory.build(email="Ann@example.com")

    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()

    assert "A client with this email already exists." in str(excinfo.value)


def test_booking_queryset_active_upcoming_and_past():
    past = BookingFactory(starts_at=NOW - timedelta(days=1))
    soon = BookingFactory(starts_at=NOW + timedelta(days=1))
    later = BookingFactory(starts_at=NOW + timedelta(days=2))
    cancelled = BookingFactory(
        starts_at=NOW + timedelta(days=3), status=Booking.Status.CANCELLED
    )

    assert list(Booking.objects.upcoming(now=NOW)) == [soon, later, cancelled]
    assert list(Booking.objects.past(now=NOW)) == [past]
    assert list(Booking.objects.active().upcoming(now=NOW)) == [soon, later]


def test_booking_queryset_overlapping_uses_half_open_ranges():
    booking = BookingFactory(starts_at=NOW)  # NOW to NOW + 30 minutes

    def overlapping(start_minutes, end_minutes):
        start = NOW + timedelta(minutes=start_minutes)
        end = NOW + timedelta(minutes=end_minutes)
        return list(Booking.objects.overlapping(start, end))

    assert overlapping(-30, 0) == []
    assert overlapping(30, 60) == []
    assert overlapping(-10, 10) == [booking]
    assert overlapping(10, 20) == [booking]


def test_booking_change_state_is_ok_until_the_cutoff():
    cfg = ConsultSettings.load()
    booking = BookingFactory(starts_at=NOW + timedelta(hours=13))

    assert booking.change_state(cfg=cfg, now=NOW) == "ok"
    assert booking.change_state(cfg=cfg, now=NOW + timedelta(hours=1)) == "late"


def test_booking_change_state_after_cancel_or_start():
    cfg = ConsultSettings.load()
    booking = BookingFactory(
        starts_at=NOW + timedelta(days=3), status=Booking.Status.CANCELLED
    )
    started = BookingFactory(starts_at=NOW - timedelta(minutes=5))

    assert booking.change_state(cfg=cfg, now=NOW) == "cancelled"
    assert started.change_state(cfg=cfg, now=NOW) == "past"
