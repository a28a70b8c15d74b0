"""Her calendars on *Your hours* and her home: add, choose, remove, explain."""

import re

import pytest
from django.urls import reverse

from calendars import services
from calendars.models import CalendarSource
from tests.calendars.events import chicago
from tests.factories import BookingFactory, TimeOffFactory

pytestmark = pytest.mark.django_db

HOURS = reverse("admin:bookings_availability")


def test_hours_page_lists_no_calendars_at_first(admin_client):
    html = admin_client.get(HOURS).content.decode()

    assert "Your calendars" in html
    assert "No calendars added yet." in html


def test_hours_page_adds_a_calendar_and_never_shows_its_secret(
    admin_client, mondays, feed_server
):
    url = feed_server.serve_file(
        "/calendar/ical/secret-9f8e7d6c5b/basic.ics", "google.ics"
    )

    response = admin_client.post(
        reverse("admin:bookings_calendar_add"),
        {"cal-address": url, "cal-name": "Personal"},
    )

    assert response.status_code == 302
    html = admin_client.get(HOURS).content.decode()
    assert "“Personal” is added." in html
    assert "secret-9f8e7d6c5b" not in html
    assert CalendarSource.objects.get().name == "Personal"
    # When it was read, as a sentence with one full stop after "a.m."/"p.m.".
    assert re.search(r"Last read \w{3} \d+ \w{3} \d{4}, [\d:]+ [ap]\.m\.</p>", html)


def test_hours_page_explains_a_refused_address_without_a_500(admin_client, feed_server):
    for address in ("http://10.0.0.1/x.ics", "not an address", "https://"):
        response = admin_client.post(
            reverse("admin:bookings_calendar_add"),
            {"cal-address": address},
            follow=True,
        )

        assert response.status_code == 200
        assert "The calendar was not added." in response.content.decode()
    assert not CalendarSource.objects.exists()


def test_caldav_account_needs_its_password(admin_client):
    response = admin_client.post(
        reverse("admin:bookings_calendar_add"),
        {"cal-address": "https://caldav.example.org/", "cal-username": "me"},
        follow=True,
    )

    assert "needs its app password" in response.content.decode()


def test_failing_calendar_is_shown_on_home_and_hours(
    admin_client, mondays, feed_server
):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    source = services.add_calendar(address=url, name="Personal")
    del feed_server.feeds["/google/basic.ics"]
    services.sync_calendar_source(source_id=source.pk)

    home = admin_client.get(reverse("admin:index")).content.decode()
    hours = admin_client.get(HOURS).content.decode()

    reason = "no longer knows this address (404)"
    assert reason in home and "“Personal” cannot be read" in home
    assert reason in hours and "still block" in hours


def test_choices_and_removal(admin_client, mondays, feed_server):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    source = services.add_calendar(address=url, name="Personal")
    calendar = source.calendars.get()

    admin_client.post(
        reverse("admin:bookings_calendar_update", args=[calendar.pk]),
        {"has_blocking_all_day": "on"},
    )
    calendar.refresh_from_db()
    assert not calendar.is_counted

    response = admin_client.post(
        reverse("admin:bookings_calendar_update", args=[calendar.pk]),
        {"is_counted": "on", "is_write_target": "on"},
        follow=True,
    )
    assert "only be written to a CalDAV calendar" in response.content.decode()

    admin_client.post(reverse("admin:bookings_calendar_remove", args=[source.pk]))
    assert not CalendarSource.objects.exists()
    missing = admin_client.post(reverse("admin:bookings_calendar_remove", args=[99]))
    assert missing.status_code == 404


def test_why_not_offered_names_each_reason(admin_client, mondays, feed_server):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    services.add_calendar(address=url, name="Personal")
    BookingFactory(starts_at=chicago(2030, 1, 7, 11))
    TimeOffFactory(
        starts_at=chicago(2030, 1, 14, 9), ends_at=chicago(2030, 1, 14, 10), note="Trip"
    )

    def why(value):
        page = admin_client.get(HOURS, {"why": value})
        assert page.status_code == 200
        return page.content.decode()

    assert "Busy in Personal: Dentist." in why("2030-01-07T10:00")
    booked = why("2030-01-07T11:00")
    assert "A booked call at 11:00 a.m." in booked and "a.m.." not in booked
    assert "Time off: Trip." in why("2030-01-14T09:00")
    assert "Outside your hours" in why("2030-01-08T10:00")
    assert "is offered on the booking page" in why("2030-01-07T09:00")
    assert "Enter a date and time, e.g. 2026-12-02 at 10:30" in why("yesterday")
    assert "Pick a time within a year of today" in why("2035-01-07T10:00")


def test_why_not_offered_names_notice_buffer_and_daily_cap(admin_client, mondays):
    mondays.min_notice_hours = 24
    mondays.buffer_after_minutes = 60
    mondays.max_per_day = 1
    mondays.save()
    BookingFactory(
        starts_at=chicago(2030, 1, 14, 9), ends_at=chicago(2030, 1, 14, 9, 30)
    )

    soon = admin_client.get(HOURS, {"why": "2030-01-01T09:00"}).content.decode()
    after = admin_client.get(HOURS, {"why": "2030-01-14T10:00"}).content.decode()

    assert "Minimum notice" in soon
    assert "Buffer: too close to the call at 9:00 a.m." in after
    assert "a.m.." not in after
    assert "Daily cap: 1 booked that day, at most 1." in after


@pytest.mark.parametrize(
    "address",
    [
        "https://169.254.169.254/latest/meta-data/",
        "webcal://localhost/x.ics",
        "https://127.0.0.1/x.ics",
        "https://[::1]/x.ics",
        "https://0x7f000001/x.ics",
        "https://2130706433/x.ics",
        "ftp://example.org/x.ics",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://exa mple.org/x.ics",
        "https://" + "a" * 300 + ".example/x.ics",
        "https://example.org:99999/x.ics",
        "https://user:pass@[fd00::1]/",
        "\x00https://example.org/",
    ],
)
def test_hours_page_refuses_addresses_it_must_never_call(
    admin_client, settings, address
):
    """Outside development, loopback and private addresses are refused like any
    malformed one: one message, nothing stored, never a 500."""
    settings.CALENDAR_ALLOW_LOOPBACK = False

    response = admin_client.post(
        reverse("admin:bookings_calendar_add"),
        {"cal-address": address, "cal-name": "Probe"},
        follow=True,
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The calendar was not added." in html
    assert 'value="Probe"' in html  # what she typed is still there
    assert not CalendarSource.objects.exists()


def test_a_calendar_not_added_keeps_what_she_typed_but_the_password(
    admin_client, feed_server
):
    response = admin_client.post(
        reverse("admin:bookings_calendar_add"),
        {
            "cal-address": "https://10.0.0.1/dav/",
            "cal-name": "Work",
            "cal-username": "me@example.org",
            "cal-password": "app-pass-1234",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The calendar was not added." in html
    assert 'value="https://10.0.0.1/dav/"' in html and 'value="Work"' in html
    assert 'value="me@example.org"' in html
    assert "app-pass-1234" not in html
    assert "Your hours for consult calls" in html  # her hours are still shown
