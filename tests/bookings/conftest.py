"""Fixtures for the booking pages: a pinned clock, the coach's hours, form data."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest
import time_machine

from bookings.forms import STORAGE_WORDING
from bookings.models import ConsultSettings
from tests.factories import WeeklyWindowFactory

# Tuesday 1 January 2030, noon UTC; the coach lives in Chicago (UTC-6 in winter).
NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)
# Monday 7 January 2030, 9:00 in Chicago, 15:00 in London.
SLOT = datetime(2030, 1, 7, 15, tzinfo=UTC)
SLOT_PATH = "/book/2030-01-07T15:00Z/"


@pytest.fixture(autouse=True)
def booking_settings(settings):
    """Fast forms, a generous rate limit and rate counts private to each test."""
    settings.BOOKING_MIN_FILL_SECONDS = 0
    settings.BOOKING_RATE_LIMIT = "1000/h"
    settings.RATELIMIT_CACHE_PREFIX = f"rl-test-{uuid4().hex}:"
    settings.COACH_TIME_ZONE = "America/Chicago"
    return settings


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def schedule(db, clock):
    """Mondays and Wednesdays 9:00-12:00 in Chicago, 30-minute calls."""
    consult = ConsultSettings.load()
    consult.call_minutes = 30
    consult.buffer_before_minutes = 0
    consult.buffer_after_minutes = 0
    consult.slot_step_minutes = 30
    consult.min_notice_hours = 24
    consult.horizon_days = 30
    consult.max_per_day = 6
    consult.change_cutoff_hours = 12
    consult.call_details = "I'll send you the video link by email."
    consult.contact_phone = "+1 312 555 0100"
    consult.save()
    WeeklyWindowFactory(weekday=0)
    WeeklyWindowFactory(weekday=2)
    return consult


@pytest.fixture
def form_data():
    """What she types, with the hidden fields a fresh form page carries."""

    def make(client, path=SLOT_PATH, **overrides):
        page = client.get(path)
        form = page.context["form"]
        data = {
            "name": "Demo Visitor",
            "email": "visitor@example.com",
            "phone": "",
            "help_with": "Fatigue in the afternoons.",
            "has_storage_consent": "on",
            "time_zone": "Europe/London",
            "stamp": form["stamp"].value(),
            "from": form["from"].value() or "",
            "website": "",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return make


@pytest.fixture
def storage_wording():
    return STORAGE_WORDING
