from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from bookings.admin.availability import SETTINGS_FIELDS
from bookings.models import ConsultSettings, TimeOff, WeeklyWindow
from bookings.services import free_slots
from tests.factories import WeeklyWindowFactory

pytestmark = pytest.mark.django_db

# Wednesday 2 January 2030, noon UTC.
NOW = datetime(2030, 1, 2, 12, tzinfo=UTC)
URL = "/admin/bookings/availability/"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _post_data(windows, time_off=(), **settings_overrides):
    """The page's form: existing and new windows, time off and settings."""
    cfg = ConsultSettings.load()
    data = {f"cfg-{name}": getattr(cfg, name) for name in SETTINGS_FIELDS}
    data.update({f"cfg-{k}": v for k, v in settings_overrides.items()})
    existing = list(WeeklyWindow.objects.order_by("weekday", "starts_at"))
    data.update(
        {
            "win-TOTAL_FORMS": len(windows),
            "win-INITIAL_FORMS": len(existing),
            "off-TOTAL_FORMS": len(time_off),
            "off-INITIAL_FORMS": 0,
        }
    )
    for n, (weekday, start, end) in enumerate(windows):
        if n < len(existing):
            data[f"win-{n}-id"] = existing[n].pk
        data[f"win-{n}-weekday"] = weekday
        data[f"win-{n}-starts_at"] = start
        data[f"win-{n}-ends_at"] = end
    for n, (start, end, note) in enumerate(time_off):
        # The page's date picker and time control, as the browser sends them.
        data[f"off-{n}-starts_at_0"], data[f"off-{n}-starts_at_1"] = start.split("T")
        data[f"off-{n}-ends_at_0"], data[f"off-{n}-ends_at_1"] = end.split("T")
        data[f"off-{n}-note"] = note
    return data


def test_availability_page_shows_zone_read_only_and_preview(clock, admin_client):
    WeeklyWindowFactory(weekday=1, starts_at=time(9), ends_at=time(10))

    response = admin_client.get(URL)

    assert response.status_code == 200
    assert "America/Chicago" in response.text
    assert 'name="cfg-coach_time_zone"' not in response.text
    # Tuesday 8 January 09:00 Chicago is bookable (past the 24 h notice).
    preview = dict(response.context["preview"])
    assert [s.strftime("%H:%M") for s in preview[date(2030, 1, 8)]] == [
        "09:00",
        "09:30",
    ]


def test_changing_tuesday_hours_changes_the_public_times(clock, admin_client):
    WeeklyWindowFactory(weekday=1, starts_at=time(9), ends_at=time(10))

    response = admin_client.post(URL, _post_data([(1, "13:00", "14:00")]))

    assert response.status_code == 302
    window = WeeklyWindow.objects.get()
    assert (window.starts_at, window.ends_at) == (time(13), time(14))
    slots = free_slots(NOW, NOW + timedelta(days=7), now=NOW)
    # 13:00 in Chicago (CST) is 19:00 UTC.
    assert datetime(2030, 1, 8, 19, tzinfo=UTC) in slots


def test_reminder_hours_are_changed_on_the_same_page(clock, admin_client):
    WeeklyWindowFactory(weekday=1, starts_at=time(9), ends_at=time(10))

    response = admin_client.post(
        URL, _post_data([(1, "09:00", "10:00")], reminder_hours="48, 2")
    )

    assert response.status_code == 302
    assert ConsultSettings.load().reminder_offsets == [
        timedelta(hours=48),
        timedelta(hours=2),
    ]


def test_time_off_is_saved_in_the_coach_zone(clock, admin_client):
    data = _post_data(
        [(1, "09:00", "12:00")],
        time_off=[("2030-01-08T09:00", "2030-01-08T17:00", "Dentist")],
    )

    response = admin_client.post(URL, data)

    assert response.status_code == 302
    assert TimeOff.objects.get().starts_at == datetime(2030, 1, 8, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("windows", "overrides", "message"),
    [
        ([(1, "12:00", "09:00")], {}, "The end must be after the start."),
        (
            [(1, "09:00", "11:00"), (1, "10:30", "12:00")],
            {},
            "overlap",
        ),
        ([(1, "09:00", "09:30")], {"call_minutes": 45}, "longer"),
    ],
)
def test_bad_hours_are_explained_and_nothing_is_saved(
    clock, admin_client, windows, overrides, message
):
    response = admin_client.post(URL, _post_data(windows, **overrides))

    assert response.status_code == 200
    assert message in response.text
    assert "Nothing was saved yet" in response.text
    assert not WeeklyWindow.objects.exists()


def test_time_off_ending_before_it_starts_is_explained(clock, admin_client):
    data = _post_data(
        [(1, "09:00", "12:00")],
        time_off=[("2030-01-08T17:00", "2030-01-08T09:00", "")],
    )

    response = admin_client.post(URL, data)

    assert response.status_code == 200
    assert "The end must be after the start." in response.text
    assert not TimeOff.objects.exists()


def test_availability_page_needs_staff(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_availability_url_follows_the_admin_url(admin_client):
    assert reverse("admin:bookings_availability") == URL


def test_availability_post_without_the_form_is_explained(clock, admin_client):
    response = admin_client.post(URL, {"win-TOTAL_FORMS": "x", "cfg-call_minutes": "-"})

    assert response.status_code == 200
    assert "Nothing was saved yet" in response.text


def test_availability_rows_have_spoken_labels(clock, admin_client):
    WeeklyWindowFactory(weekday=1)

    response = admin_client.get(URL)

    assert 'aria-label="From"' in response.text
    assert 'aria-label="Until"' in response.text


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        # The clocks go forward in Chicago at 2:00 a.m. on 10 March 2030.
        ("2030-03-10T02:30", "2030-03-10T09:00", "2:30 a.m. on 10 March 2030"),
        # ... and back at 2:00 a.m. on 3 November 2030: 1:30 a.m. happens twice.
        ("2030-11-03T00:00", "2030-11-03T01:30", "1:30 a.m. on 3 November 2030"),
    ],
)
def test_time_off_at_a_clock_change_is_explained_in_her_words(
    clock, admin_client, start, end, message
):
    data = _post_data([(1, "09:00", "12:00")], time_off=[(start, end, "Trip")])

    response = admin_client.post(URL, data)

    assert response.status_code == 200
    assert f"{message} happens twice or not at all in Chicago time" in response.text
    assert "interpreted" not in response.text
    assert not TimeOff.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2030-03-10T02:30", "2:30 a.m. on 10 March 2030 happens twice or not"),
        ("9999-12-31T23:59", "Enter a date between the years 1900 and 2999."),
        ("0001-01-01T00:00", "Enter a date between the years 1900 and 2999."),
        ("2035-01-07T10:00", "Pick a time within a year of today"),
        ("2030-02-30T10:00", "Enter a date and time, e.g. 2026-12-02 at 10:30"),
        ("x" * 5000, "Enter a date and time, e.g. 2026-12-02 at 10:30"),
        ("", "This field is required."),
    ],
)
def test_why_not_offered_explains_a_time_it_cannot_read(
    clock, admin_client, value, message
):
    response = admin_client.get(URL, {"why": value})

    assert response.status_code == 200
    assert message in response.text


def test_time_off_in_a_year_no_database_can_store_is_explained(clock, admin_client):
    data = _post_data(
        [(1, "09:00", "12:00")],
        time_off=[("2030-01-08T09:00", "9999-12-31T23:59", "Forever")],
    )

    response = admin_client.post(URL, data)

    assert response.status_code == 200
    assert "Enter a date between the years 1900 and 2999." in response.text
    assert not TimeOff.objects.exists()


def test_an_empty_hours_row_asks_her_to_pick_a_day(clock, admin_client):
    WeeklyWindowFactory(weekday=1, starts_at=time(9), ends_at=time(10))

    html = admin_client.get(URL).text

    assert '<option value="" selected>Pick a day</option>' in html
    assert html.count("- Select an option -") == 0
