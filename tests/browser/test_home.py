import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_visitor_reaches_about_and_sees_booking_button(
    live_server, phone_page, site_pages
):
    phone_page.goto(live_server.url + "/")

    phone_page.get_by_role("link", name="About", exact=True).click()
    phone_page.wait_for_url("**/about/")

    heading = phone_page.get_by_role("heading", level=1)
    assert heading.inner_text() == site_pages["about"].title
    button = phone_page.get_by_role("link", name="Book a free consult", exact=True)
    assert button.is_visible()
    assert button.get_attribute("href") == "/book/"
    assert button.bounding_box()["height"] >= 44
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
