"""Fixtures for the newsletter: fast forms, private rate counts, queued emails."""

from uuid import uuid4

import pytest

from newsletter.models import CONSENT_WORDING


@pytest.fixture(autouse=True)
def newsletter_settings(settings):
    """Fast forms, a generous rate limit and rate counts private to each test."""
    settings.NEWSLETTER_MIN_FILL_SECONDS = 0
    settings.NEWSLETTER_RATE_LIMIT = "1000/h"
    settings.RATELIMIT_CACHE_PREFIX = f"rl-test-{uuid4().hex}:"
    settings.NEWSLETTER_POSTAL_ADDRESS = "Thrive with MS, 1 Main St, Springfield"
    return settings


@pytest.fixture
def queued():
    """The outbox rows of one kind, oldest first."""
    from outbox.models import Message

    def rows(kind):
        return list(Message.objects.filter(kind=kind).order_by("pk"))

    return rows


@pytest.fixture
def sign_up():
    """Ask to subscribe an address the way the forms do."""
    from newsletter import services

    def run(email="ann@example.com", **kwargs):
        kwargs.setdefault("source", "page")
        kwargs.setdefault("wording", CONSENT_WORDING)
        return services.request_subscription(email=email, **kwargs)

    return run
