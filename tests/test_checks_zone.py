"""The coach's zone follows the same rule as her clients': a place people live."""

import pytest

from coaching.checks import check_coach_time_zone


@pytest.mark.parametrize("name", ["localtime", "Factory", "Etc/GMT+6", "US/Central"])
def test_check_coach_time_zone_refuses_zones_nobody_lives_in(settings, name):
    settings.COACH_TIME_ZONE = name

    errors = check_coach_time_zone(None)

    assert [error.id for error in errors] == ["coaching.E001"]


@pytest.mark.parametrize("name", ["America/Chicago", "Europe/London", "UTC"])
def test_check_coach_time_zone_accepts_real_places(settings, name):
    settings.COACH_TIME_ZONE = name

    assert check_coach_time_zone(None) == []
