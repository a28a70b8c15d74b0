"""axe-core finds nothing on any public page, booking step or named admin page."""

from datetime import time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from bookings import services, tokens
from bookings.forms import format_slot
from tests.browser.axe import axe_source, axe_violations
from tests.factories import (
    BookingFactory,
    PostFactory,
    SeriesFactory,
    UserFactory,
    WeeklyWindowFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "a-long-test-password"


@pytest.fixture
def site(settings, site_pages):
    """Posts in a series with tags, the coach's hours and one upcoming booking."""
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "1000/h"
    series = SeriesFactory(title="MSMonday", slug="msmonday")
    author = UserFactory(display_name="Jo Coach")
    now = timezone.now()
    for days, slug in ((9, "gut-bacteria"), (2, "aip-basics"), (1, "sleep")):
        PostFactory(
            title=f"MSMonday: {slug.replace('-', ' ')}",
            slug=slug,
            series=series,
            author=author,
            publish_at=now - timedelta(days=days),
            tags=["gut health"],
        )
    for weekday in range(7):
        WeeklyWindowFactory(weekday=weekday, starts_at=time(9), ends_at=time(17))
    slot = services.free_slots(now + timedelta(days=3), now + timedelta(days=9))[0]
    booking = BookingFactory(starts_at=slot, ends_at=slot + timedelta(minutes=30))
    token = tokens.manage_token(booking)
    later = services.free_slots(now + timedelta(days=3), now + timedelta(days=9))
    moved = BookingFactory(starts_at=later[2], ends_at=later[2] + timedelta(minutes=30))
    moved_token = tokens.manage_token(moved)
    services.reschedule_booking(booking_id=moved.pk, starts_at=later[-1])
    free = services.free_slots(now + timedelta(days=3), now + timedelta(days=9))
    return {
        "booking": booking,
        "token": token,
        "move_to": format_slot(free[-2]),
        "moved_token": moved_token,
    }


def _public_paths(site: dict) -> list[str]:
    token = site["token"]
    return [
        "/",
        "/about/",
        "/privacy/",
        "/disclaimer/",
        "/blog/",
        "/blog/?q=gut",
        "/blog/aip-basics/",
        "/blog/series/msmonday/",
        "/blog/tag/gut-health/",
        "/no-such-page/",
        "/book/",
        f"/book/confirmed/{token}/",
        f"/book/manage/{token}/",
        f"/book/manage/{token}/cancel/",
        f"/book/manage/{token}/reschedule/",
        f"/book/manage/{token}/reschedule/{site['move_to']}/",
        f"/book/manage/{site['moved_token']}/",
        "/book/cancelled/",
        "/book/manage/not-a-token/",
    ]


# Text under 18 px and standalone links under 44 px, listed by the page itself.
SIZE_PROBLEMS = (Path(__file__).parent / "size_problems.js").read_text()


def _check(page, source, found, *, enhanced_contrast=True):
    violations = axe_violations(page, source, enhanced_contrast=enhanced_contrast)
    if enhanced_contrast:  # public pages
        violations += page.evaluate(SIZE_PROBLEMS)
    if violations:
        found[page.url] = violations


@pytest.mark.parametrize("width", [390, 1280])
def test_public_pages_and_booking_steps_pass_axe(live_server, browser, site, width):
    source = axe_source()
    context = browser.new_context(
        viewport={"width": width, "height": 844}, timezone_id="Australia/Sydney"
    )
    page = context.new_page()
    found = {}

    for path in _public_paths(site):
        page.goto(live_server.url + path)
        _check(page, source, found)
    page.goto(live_server.url + "/book/")
    page.locator(".slot-button").first.click()
    page.wait_for_url("**/book/*Z/")
    _check(page, source, found)
    page.get_by_role("button", name="Book my call").click()
    page.locator(".form-summary").wait_for()
    _check(page, source, found)
    context.close()

    assert found == {}, _report(found)


@pytest.mark.parametrize("width", [320, 640])
def test_public_pages_never_scroll_sideways(live_server, browser, site, width):
    """WCAG reflow: 320 px wide, and 1280 px at 200% zoom (640 CSS px)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = {}

    for path in _public_paths(site):
        page.goto(live_server.url + path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide[path] = scroll_width
    context.close()

    assert wide == {}


def test_admin_pages_pass_axe(live_server, browser, site):
    source = axe_source()
    coach = UserFactory(username="coach", is_staff=True, is_superuser=True)
    coach.set_password(ADMIN_PASSWORD)
    coach.save()
    device = TOTPDevice.objects.create(user=coach, name="Phone")
    booking = site["booking"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}

    page.goto(live_server.url + "/admin/login/")
    _check(page, source, found, enhanced_contrast=False)
    page.get_by_label("Username").fill("coach")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.fill("#id_otp_token", f"{totp.token():0{device.digits}d}")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    for path in (
        "/admin/",
        f"/admin/bookings/client/{booking.client.pk}/change/",
        f"/admin/bookings/booking/{booking.pk}/change/",
    ):
        page.goto(live_server.url + path)
        _check(page, source, found, enhanced_contrast=False)
    context.close()

    assert found == {}, _report(found)


def _report(found: dict) -> str:
    return "\n".join(f"{url}\n  " + "\n  ".join(lines) for url, lines in found.items())
