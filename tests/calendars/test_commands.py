"""`add_calendar` and `sync_calendars`: the hours page's checks, from a shell."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from calendars.models import CalendarSource

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_add_calendar_adds_an_ical_address_and_says_what_it_kept(mondays, feed_server):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")

    output = run("add_calendar", url, "--name", "Personal")

    assert "Added Personal:" in output
    assert "busy intervals kept" in output
    assert CalendarSource.objects.get().kind == CalendarSource.Kind.ICAL


def test_add_calendar_refuses_what_the_hours_page_refuses(db, feed_server, settings):
    settings.CALENDAR_ALLOW_LOOPBACK = False

    with pytest.raises(CommandError, match="Only https"):
        run("add_calendar", feed_server.url("/google/basic.ics"))
    with pytest.raises(CommandError, match="empty or unset"):
        run("add_calendar", "https://caldav.example.org/", "--user", "me",
            "--password-env", "NO_SUCH_VARIABLE_SET")  # fmt: skip
    assert not CalendarSource.objects.exists()


@pytest.mark.caldav
def test_add_calendar_adds_a_caldav_account_for_writing(
    mondays, caldav_account, monkeypatch
):
    monkeypatch.setenv("TEST_CALDAV_PASSWORD", caldav_account.password)

    output = run(
        "add_calendar",
        caldav_account.url,
        "--user",
        caldav_account.username,
        "--password-env",
        "TEST_CALDAV_PASSWORD",
        "--write",
    )

    assert "calls are written here" in output
    assert CalendarSource.objects.get().calendars.count() == 2


def test_sync_calendars_prints_each_calendar_and_its_failure(mondays, feed_server):
    url = feed_server.serve_file("/google/basic.ics", "google.ics")
    run("add_calendar", url, "--name", "Personal")
    del feed_server.feeds["/google/basic.ics"]

    output = run("sync_calendars")

    assert "Personal: " in output and "busy intervals kept" in output
    assert "failing: The calendar's server no longer knows this address (404)." in (
        output
    )
