import pytest

from newsletter.models import Subscriber
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_reader_subscribes_at_the_end_of_a_post(
    live_server, phone_page, settings
):
    settings.NEWSLETTER_MIN_FILL_SECONDS = 0
    post = PostFactory(title="Meet your gut bacteria", slug="gut-bacteria")
    page = phone_page

    page.goto(live_server.url + post.get_absolute_url())
    form = page.locator(".newsletter-signup")
    form.scroll_into_view_if_needed()
    page.screenshot(path="var/newsletter-post-form.png", full_page=False)
    trap_box = form.locator("input[name=website]").bounding_box()
    form.get_by_label("Your email").fill("ann@example.com")
    form.get_by_label("First name (optional)").fill("Ann")
    button_box = form.get_by_role("button", name="Subscribe").bounding_box()
    form.get_by_role("button", name="Subscribe").click()
    page.wait_for_url("**/newsletter/check-your-email/")

    assert page.get_by_role("heading", name="Please check your email").is_visible()
    assert button_box["height"] >= 48
    assert trap_box is None or trap_box["x"] < 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.source) == ("pending", "post")
