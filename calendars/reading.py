"""Busy times out of iCalendar data: who is busy when, exactly (reads only).

Parsing and recurrence expansion are the maintained libraries' work: icalendar
parses (VTIMEZONE and Windows zone names included), x-wr-timezone turns a
Google feed's calendar-wide X-WR-TIMEZONE into real zones, recurring-ical-events
expands RRULE, RDATE and EXDATE with the occurrences moved or cancelled by
RECURRENCE-ID. This module only decides which occurrences make her busy.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events
import x_wr_timezone
from icalendar.parser import Contentlines

FREE_ANSWERS = {"DECLINED", "NEEDS-ACTION"}
TITLE_LENGTH = 200


class UnreadableCalendar(ValueError):
    """The data is not an iCalendar file the libraries can read."""


@dataclass(frozen=True)
class Busy:
    starts_at: datetime  # aware UTC
    ends_at: datetime
    title: str = ""


@dataclass(frozen=True)
class Rules:
    """What a calendar's events mean for her, apart from the events themselves."""

    zone_name: str  # for all-day and floating times, unless the feed names one
    has_blocking_all_day: bool = True
    coach_addresses: frozenset[str] = frozenset()
    own_uid_suffix: str = ""  # events the site wrote itself (its calls)


RECURRING = {"RRULE", "RDATE", "RECURRENCE-ID", "EXDATE"}
ENDS = {"DTSTART", "DTEND", "DUE"}
# No zone is more than a day off UTC: an event that ended two days before the
# window, read as if in UTC, ended before it in any zone.
ZONE_SLACK = timedelta(days=2)


def _ended_before(block: list[str], cutoff: str) -> bool:
    """Whether one VEVENT's content lines show a single event over by `cutoff`.

    `cutoff` is a day as YYYYMMDD. A DATE or DATE-TIME value begins with its
    day in that form, so comparing the strings compares the days; any other
    shape keeps the event for the libraries to read.
    """
    latest = ""
    for line in block:
        name = line.split(":", 1)[0].split(";", 1)[0].upper()
        if name in RECURRING or name == "DURATION":
            return False  # recurring (or a length to add): let the libraries decide
        if name in ENDS:
            # A date or date-time value holds no colon: it is what follows
            # the last one (parameters before it may quote colons).
            day = line.rsplit(":", 1)[1].strip()[:8]
            if len(day) != 8 or not day.isdigit():
                return False
            latest = max(latest, day)
    return bool(latest) and latest < cutoff


def without_past_events(data: bytes, start: datetime) -> bytes:
    """The calendar without single events that ended well before `start`.

    A feed carries years of past events; leaving them out before the full
    parse is most of the cost of reading a changed calendar. Content lines
    are split and unfolded by icalendar; anything unexpected keeps the data.
    """
    cutoff = (start.astimezone(UTC) - ZONE_SLACK).strftime("%Y%m%d")
    try:
        lines = Contentlines.from_ical(data.decode("utf-8", errors="replace"))
        kept, block = [], None
        for line in lines:
            upper = line.upper()
            if upper == "BEGIN:VEVENT":
                block = [line]
            elif block is not None:
                block.append(line)
                if upper == "END:VEVENT":
                    if not _ended_before(block, cutoff):
                        kept += block
                    block = None
            elif line:
                kept.append(line)
    except (ValueError, TypeError, IndexError):
        return data
    if block is not None:
        return data  # an unclosed event: let the parser say what is wrong
    return "\r\n".join(kept).encode() + b"\r\n"


def parse(data: bytes) -> icalendar.Calendar:
    """The calendar in `data`; raises UnreadableCalendar for anything else."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        raise UnreadableCalendar("not an iCalendar file") from exc
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise UnreadableCalendar("not an iCalendar file")
    return calendar


def feed_zone(calendar: icalendar.Calendar) -> str:
    """The zone a feed says it is in (X-WR-TIMEZONE), or ""."""
    name = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    return name


def _address(value) -> str:
    text = str(value).strip().lower()
    return text[len("mailto:") :] if text.startswith("mailto:") else text


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _her_answer(event, addresses: frozenset[str]) -> str | None:
    """Her PARTSTAT on an invitation, or None when she is not an attendee."""
    if not addresses:
        return None
    organizer = event.get("ORGANIZER")
    if organizer is not None and _address(organizer) in addresses:
        return None  # her own event
    for attendee in _as_list(event.get("ATTENDEE")):
        if _address(attendee) in addresses:
            return str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).upper()
    return None


def blocks(event, rules: Rules) -> bool:
    """Whether this occurrence makes her busy (free, cancelled, declined do not)."""
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return False
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return False
    if rules.own_uid_suffix and str(event.get("UID", "")).endswith(
        rules.own_uid_suffix
    ):
        return False  # one of the site's own calls: its booking blocks it
    return _her_answer(event, rules.coach_addresses) not in FREE_ANSWERS


def _instant(value, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # floating: her wall clock in the calendar's zone
            value = value.replace(tzinfo=zone)
        return value.astimezone(UTC)
    return datetime.combine(value, time.min, tzinfo=zone).astimezone(UTC)


def _span(event, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    start = event.start
    try:
        end = event.end
    except icalendar.InvalidCalendar:
        end = start
    if not isinstance(start, datetime) and isinstance(start, date):
        end = end if isinstance(end, date) and end > start else start + timedelta(1)
    starts_at, ends_at = _instant(start, zone), _instant(end, zone)
    if ends_at <= starts_at:
        return None  # a point in time blocks nothing
    return starts_at, ends_at


def busy_times(
    calendar: icalendar.Calendar, *, start: datetime, end: datetime, rules: Rules
) -> list[Busy]:
    """The busy occurrences of `calendar` that touch [start, end), sorted."""
    zone = ZoneInfo(feed_zone(calendar) or rules.zone_name)
    try:
        standard = x_wr_timezone.to_standard(calendar)
        occurrences = recurring_ical_events.of(standard, components=["VEVENT"])
        events = occurrences.between(start, end)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        reason = f"events could not be read ({type(exc).__name__})"
        raise UnreadableCalendar(reason) from exc
    found = []
    for event in events:
        if not blocks(event, rules):
            continue
        is_all_day = not isinstance(event.start, datetime)
        if is_all_day and not rules.has_blocking_all_day:
            continue
        try:
            span = _span(event, zone)
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # one broken event does not hide the others
        if span is None or span[1] <= start or span[0] >= end:
            continue
        title = str(event.get("SUMMARY", "")).strip()[:TITLE_LENGTH]
        found.append(Busy(span[0], span[1], title))
    return sorted(found, key=lambda busy: (busy.starts_at, busy.ends_at))
