"""Free times grouped by part of her day, each named with its day and zone."""

import zoneinfo
from datetime import datetime

from django.utils import timezone

from bookings.templatetags.booking_times import day_parts, night_note, short_zone_label

SYDNEY = zoneinfo.ZoneInfo("Australia/Sydney")


def _times(*hours_minutes):
    return [
        (datetime(2026, 11, 24, hour, minute, tzinfo=SYDNEY), f"slot-{hour}-{minute}")
        for hour, minute in hours_minutes
    ]


def test_day_parts_lists_daytime_first_and_night_last():
    parts = day_parts(_times((2, 0), (4, 30), (7, 0), (13, 0), (18, 0)))

    assert [part.key for part in parts] == ["morning", "afternoon", "evening", "night"]
    assert [len(part.times) for part in parts] == [1, 1, 1, 2]


def test_day_parts_says_plainly_when_a_time_is_in_her_night():
    night = day_parts(_times((2, 0), (7, 0)))[-1]

    assert night.heading == "Night: early morning for you"
    assert night.times[0].zone_text == " Sydney time, early morning for you"


def test_day_parts_names_late_and_early_night_times():
    night = day_parts(_times((1, 0), (22, 0)))[0]

    assert night.heading == "Night: late evening or early morning for you"
    assert night.times[1].zone_text == " Sydney time, late evening for you"


def test_day_parts_names_each_time_with_its_day_and_zone():
    time = day_parts(_times((9, 30)))[0].times[0]

    assert time.day_text == "Tuesday 24 November, "
    assert time.zone_text == " Sydney time"
    assert time.slot == "slot-9-30"


def test_day_parts_leaves_out_empty_parts():
    assert [part.key for part in day_parts(_times((14, 0)))] == ["afternoon"]


def test_short_zone_label_uses_the_city():
    assert short_zone_label("America/Los_Angeles") == "Los Angeles time"
    assert short_zone_label("UTC") == "UTC time"


def test_night_note_reads_the_time_in_her_zone():
    starts_at = datetime(2026, 11, 23, 15, tzinfo=zoneinfo.ZoneInfo("UTC"))

    with timezone.override(SYDNEY):
        assert night_note(starts_at) == "early morning for you"  # 2:00 a.m.
    with timezone.override(zoneinfo.ZoneInfo("Europe/London")):
        assert night_note(starts_at) == ""  # 3:00 p.m.
