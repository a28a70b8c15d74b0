"""Fixtures for the back office: the coach's zone pinned to Chicago."""

import pytest


@pytest.fixture(autouse=True)
def coach_in_chicago(settings):
    settings.COACH_TIME_ZONE = "America/Chicago"
    return settings
