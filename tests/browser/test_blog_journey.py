from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import PostFactory, SeriesFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_reader_goes_from_blog_to_booking(live_server, phone_page):
    series = SeriesFactory(title="MSMonday", slug="msmonday")
    author = UserFactory(display_name="Jo Coach")
    now = timezone.now()
    PostFactory(
        title="Meet your gut bacteria",
        slug="gut-bacteria",
        series=series,
        author=author,
        publish_at=now - timedelta(days=7),
        tags=["gut health"],
    )
    PostFactory(
        title="AIP basics",
        slug="aip-basics",
        series=series,
        author=author,
        publish_at=now - timedelta(days=1),
        tags=["AIP diet", "gut health"],
    )
    page = phone_page

    page.goto(live_server.url + "/blog/")
    page.get_by_role("link", name="Meet your gut bacteria").first.click()
    page.wait_for_url("**/blog/gut-bacteria/")
    assert page.get_by_text("Part 1 of 2").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="Next in MSMonday").click()
    page.wait_for_url("**/blog/aip-basics/")
    page.get_by_role("link", name="AIP diet", exact=True).click()
    page.wait_for_url("**/blog/tag/aip-diet/")
    page.get_by_role("link", name="AIP basics").click()
    page.wait_for_url("**/blog/aip-basics/")

    button = page.get_by_role("link", name="Book a free consult call")
    box = button.bounding_box()
    button.click()
    page.wait_for_url("**/book/?from=aip-basics")

    assert box["height"] >= 48
    assert page.url.endswith("/book/?from=aip-basics")
