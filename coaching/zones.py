"""The coach's time zone: one source for the whole site.

Her availability, publishing times, post dates and the back office all read it
from here; it comes from the `COACH_TIME_ZONE` setting.
"""

import zoneinfo
from functools import cache, lru_cache

from django.conf import settings
from django.utils import formats, timezone


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def coach_zone_name() -> str:
    """The IANA name of the coach's zone, e.g. "America/Chicago"."""
    return settings.COACH_TIME_ZONE


def coach_zone() -> zoneinfo.ZoneInfo:
    """The coach's zone as a tzinfo."""
    return _zone(settings.COACH_TIME_ZONE)


def coach_zone_label() -> str:
    """Her zone in words: "Chicago time" for America/Chicago, "UTC" for UTC."""
    name = settings.COACH_TIME_ZONE
    if "/" not in name:
        return name
    return name.rsplit("/", 1)[1].replace("_", " ") + " time"


def her_time_words(moment) -> str:
    """ "Mon 7 Dec 2026, 7:00 a.m. Chicago time": a moment in her zone, named."""
    local = timezone.localtime(moment, coach_zone())
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {coach_zone_label()}"


# Regions people live in. This leaves out "localtime", "Factory", "posixrules",
# "Etc/GMT+5", legacy names such as "EST", "GB" or "US/Eastern", and the like.
LIVING_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


@lru_cache(maxsize=1)
def valid_time_zones() -> frozenset[str]:
    """The zones a person can give as hers: IANA Area/City names, and UTC.

    Older city names that browsers still send (Asia/Calcutta, Europe/Kiev) are
    kept; they are links to the current ones. UTC stays for people who choose
    it and for browsers that hide their zone.
    """
    names = zoneinfo.available_timezones()
    return frozenset(n for n in names if n.split("/", 1)[0] in LIVING_AREAS) | {"UTC"}


# Older names that browsers built on ICU/CLDR still report (Chromium says
# "Asia/Calcutta" in Kolkata), with the name the IANA database gives the place
# today. Only renames: zones that tzdata merged into a neighbour
# (Europe/Stockholm -> Europe/Berlin) keep the city people live in.
RENAMED_ZONES = {
    "Africa/Asmera": "Africa/Asmara",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Catamarca": "America/Argentina/Catamarca",
    "America/Coral_Harbour": "America/Atikokan",
    "America/Cordoba": "America/Argentina/Cordoba",
    "America/Godthab": "America/Nuuk",
    "America/Indianapolis": "America/Indiana/Indianapolis",
    "America/Jujuy": "America/Argentina/Jujuy",
    "America/Louisville": "America/Kentucky/Louisville",
    "America/Mendoza": "America/Argentina/Mendoza",
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Dacca": "Asia/Dhaka",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Macao": "Asia/Macau",
    "Asia/Rangoon": "Asia/Yangon",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Thimbu": "Asia/Thimphu",
    "Asia/Ujung_Pandang": "Asia/Makassar",
    "Asia/Ulan_Bator": "Asia/Ulaanbaatar",
    "Atlantic/Faeroe": "Atlantic/Faroe",
    "Europe/Kiev": "Europe/Kyiv",
    "Pacific/Enderbury": "Pacific/Kanton",
    "Pacific/Ponape": "Pacific/Pohnpei",
    "Pacific/Truk": "Pacific/Chuuk",
}


def canonical_zone(name: str) -> str:
    """The current IANA name of a zone ("Asia/Calcutta" -> "Asia/Kolkata")."""
    return RENAMED_ZONES.get(name, name)


@lru_cache(maxsize=1)
def time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The zones of `valid_time_zones()` for a choice list, grouped by region.

    [("America", [("America/Chicago", "Chicago"), ...]), ..., ("UTC", [...])]
    """
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(valid_time_zones()):
        area, _, place = name.partition("/")
        label = place.replace("_", " ").replace("/", ", ") or name
        groups.setdefault(area, []).append((name, label))
    return list(groups.items())
