from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import demo
from bookings.models import Booking, Client, ConsultSettings, TimeOff, WeeklyWindow
from bookings.services import free_slots
from tests.factories import BookingFactory, TimeOffFactory, WeeklyWindowFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "admin:bookings_weeklywindow_changelist",
        "admin:bookings_weeklywindow_add",
        "admin:bookings_timeoff_changelist",
        "admin:bookings_timeoff_add",
        "admin:bookings_client_changelist",
        "admin:bookings_booking_changelist",
    ],
)
def test_admin_pages_load(admin_client, name):
    WeeklyWindowFactory()
    TimeOffFactory()
    BookingFactory()

    response = admin_client.get(reverse(name))

    assert response.status_code == 200


def test_admin_change_pages_load(admin_client):
    booking = BookingFactory()
    window = WeeklyWindowFactory()

    for url in [
        reverse("admin:bookings_client_change", args=[booking.client.pk]),
        reverse("admin:bookings_booking_change", args=[booking.pk]),
        reverse("admin:bookings_weeklywindow_change", args=[window.pk]),
    ]:
        assert admin_client.get(url).status_code == 200


def test_admin_booking_list_filters_upcoming(admin_client):
    BookingFactory(starts_at=timezone.now() + timedelta(days=2))
    BookingFactory(starts_at=timezone.now() - timedelta(days=2))
    url = reverse("admin:bookings_booking_changelist")

    response = admin_client.get(url, {"when": "upcoming"})

    assert response.context["cl"].result_count == 1


def test_admin_settings_lead_to_the_one_page_that_changes_them(admin_client):
    """Settings, hours and time off are changed on one page, saved together."""
    ConsultSettings.load()
    availability = reverse("admin:bookings_availability")

    for url in (
        reverse("admin:bookings_consultsettings_changelist"),
        reverse("admin:bookings_consultsettings_change", args=[1]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 302
        assert response["Location"] == availability
    page = admin_client.get(availability)
    assert page.status_code == 200
    assert 'name="cfg-reminder_hours"' in page.content.decode()


def test_admin_settings_cannot_be_added_twice_or_deleted(admin_client):
    ConsultSettings.load()

    add = admin_client.get(reverse("admin:bookings_consultsettings_add"))
    delete = admin_client.get(
        reverse("admin:bookings_consultsettings_delete", args=[1])
    )

    assert add.status_code == 403
    assert delete.status_code == 403


def test_admin_weekly_hours_say_which_time_zone(admin_client):
    response = admin_client.get(reverse("admin:bookings_weeklywindow_changelist"))

    assert response.text.count("Times are Chicago time (America/Chicago)") == 1
    assert "Times are in your time zone" not in response.text


def test_admin_time_off_is_entered_in_the_coach_zone(admin_client):
    response = admin_client.post(
        reverse("admin:bookings_timeoff_add"),
        {
            "starts_at_0": "2030-07-01",
            "starts_at_1": "09:00",
            "ends_at_0": "2030-07-01",
            "ends_at_1": "17:00",
            "note": "Dentist",
        },
    )

    assert response.status_code == 302
    time_off = TimeOff.objects.get()
    # 09:00 in Chicago in July (CDT) is 14:00 UTC.
    assert time_off.starts_at == datetime(2030, 7, 1, 14, tzinfo=UTC)


def test_admin_weekly_window_refuses_end_before_start(admin_client):
    response = admin_client.post(
        reverse("admin:bookings_weeklywindow_add"),
        {"weekday": 0, "starts_at": "12:00", "ends_at": "09:00"},
    )

    assert response.status_code == 200
    assert "The end must be after the start." in response.text
    assert not WeeklyWindow.objects.exists()


def _run_action(admin_client, action, booking):
    return admin_client.post(
        reverse("admin:bookings_booking_changelist"),
        {"action": action, "_selected_action": [booking.pk]},
        follow=True,
    )


def test_admin_mark_held_action_uses_the_service(admin_client):
    booking = BookingFactory(starts_at=timezone.now() - timedelta(hours=3))
    Client.objects.filter(pk=booking.client_id).update(
        status=Client.Status.CONSULT_BOOKED
    )

    response = _run_action(admin_client, "mark_held", booking)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    assert booking.client.status == Client.Status.CONSULT_HELD
    assert "1 call marked as held." in response.text


def test_admin_mark_no_show_action(admin_client):
    booking = BookingFactory(starts_at=timezone.now() - timedelta(hours=3))

    _run_action(admin_client, "mark_no_show", booking)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW


def test_admin_cancel_action_cancels_even_close_to_the_call(admin_client):
    booking = BookingFactory(starts_at=timezone.now() + timedelta(hours=1))
    key = booking.manage_key

    _run_action(admin_client, "cancel", booking)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.manage_key != key


def test_admin_action_explains_what_it_refused(admin_client):
    booking = BookingFactory(starts_at=timezone.now() + timedelta(days=3))

    response = _run_action(admin_client, "mark_held", booking)

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert "This call has not started yet." in response.text


def test_admin_client_page_shows_history_and_keeps_notes(admin_client):
    booking = BookingFactory(help_with="Sleep and fatigue.")
    url = reverse("admin:bookings_client_change", args=[booking.client.pk])

    page = admin_client.get(url)

    assert "Sleep and fatigue." in page.text


def test_demo_load_is_idempotent():
    demo.load(coach=None)
    demo.load(coach=None)

    assert WeeklyWindow.objects.count() == 9
    assert ConsultSettings.objects.count() == 1
    assert ConsultSettings.load().call_details.startswith("Demo:")


def test_demo_availability_offers_times():
    demo.load(coach=None)
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)

    assert free_slots(now, now + timedelta(days=14), now=now)


def test_admin_booking_list_shows_times_in_the_coach_zone(admin_client):
    # 15:00 UTC on 7 January is 09:00 in Chicago (CST).
    BookingFactory(starts_at=datetime(2030, 1, 7, 15, tzinfo=UTC))

    response = admin_client.get(reverse("admin:bookings_booking_changelist"))

    assert "Mon 7 Jan 2030, 9:00 a.m." in response.text
    assert "Mon 07 Jan" not in response.text
    assert "(CST)" not in response.text


def test_admin_client_list_shows_the_next_consult_the_site_way(admin_client, settings):
    settings.COACH_TIME_ZONE = "America/Chicago"
    # 13:00 UTC on Wednesday 2 January 2030 is 7:00 a.m. in Chicago (CST).
    BookingFactory(starts_at=datetime(2030, 1, 2, 13, tzinfo=UTC))
    admin_client.cookies["tz"] = "Asia/Kolkata"

    html = admin_client.get(reverse("admin:bookings_client_changelist")).text

    assert "Wed 2 Jan 2030, 7:00 a.m." in html
    assert "Wed 02 Jan" not in html


@pytest.mark.parametrize(
    "page",
    [
        "admin:bookings_booking_changelist",
        "admin:bookings_booking_change",
        "admin:bookings_client_change",
        "admin:bookings_timeoff_changelist",
        "admin:outbox_message_changelist",
    ],
)
def test_call_and_client_pages_name_her_zone_once(admin_client, settings, page):
    settings.COACH_TIME_ZONE = "America/Chicago"
    booking = BookingFactory(starts_at=datetime(2030, 1, 2, 13, tzinfo=UTC))
    pk = booking.client_id if "client" in page else booking.pk
    url = reverse(page, args=[pk]) if page.endswith("_change") else reverse(page)

    html = admin_client.get(url).text

    assert html.count("Times are Chicago time (America/Chicago)") == 1
    assert "Times are in your time zone" not in html
    assert "(CST)" not in html
