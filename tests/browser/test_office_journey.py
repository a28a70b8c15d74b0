"""The coach's working morning in the back office, on a 1280 px screen."""

from datetime import UTC, datetime, time

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bookings.models import Booking, Client, ClientNote, ConsultSettings
from coaching.roles import coach_group
from tests.factories import (
    BookingFactory,
    ClientFactory,
    UserFactory,
    WeeklyWindowFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Wednesday 9 January 2030, noon in Chicago.
NOW = datetime(2030, 1, 9, 18, tzinfo=UTC)
PASSWORD = "a-long-coach-password-42"


@pytest.fixture
def office(settings):
    settings.COACH_TIME_ZONE = "America/Chicago"
    settings.OTP_ADMIN_REQUIRED = True
    with time_machine.travel(NOW, tick=True):
        # Her own account: the Coach group, not a superuser.
        coach = UserFactory(username="coach", is_staff=True, is_superuser=False)
        coach.set_password(PASSWORD)
        coach.save()
        coach.groups.add(coach_group())
        device = TOTPDevice.objects.create(user=coach, name="Phone")
        ConsultSettings.load()
        WeeklyWindowFactory(weekday=0, starts_at=time(9), ends_at=time(12))
        WeeklyWindowFactory(weekday=1, starts_at=time(9), ends_at=time(12))
        anna = ClientFactory(name="Anna Journey", status=Client.Status.CONSULT_BOOKED)
        # Monday 7 January, 09:00 in Chicago: already over, waiting to be marked.
        BookingFactory(client=anna, starts_at=datetime(2030, 1, 7, 15, tzinfo=UTC))
        # Thursday 10 January, 10:00 in Chicago.
        BookingFactory(
            client=ClientFactory(name="Beth Journey"),
            starts_at=datetime(2030, 1, 10, 16, tzinfo=UTC),
        )
        yield {"device": device, "anna": anna}


@pytest.fixture
def desk_page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="America/Chicago"
    )
    page = context.new_page()
    yield page
    context.close()


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_coach_works_through_her_week(live_server, office, desk_page):
    page = desk_page
    page.goto(live_server.url + "/admin/")

    # Sign in: password, then the code from her authenticator app.
    page.fill("#id_username", "coach")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", _code(office["device"]))
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your week").wait_for()

    # This week's consults, in her zone.
    week = page.locator(".office-week")
    assert "Anna Journey" in week.inner_text()
    assert "Beth Journey" in week.inner_text()
    assert "9:00 a.m." in week.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    # A note and a follow-up on Anna's record.
    week.get_by_role("link", name="Anna Journey").click()
    page.fill("#id_notes-0-body", "Asked for <b>recipes</b>.")
    page.fill("#id_follow_up_on", "2030-01-16")
    page.fill("#id_follow_up_reason", "Send the recipe list")
    page.get_by_role("button", name="Save and continue editing").click()
    page.get_by_text("was changed successfully").wait_for()
    assert "Asked for <b>recipes</b>." in page.locator("body").inner_text()
    anna = office["anna"]
    assert ClientNote.objects.get(client=anna).author.username == "coach"
    anna.refresh_from_db()
    assert anna.follow_up_reason == "Send the recipe list"

    # Mark Monday's consult as held.
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Open the call").first.click()
    page.get_by_role("button", name="Held: Anna Journey").click()
    page.get_by_text("marked as held").wait_for()
    assert Booking.objects.get(client=anna).status == Booking.Status.COMPLETED

    # Tuesday afternoons instead of mornings.
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name="Change your hours").click()
    assert page.locator("#id_win-1-weekday").input_value() == "1"
    page.fill("#id_win-1-starts_at", "13:00")
    page.fill("#id_win-1-ends_at", "15:00")
    page.get_by_role("button", name="Save your hours").click()
    page.get_by_text("Your hours are saved.").wait_for()
    assert "1:00 p.m." in page.locator(".office-preview").inner_text()

    # The public booking page offers the new Tuesday times.
    page.goto(live_server.url + "/book/?tz=America/Chicago")
    tuesday = page.locator("details.slot-day").filter(has_text="Tuesday 15 January")
    names = tuesday.locator(".slot-button").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert names
    assert all(" 1:" in name or " 2:" in name for name in names)
