"""The coach's own account in Chromium: her menu, Your week, her client record.

axe-core finds nothing on the client record (with its timeline) at 1280 px.
Set OFFICE_SCREENSHOTS=/some/dir to keep screenshots of what was checked.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bookings import emails
from bookings.models import Client, ClientNote
from bookings.services import change_client_status
from coaching.roles import coach_group
from outbox.models import Message
from tests.browser.axe import axe_source, axe_violations
from tests.factories import BookingFactory, ClientFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-coach-password"
SHOTS = os.environ.get("OFFICE_SCREENSHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture
def her_client():
    """A client with a note, a status change, a held call and a failed email."""
    now = timezone.now()
    client = ClientFactory(name="Anna Lee", email="anna@exmaple.com")
    booking = BookingFactory(
        client=client,
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=2, minutes=30),
        help_with="Energy in the afternoons.",
    )
    change_client_status(client=client, to_status=Client.Status.CONSULT_BOOKED)
    ClientNote.objects.create(client=client, body="Prefers mornings.")
    Message.objects.create(
        kind="booking.confirmation",
        key=emails.message_key(booking.pk, "confirmation"),
        to_email=client.email,
        context={"booking_id": booking.pk},
        status=Message.Status.FAILED,
        attempts=1,
        last_error="recipient refused (550)",
    )
    return client


def _sign_in(page, live_server):
    coach = UserFactory(username="coach", is_staff=True, is_superuser=False)
    coach.set_password(PASSWORD)
    coach.save()
    coach.groups.add(coach_group())
    device = TOTPDevice.objects.create(user=coach, name="Phone")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("coach")
    page.get_by_label("Password").fill(PASSWORD)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.fill("#id_otp_token", f"{totp.token():0{device.digits}d}")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_coach_client_record_passes_axe_and_marks_a_call_held(
    live_server, browser, her_client
):
    source = axe_source()
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="Europe/London"
    )
    page = context.new_page()
    _sign_in(page, live_server)
    _shot(page, "home-1280")

    page.get_by_role("button", name="Held: Anna Lee").click()
    page.wait_for_url("**/admin/")
    page.get_by_text("marked as held").wait_for()
    page.goto(f"{live_server.url}/admin/bookings/client/{her_client.pk}/change/")
    sidebar = page.locator("#nav-sidebar").inner_text()
    violations = axe_violations(page, source, enhanced_contrast=False)
    history = page.locator(".office-history").inner_text()
    _shot(page, "client-1280")
    context.close()

    assert violations == []
    her_client.refresh_from_db()
    assert her_client.status == Client.Status.CONSULT_HELD
    assert "Your week" in sidebar and "Where clients come from" in sidebar
    assert "Accessattempt" not in sidebar and "Users" not in sidebar
    assert history.index("Status: Consult booked → Consult held") < history.index(
        "Status: Lead → Consult booked"
    )
    assert "Email: Confirmation of her call" in history
