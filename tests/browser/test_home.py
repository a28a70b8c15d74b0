import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_visitor_reaches_about_and_sees_booking_button(live_server, phone_page):
    phone_page.goto(live_server.url + "/")

    phone_page.get_by_role("link", name="About", exact=True).click()
    phone_page.wait_for_url("**/about/")

    assert phone_page.get_by_role("heading", level=1).is_visible()
    button = phone_page.get_by_role("link", name="Book a free consult", exact=True)
    assert button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= 44
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
