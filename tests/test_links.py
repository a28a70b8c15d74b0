"""One helper makes every emailed link absolute, from SITE_URL."""

import pytest

from coaching.links import absolute_url


@pytest.mark.parametrize(
    ("site_url", "url", "expected"),
    [
        ("https://coach.example.org", "/book/", "https://coach.example.org/book/"),
        ("https://coach.example.org/", "/book/", "https://coach.example.org/book/"),
        (
            "https://coach.example.org",
            "https://cdn.example/a.jpg",
            "https://cdn.example/a.jpg",
        ),
        ("https://coach.example.org", "//cdn.example/a.jpg", "//cdn.example/a.jpg"),
    ],
)
def test_absolute_url(settings, site_url, url, expected):
    settings.SITE_URL = site_url

    assert absolute_url(url) == expected


@pytest.mark.django_db
def test_booking_and_newsletter_links_agree(settings):
    from django.urls import reverse

    from bookings.presentation import book_url
    from newsletter.tokens import confirm_url
    from tests.factories import SubscriberFactory

    settings.SITE_URL = "https://coach.example.org/"

    assert book_url() == "https://coach.example.org/book/"
    assert confirm_url(SubscriberFactory()).startswith(
        "https://coach.example.org" + reverse("newsletter:page")
    )
