from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from bookings.models import ConsultSettings, TimeOff, WeeklyWindow
from bookings.services.availability import save_availability, window_problems
from tests.factories import TimeOffFactory, WeeklyWindowFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 1, 2, 12, tzinfo=UTC)


def test_save_availability_replaces_hours_and_upcoming_time_off_only():
    WeeklyWindowFactory(weekday=0)
    past = TimeOffFactory(starts_at=NOW - timedelta(days=9))
    TimeOffFactory(starts_at=NOW + timedelta(days=3))
    new_off = (NOW + timedelta(days=5), NOW + timedelta(days=6), "Course")

    save_availability(
        settings_values={"call_minutes": 45},
        windows=[(1, time(13), time(16))],
        time_off=[new_off],
        now=NOW,
    )

    assert list(WeeklyWindow.objects.values_list("weekday", "starts_at")) == [
        (1, time(13))
    ]
    assert set(TimeOff.objects.values_list("note", flat=True)) == {
        past.note,
        "Course",
    }
    assert ConsultSettings.load().call_minutes == 45


def test_save_availability_keeps_everything_when_one_part_is_wrong():
    WeeklyWindowFactory(weekday=0)

    with pytest.raises(ValidationError) as exc:
        save_availability(
            settings_values={"call_minutes": 30},
            windows=[(1, time(9), time(12))],
            time_off=[(NOW + timedelta(days=2), NOW + timedelta(days=1), "")],
            now=NOW,
        )

    assert "The end must be after the start." in exc.value.messages
    assert WeeklyWindow.objects.get().weekday == 0


def test_window_problems_accepts_touching_windows():
    windows = [(0, time(9), time(12)), (0, time(12), time(15))]

    assert window_problems(windows, call_minutes=30) == []


def test_window_problems_names_the_overlap_and_the_short_windows():
    overlap = window_problems([(2, time(9), time(11)), (2, time(10), time(12))], 30)
    short = window_problems([(2, time(9), time(9, 20))], 30)

    assert "Wednesday: 09:00–11:00 and 10:00–12:00 overlap" in overlap[0]
    assert "longest window is 20 minutes" in short[0]
