"""Secret iCal addresses read from a local server in Google, Outlook and iCloud
shapes: busy rules, zones, conditional requests and every way a fetch fails."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from bookings.times_cache import calendar_version
from calendars import emails, reading, services
from calendars.models import BusyInterval, CalendarSource
from coaching.zones import her_time_words
from outbox.models import Message
from tests.calendars.events import NOW, offered

pytestmark = pytest.mark.django_db


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def add(url, **kwargs) -> CalendarSource:
    return services.add_calendar(address=url, **kwargs)


def sync(source, **kwargs):
    return services.sync_calendar_source(source_id=source.pk, now=NOW, **kwargs)


def starts(source, title) -> list[datetime]:
    return list(
        BusyInterval.objects.filter(calendar__source=source, title=title).values_list(
            "starts_at", flat=True
        )
    )


def test_google_feed_reads_times_in_its_x_wr_timezone(mondays, feed_server):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")

    source = add(url, name="Personal")

    # A weekly event stored in UTC keeps its New York wall time across the
    # change to summer time on 10 March: 9:00 EST, then 9:00 EDT.
    assert starts(source, "Standing call") == [
        utc(2030, 3, 4, 14),
        utc(2030, 3, 11, 13),
        utc(2030, 3, 18, 13),
    ]
    # The all-day event covers the whole day in the feed's zone.
    recital = BusyInterval.objects.get(title="Recital")
    assert (recital.starts_at, recital.ends_at) == (
        utc(2030, 1, 14, 5),
        utc(2030, 1, 15, 5),
    )
    assert offered(date(2030, 1, 7)) == ["09:00", "11:00"]  # dentist; walk is free
    assert source.calendars.get().time_zone == "America/New_York"


def test_outlook_feed_reads_windows_zone_names(mondays, feed_server):
    url = feed_server.serve_file("/owa/calendar.ics", "outlook.ics")

    add(url, name="Work")

    assert offered(date(2030, 3, 4)) == ["09:00", "11:00"]  # lunch is free
    assert offered(date(2030, 3, 11)) == ["09:00"]  # 10 CT weekly; 12 ET = 11 CT
    assert offered(date(2030, 3, 25)) == ["09:00", "11:00"]
    assert offered(date(2030, 4, 1)) == ["09:00", "10:00", "11:00"]  # UNTIL


def test_icloud_feed_reads_floating_and_cancelled_events(mondays, feed_server):
    url = feed_server.serve_file("/published/2/family.ics", "icloud.ics")

    add(url.replace("http://", "http://"), name="Family")

    assert offered(date(2030, 1, 7)) == ["09:00", "11:00"]
    assert offered(date(2030, 1, 14)) == ["10:00", "11:00"]  # floating 9:00 here
    assert offered(date(2030, 1, 21)) == ["09:00", "10:00", "11:00"]  # cancelled


def test_unchanged_feed_costs_one_conditional_request_and_no_parsing(
    mondays, feed_server, monkeypatch
):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    source = add(url)
    feed_server.requests.clear()

    def no_parsing(data):
        raise AssertionError("an unchanged calendar was parsed")

    monkeypatch.setattr(reading, "parse", no_parsing)
    report = sync(source)

    assert report.changed == []
    assert report.failure == ""
    assert len(feed_server.requests) == 1
    assert feed_server.requests[0][1]["If-None-Match"].startswith('"')


def test_changed_feed_replaces_busy_times(mondays, feed_server):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    source = add(url)
    feed_server.serve_file("/google/basic.ics", "icloud.ics")

    report = sync(source)

    assert report.changed == [str(source.calendars.get())]
    assert not BusyInterval.objects.filter(title="Dentist").exists()
    assert BusyInterval.objects.filter(title="School play").exists()


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ({"status": 404}, "no longer knows this address (404)"),
        ({"body": b"<html>Sign in</html>"}, "did not give a calendar"),
        ({"delay": 2, "body": b""}, "took too long"),
        ({"huge": 50 * 1024 * 1024}, "larger than 10 MB"),
        ({"redirect": "https://10.1.2.3/calendar.ics"}, "private network"),
        ({"redirect": "http://example.org/calendar.ics"}, "Only https://"),
    ],
    ids=["404", "garbage", "timeout", "50MB", "redirect-private", "redirect-http"],
)
def test_failing_feed_is_marked_and_keeps_its_busy_times(
    mondays, feed_server, route, reason
):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    source = add(url)
    feed_server.feeds["/google/basic.ics"] = route if "status" not in route else {}

    report = sync(source, timeout=0.5)

    source.refresh_from_db()
    assert reason in report.failure
    assert source.failure_reason == report.failure
    assert source.failing_since is not None
    assert offered(date(2030, 1, 7)) == ["09:00", "11:00"]  # dentist still blocks


def test_a_server_that_is_down_is_said_in_her_words(mondays, feed_server):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    source = add(url)
    feed_server.shutdown()
    feed_server.server_close()  # nothing listens on the port any more

    report = sync(source, timeout=0.5)

    assert report.failure == (
        "The calendar's server refused the connection: it may be down for now."
    )
    assert "Error" not in report.failure


def test_feed_failing_for_a_day_sends_one_email(mondays, feed_server, clock):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    source = add(url)
    del feed_server.feeds["/google/basic.ics"]
    sync(source)
    assert not Message.objects.filter(kind="calendar.failing").exists()

    for hours in (25, 26):
        services.sync_calendar_source(
            source_id=source.pk, now=NOW + timedelta(hours=hours)
        )

    assert Message.objects.filter(kind="calendar.failing").count() == 1
    source.refresh_from_db()
    assert source.failure_emailed_at is not None
    email = emails.build(Message.objects.get(kind="calendar.failing"))
    since = her_time_words(source.failing_since)  # "Mon 4 Jan 2027, 6:00 a.m. …"
    assert f"since {since}:" in email.body
    assert since.endswith(" time") and (" a.m." in since or " p.m." in since)


def test_feed_working_again_clears_the_failure(mondays, feed_server):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    source = add(url)
    body = feed_server.feeds.pop("/google/basic.ics")
    sync(source)
    feed_server.feeds["/google/basic.ics"] = body

    sync(source)

    source.refresh_from_db()
    assert not source.is_failing
    assert source.failure_reason == ""


def test_add_calendar_refuses_loopback_in_production(db, feed_server, settings):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    settings.CALENDAR_ALLOW_LOOPBACK = False

    with pytest.raises(ValidationError, match="Only https"):
        add(url)
    with pytest.raises(ValidationError, match="private network"):
        add(url.replace("http://", "https://"))
    with pytest.raises(ValidationError, match="private network"):
        add(url.replace("http://", "webcal://"))
    assert not CalendarSource.objects.exists()


def test_add_calendar_refuses_an_address_that_is_not_a_calendar(db, feed_server):
    feed_server.feeds["/page"] = {"body": b"<html>Hello</html>"}

    with pytest.raises(ValidationError, match="did not give a calendar"):
        add(feed_server.url("/page"))
    assert not CalendarSource.objects.exists()


def test_secret_address_is_stored_encrypted_and_shown_masked(db, feed_server):
    url = feed_server.serve_file("/private-a1b2c3d4e5/basic.ics", "google.ics")

    source = add(url)

    assert "a1b2c3d4e5" not in source.address_secret
    assert "a1b2c3d4e5" not in source.address_hint
    assert source.address == url


def test_changed_feed_drops_the_kept_free_times_and_unchanged_keeps_them(
    mondays, feed_server, django_capture_on_commit_callbacks
):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    source = add(url)
    before = calendar_version()

    sync(source)
    unchanged = calendar_version()
    feed_server.serve_file("/google/basic.ics", "icloud.ics")
    sync(source)

    assert unchanged == before
    assert calendar_version() != before
