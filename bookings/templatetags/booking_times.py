"""Free times grouped by part of her day, each with a name that says day and zone."""

import json
from dataclasses import dataclass
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

from bookings import presentation
from bookings.presentation import zone_label
from coaching.zones import RENAMED_ZONES

register = template.Library()

# (part, heading, first hour); listed in this order, night last: the times that
# suit her come first. Night runs from 21:00 to 05:00.
PARTS = [
    ("morning", "Morning", 5),
    ("afternoon", "Afternoon", 12),
    ("evening", "Evening", 17),
]
NIGHT_STARTS, NIGHT_ENDS = 21, 5


@dataclass
class Time:
    local: datetime
    slot: str
    day_text: str  # "Tuesday 24 November, " read before the time
    zone_text: str  # " Sydney time" read after it, with a night note if any


@dataclass
class Part:
    key: str
    heading: str
    times: list[Time]


@register.filter(name="short_zone")
def short_zone_label(name: str) -> str:
    """A zone as a short name people know: "Sydney time"."""
    return zone_label(name, short=True)


def _night_note(hour: int) -> str:
    return "early morning for you" if hour < NIGHT_ENDS else "late evening for you"


@register.filter
def night_note(value: datetime) -> str:
    """Her night note ("early morning for you") for a time, or "" in her daytime."""
    hour = timezone.localtime(value).hour
    return _night_note(hour) if _part_of(hour) == "night" else ""


def _part_of(hour: int) -> str:
    if hour < NIGHT_ENDS or hour >= NIGHT_STARTS:
        return "night"
    return [key for key, _, first in PARTS if hour >= first][-1]


def _night_heading(times: list[Time]) -> str:
    notes = sorted({_night_note(time.local.hour) for time in times})
    if len(notes) == 2:
        return "Night: late evening or early morning for you"
    return f"Night: {notes[0]}"


@register.filter
def day_parts(times) -> list[Part]:
    """A day's (local start, slot) pairs as morning, afternoon, evening and night."""
    groups: dict[str, list[Time]] = {key: [] for key, _, _ in PARTS} | {"night": []}
    for local, slot in times:
        zone = short_zone_label(getattr(local.tzinfo, "key", "UTC"))
        part = _part_of(local.hour)
        note = f", {_night_note(local.hour)}" if part == "night" else ""
        day_text = date_format(local, "l j F") + ", "
        groups[part].append(Time(local, slot, day_text, f" {zone}{note}"))
    headings = {key: heading for key, heading, _ in PARTS}
    return [
        Part(key, headings.get(key) or _night_heading(found), found)
        for key, found in groups.items()
        if found
    ]


@register.simple_tag
def zone_renames() -> str:
    """The old zone names browsers may report, with today's names, as JSON for a
    data attribute: the page's script then speaks of "Kolkata", as the site does."""
    return json.dumps(RENAMED_ZONES, separators=(",", ":"))


@register.filter
def full_stop(text) -> str:
    """End a sentence once: "3:00 p.m." keeps its stop, "15:00" gets one."""
    return presentation.full_stop(text)
