"""Scheduling from a browser whose zone is not hers: times stay where she put them.

The coach lives in Chicago; her laptop says London or Kolkata and has no `tz`
cookie. A post scheduled for 07:00 her time three days ahead stays 07:00 after
two saves and a reload, is not live before and is live after; "Publish now" is
live at once; a stretch of time off keeps its hours the same way.
"""

import os
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Post
from bookings.models import ConsultSettings, TimeOff
from tests.browser.axe import axe_source, axe_violations
from tests.factories import PostFactory, SeriesFactory, SubscriberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Wednesday 9 January 2030, noon in Chicago (18:00 UTC, 23:30 in Kolkata).
NOW = datetime(2030, 1, 9, 18, tzinfo=UTC)
# Saturday 12 January 2030, 07:00 in Chicago.
SEVEN_HER_TIME = datetime(2030, 1, 12, 13, tzinfo=UTC)
PASSWORD = "a-long-coach-password-42"
SHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.fixture
def desk(settings):
    settings.COACH_TIME_ZONE = "America/Chicago"
    settings.OTP_ADMIN_REQUIRED = True
    settings.NEWSLETTER_SERIES_SLUGS = ["msmonday"]
    with time_machine.travel(NOW, tick=True):
        coach = UserFactory(username="coach", is_staff=True, is_superuser=True)
        coach.set_password(PASSWORD)
        coach.save()
        device = TOTPDevice.objects.create(user=coach, name="Phone")
        ConsultSettings.load()
        SubscriberFactory.create_batch(3)
        yield {"coach": coach, "device": device}


def _signed_in(browser, live_server, desk, zone):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id=zone
    )
    page = context.new_page()
    page.goto(live_server.url + "/admin/")
    device = desk["device"]
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.fill("#id_username", "coach")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", f"{totp.token():0{device.digits}d}")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Your week").wait_for()
    assert not [c for c in context.cookies() if c["name"] == "tz"]
    return context, page


def _shot(page, name):
    """Screenshots to look at, when SCREENSHOT_DIR is set: 1280 px, then 390 px."""
    if not SHOTS:
        return
    page.screenshot(path=f"{SHOTS}/{name}.png")
    if page.locator("dialog[open]").count() == 0:
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{SHOTS}/{name}-390.png")
        page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Kolkata"])
def test_a_scheduled_post_stays_at_seven_her_time(browser, live_server, desk, zone):
    msmonday = SeriesFactory(title="MSMonday", slug="msmonday")
    post = PostFactory(
        title="Sleep and fatigue",
        slug="sleep",
        status=Post.Status.DRAFT,
        publish_at=None,
        series=msmonday,
        author=desk["coach"],
    )
    context, page = _signed_in(browser, live_server, desk, zone)
    change = f"{live_server.url}/admin/articles/post/{post.pk}/change/"
    page.goto(change)
    assert "Times are Chicago time (America/Chicago)" in page.inner_text("#header")

    page.fill("#id_publish_on", "2030-01-12")
    page.fill("#id_publish_time", "07:00")
    page.get_by_role("button", name="Schedule…").click()
    dialog = page.locator("#publish-dialog")
    dialog.wait_for()
    line = dialog.inner_text().replace("\xa0", " ")
    assert "Goes live Sat 12 Jan 2030, 7:00 a.m. Chicago time, in 2 days." in line
    assert "It will be emailed to 3 subscribers." in line
    _shot(page, f"publish-confirm-{zone.replace('/', '-')}")
    dialog.get_by_role("button", name="Yes, schedule it").click()
    page.get_by_text("Goes live Sat 12 Jan 2030, 7:00 a.m.").first.wait_for()

    for _ in range(2):
        page.get_by_role("button", name="Save changes").first.click()
        page.locator(".messagelist").wait_for()
    page.reload()

    assert page.input_value("#id_publish_on") == "2030-01-12"
    assert page.input_value("#id_publish_time") == "07:00"
    post.refresh_from_db()
    assert post.publish_at == SEVEN_HER_TIME
    assert "You are" not in page.inner_text("body")
    _shot(page, f"post-form-{zone.replace('/', '-')}")
    with time_machine.travel(SEVEN_HER_TIME - timedelta(minutes=1), tick=False):
        assert page.goto(live_server.url + "/blog/sleep/").status == 404
    with time_machine.travel(SEVEN_HER_TIME + timedelta(minutes=1), tick=False):
        assert page.goto(live_server.url + "/blog/sleep/").status == 200
    context.close()


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Kolkata"])
def test_publish_now_is_live_at_once(browser, live_server, desk, zone):
    post = PostFactory(
        slug="now", status=Post.Status.DRAFT, publish_at=None, author=desk["coach"]
    )
    context, page = _signed_in(browser, live_server, desk, zone)
    page.goto(f"{live_server.url}/admin/articles/post/{post.pk}/change/")

    page.get_by_role("button", name="Publish now").click()
    page.locator("#publish-dialog").get_by_role(
        "button", name="Yes, publish it now"
    ).click()
    page.get_by_text("Live since Wed 9 Jan 2030").first.wait_for()

    post.refresh_from_db()
    assert post.is_live()
    assert page.goto(live_server.url + "/blog/now/").status == 200
    context.close()


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Kolkata"])
def test_time_off_stays_at_seven_her_time(browser, live_server, desk, zone):
    context, page = _signed_in(browser, live_server, desk, zone)
    page.goto(live_server.url + "/admin/bookings/availability/")

    page.fill("#id_off-0-starts_at_0", "2030-01-12")
    page.fill("#id_off-0-starts_at_1", "07:00")
    page.fill("#id_off-0-ends_at_0", "2030-01-12")
    page.fill("#id_off-0-ends_at_1", "12:00")
    for _ in range(2):
        page.get_by_role("button", name="Save your hours").click()
        page.get_by_text("Your hours are saved.").wait_for()
    page.reload()

    _shot(page, f"hours-{zone.replace('/', '-')}")
    assert page.input_value("#id_off-0-starts_at_0") == "2030-01-12"
    assert page.input_value("#id_off-0-starts_at_1") == "07:00"
    stretch = TimeOff.objects.get()
    assert stretch.starts_at == SEVEN_HER_TIME
    assert stretch.ends_at == SEVEN_HER_TIME + timedelta(hours=5)
    assert stretch.starts_at.date() == date(2030, 1, 12)
    context.close()


def _panel_violations(page, source) -> list[str]:
    """axe on the header's zone line and the publishing panel (dialog open too).

    The rest of the post form (its pictures and series boxes) is the editor's.
    """
    page.evaluate(source)
    result = page.evaluate(
        "() => axe.run({include: [['#header'], ['#publishing']]}, "
        "{resultTypes: ['violations']})"
    )
    return [
        f"{v['id']}: {node['target']}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


def test_publishing_panel_and_hours_page_pass_axe(browser, live_server, desk):
    source = axe_source()
    post = PostFactory(author=desk["coach"], publish_at=NOW + timedelta(days=3))
    context, page = _signed_in(browser, live_server, desk, "Europe/London")
    found = {}

    page.goto(f"{live_server.url}/admin/articles/post/{post.pk}/change/")
    found["panel"] = _panel_violations(page, source)
    page.get_by_role("button", name="Publish now").click()
    page.locator("#publish-dialog").wait_for()
    found["dialog"] = _panel_violations(page, source)
    page.goto(live_server.url + "/admin/bookings/availability/")
    found["hours"] = axe_violations(page, source, enhanced_contrast=False)
    context.close()

    assert found == {"panel": [], "dialog": [], "hours": []}
