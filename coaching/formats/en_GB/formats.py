"""Dates the site's way: never two readings of one date.

Shown as "Wed 2 Dec 2026, 7:00 a.m."; typed only as ISO year-month-day, the
form date inputs send, so `12/02/2026` is refused rather than read as
12 February (Django's British default) or 2 December (a US browser's habit).
"""

DATE_FORMAT = "D j M Y"  # Wed 2 Dec 2026
TIME_FORMAT = "g:i a"  # 7:00 a.m.
DATETIME_FORMAT = "D j M Y, g:i a"  # Wed 2 Dec 2026, 7:00 a.m.
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1

DATE_INPUT_FORMATS = ["%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
