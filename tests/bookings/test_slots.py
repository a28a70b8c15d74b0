from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bookings.models import Booking, ConsultSettings
from bookings.services import free_slots, is_slot_free
from tests.factories import BookingFactory, TimeOffFactory, WeeklyWindowFactory

pytestmark = pytest.mark.django_db

EARLY = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _settings(settings):
    """The coach's zone is a setting; configure() sets it for one test."""
    global _SETTINGS
    _SETTINGS = settings


def configure(**values) -> ConsultSettings:
    if "coach_time_zone" in values:
        _SETTINGS.COACH_TIME_ZONE = values.pop("coach_time_zone")
    cfg = ConsultSettings.load()
    defaults = {
        "min_notice_hours": 0,
        "horizon_days": 365,
        "buffer_before_minutes": 0,
        "buffer_after_minutes": 0,
        "max_per_day": 10,
    }
    for field, value in {**defaults, **values}.items():
        setattr(cfg, field, value)
    cfg.full_clean()
    cfg.save()
    return cfg


def every_day(start: time, end: time) -> None:
    for weekday in range(7):
        WeeklyWindowFactory(weekday=weekday, starts_at=start, ends_at=end)


def local_day_slots(day: date, zone: str, *, now=EARLY) -> list[datetime]:
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=tz)
    return free_slots(start, end, now=now)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        # America/Chicago: clocks go forward on 8 March, back on 1 November 2026.
        ("America/Chicago", date(2026, 3, 7), utc(2026, 3, 7, 15)),
        ("America/Chicago", date(2026, 3, 8), utc(2026, 3, 8, 14)),
        ("America/Chicago", date(2026, 3, 9), utc(2026, 3, 9, 14)),
        ("America/Chicago", date(2026, 10, 31), utc(2026, 10, 31, 14)),
        ("America/Chicago", date(2026, 11, 1), utc(2026, 11, 1, 15)),
        ("America/Chicago", date(2026, 11, 2), utc(2026, 11, 2, 15)),
        # Europe/London: forward on 29 March, back on 25 October 2026.
        ("Europe/London", date(2026, 3, 28), utc(2026, 3, 28, 9)),
        ("Europe/London", date(2026, 3, 29), utc(2026, 3, 29, 8)),
        ("Europe/London", date(2026, 3, 30), utc(2026, 3, 30, 8)),
        ("Europe/London", date(2026, 10, 24), utc(2026, 10, 24, 8)),
        ("Europe/London", date(2026, 10, 25), utc(2026, 10, 25, 9)),
        ("Europe/London", date(2026, 10, 26), utc(2026, 10, 26, 9)),
    ],
)
def test_free_slots_nine_am_maps_to_right_utc_around_dst(zone, day, expected):
    configure(coach_time_zone=zone)
    every_day(time(9), time(10))

    slots = local_day_slots(day, zone)

    assert slots == [expected, expected + timedelta(minutes=30)]


def test_free_slots_skips_wall_times_that_do_not_exist():
    configure(coach_time_zone="America/Chicago")
    every_day(time(1), time(4))

    slots = local_day_slots(date(2026, 3, 8), "America/Chicago")

    # 02:00 and 02:30 do not exist that night; 01:30 CST is followed by 03:00 CDT.
    assert slots == [
        utc(2026, 3, 8, 7),
        utc(2026, 3, 8, 7, 30),
        utc(2026, 3, 8, 8),
        utc(2026, 3, 8, 8, 30),
    ]


def test_free_slots_uses_first_occurrence_of_repeated_wall_times():
    configure(coach_time_zone="America/Chicago")
    every_day(time(1), time(2))

    slots = local_day_slots(date(2026, 11, 1), "America/Chicago")

    # 01:00 and 01:30 CDT (fold=0); the window ends at 02:00 CST, so no duplicate.
    assert slots == [utc(2026, 11, 1, 6), utc(2026, 11, 1, 6, 30)]


def test_free_slots_returns_aware_utc_starts_within_range():
    configure(coach_time_zone="America/Chicago")
    every_day(time(9), time(12))
    start, end = utc(2026, 5, 4, 15, 30), utc(2026, 5, 4, 16, 30)

    slots = free_slots(start, end, now=EARLY)

    assert slots == [utc(2026, 5, 4, 15, 30), utc(2026, 5, 4, 16)]
    assert all(s.utcoffset() == timedelta(0) for s in slots)


def test_free_slots_only_offers_calls_that_fit_the_window():
    configure(coach_time_zone="UTC", call_minutes=45, slot_step_minutes=30)
    every_day(time(9), time(10, 30))

    slots = local_day_slots(date(2026, 5, 4), "UTC")

    assert slots == [utc(2026, 5, 4, 9), utc(2026, 5, 4, 9, 30)]


def test_free_slots_keeps_buffers_around_bookings():
    configure(coach_time_zone="UTC", buffer_before_minutes=0, buffer_after_minutes=15)
    every_day(time(8), time(12))
    BookingFactory(starts_at=utc(2026, 5, 4, 10))

    slots = local_day_slots(date(2026, 5, 4), "UTC")

    # 09:30 would end at 10:00 with no time after it; 10:30 starts inside the buffer.
    assert utc(2026, 5, 4, 9) in slots
    assert utc(2026, 5, 4, 9, 30) not in slots
    assert utc(2026, 5, 4, 10) not in slots
    assert utc(2026, 5, 4, 10, 30) not in slots
    assert utc(2026, 5, 4, 11) in slots


def test_free_slots_ignores_cancelled_bookings():
    configure(coach_time_zone="UTC")
    every_day(time(9), time(10))
    BookingFactory(starts_at=utc(2026, 5, 4, 9), status=Booking.Status.CANCELLED)

    slots = local_day_slots(date(2026, 5, 4), "UTC")

    assert utc(2026, 5, 4, 9) in slots


def test_free_slots_removes_time_off():
    configure(coach_time_zone="UTC")
    every_day(time(9), time(12))
    TimeOffFactory(starts_at=utc(2026, 5, 4, 10), ends_at=utc(2026, 5, 4, 11))

    slots = local_day_slots(date(2026, 5, 4), "UTC")

    assert slots == [
        utc(2026, 5, 4, 9),
        utc(2026, 5, 4, 9, 30),
        utc(2026, 5, 4, 11),
        utc(2026, 5, 4, 11, 30),
    ]


def test_free_slots_respects_minimum_notice():
    configure(coach_time_zone="UTC", min_notice_hours=24)
    every_day(time(9), time(12))
    now = utc(2026, 5, 3, 10, 15)

    slots = free_slots(utc(2026, 5, 3), utc(2026, 5, 5), now=now)

    assert slots[0] == utc(2026, 5, 4, 10, 30)


def test_free_slots_never_offers_past_times():
    configure(coach_time_zone="UTC", min_notice_hours=0)
    every_day(time(9), time(12))

    slots = local_day_slots(date(2026, 5, 4), "UTC", now=utc(2026, 5, 4, 10, 1))

    assert slots == [
        utc(2026, 5, 4, 10, 30),
        utc(2026, 5, 4, 11),
        utc(2026, 5, 4, 11, 30),
    ]


def test_free_slots_stops_at_the_horizon():
    configure(coach_time_zone="UTC", horizon_days=2)
    every_day(time(9), time(10))
    now = utc(2026, 5, 4, 9, 15)

    slots = free_slots(now, now + timedelta(days=10), now=now)

    assert slots == [
        utc(2026, 5, 4, 9, 30),
        utc(2026, 5, 5, 9),
        utc(2026, 5, 5, 9, 30),
        utc(2026, 5, 6, 9),
    ]


def test_free_slots_closes_a_day_at_the_daily_cap():
    configure(coach_time_zone="America/Chicago", max_per_day=2)
    every_day(time(9), time(17))
    # 09:00 and 16:00 Chicago time on 4 May (CDT, UTC-5).
    BookingFactory(starts_at=utc(2026, 5, 4, 14))
    BookingFactory(starts_at=utc(2026, 5, 4, 21))

    full_day = local_day_slots(date(2026, 5, 4), "America/Chicago")
    next_day = local_day_slots(date(2026, 5, 5), "America/Chicago")

    assert full_day == []
    assert len(next_day) == 16


def test_free_slots_counts_the_cap_on_the_coach_local_day():
    configure(coach_time_zone="America/Chicago", max_per_day=1)
    every_day(time(9), time(10))
    # 20:00 Chicago on 4 May is already 5 May in UTC.
    BookingFactory(starts_at=utc(2026, 5, 5, 1))

    assert local_day_slots(date(2026, 5, 4), "America/Chicago") == []
    assert local_day_slots(date(2026, 5, 5), "America/Chicago") != []


def test_free_slots_reads_each_table_once(django_assert_num_queries):
    configure(coach_time_zone="America/Chicago")
    every_day(time(9), time(17))
    BookingFactory(starts_at=utc(2026, 5, 4, 14))
    TimeOffFactory(starts_at=utc(2026, 5, 6), ends_at=utc(2026, 5, 7))

    with django_assert_num_queries(4) as captured:
        free_slots(utc(2026, 5, 1), utc(2026, 6, 30), now=EARLY)

    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in captured.captured_queries]
    assert sorted(tables) == sorted(
        [
            '"bookings_consultsettings"',
            '"bookings_weeklywindow"',
            '"bookings_booking"',
            '"bookings_timeoff"',
        ]
    )


def test_is_slot_free_accepts_only_exact_free_starts():
    configure(coach_time_zone="UTC")
    every_day(time(9), time(12))
    BookingFactory(starts_at=utc(2026, 5, 4, 10))

    assert is_slot_free(utc(2026, 5, 4, 9), now=EARLY)
    assert not is_slot_free(utc(2026, 5, 4, 10), now=EARLY)
    assert not is_slot_free(utc(2026, 5, 4, 9, 10), now=EARLY)
    assert not is_slot_free(utc(2026, 5, 4, 13), now=EARLY)
    assert not is_slot_free(datetime(2026, 5, 4, 9), now=EARLY)  # noqa: DTZ001


def test_free_slots_ignoring_the_call_being_moved_frees_its_buffers():
    configure(coach_time_zone="UTC", buffer_before_minutes=0, buffer_after_minutes=15)
    every_day(time(8), time(12))
    moving = BookingFactory(starts_at=utc(2026, 5, 4, 10))
    BookingFactory(starts_at=utc(2026, 5, 4, 11))
    day = (utc(2026, 5, 4), utc(2026, 5, 5))

    slots = free_slots(*day, now=EARLY, ignoring_booking_id=moving.pk)

    assert utc(2026, 5, 4, 9, 30) in slots
    assert utc(2026, 5, 4, 10, 30) not in slots  # the other call's buffer
    assert is_slot_free(utc(2026, 5, 4, 10), now=EARLY, ignoring_booking_id=moving.pk)
    assert not is_slot_free(
        utc(2026, 5, 4, 11), now=EARLY, ignoring_booking_id=moving.pk
    )


def test_free_slots_ignoring_a_call_does_not_count_it_against_the_day():
    configure(coach_time_zone="UTC", max_per_day=1)
    every_day(time(8), time(12))
    moving = BookingFactory(starts_at=utc(2026, 5, 4, 10))

    slots = free_slots(
        utc(2026, 5, 4), utc(2026, 5, 5), now=EARLY, ignoring_booking_id=moving.pk
    )

    assert utc(2026, 5, 4, 8) in slots
