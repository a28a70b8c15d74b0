"""Pieces the booking pages share: zones, weeks of times, links, the source post."""

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache, wraps
from itertools import groupby

from django.conf import settings
from django.core.exceptions import ValidationError
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django_ratelimit.decorators import ratelimit

from articles.models import Post
from bookings import services, tokens
from bookings.forms import browser_mark, clean_source_slug, format_slot
from bookings.models import MAX_HORIZON_DAYS, Booking, ConsultSettings
from bookings.presentation import zone_label
from coaching.middleware import TIME_ZONE_COOKIE

# Offered in the "Change time zone" list; her own zone is added when missing.
COMMON_ZONES = [
    "America/Los_Angeles",
    "America/Denver",
    "America/Phoenix",
    "America/Chicago",
    "America/New_York",
    "America/Halifax",
    "America/Toronto",
    "America/Vancouver",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "Pacific/Honolulu",
    "America/Anchorage",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Stockholm",
    "Europe/Athens",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Perth",
    "Australia/Brisbane",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
]
ZONE_COOKIE_AGE = 60 * 60 * 24 * 365


def booking_rate(group, request) -> str:
    """The booking POST rate limit, read per request so tests can change it."""
    return settings.BOOKING_RATE_LIMIT


# Booking and moving a call share one counter per visitor: one limit, as documented.
limit_sends = ratelimit(
    group="bookings:send", key="ip", rate=booking_rate, method="POST", block=False
)


@lru_cache(maxsize=1024)
def zone_options(current: str) -> str:
    """The <option>s of the zone list, hers selected (built once per zone)."""
    names = COMMON_ZONES if current in COMMON_ZONES else [current, *COMMON_ZONES]
    selected = '<option value="{}" selected>{}</option>'
    other = '<option value="{}">{}</option>'
    return mark_safe(  # noqa: S308 - each part is escaped by format_html
        "".join(
            format_html(
                selected if name == current else other,
                name,
                zone_label(name, short=True),
            )
            for name in names
        )
    )


def cookie_zone(request) -> str | None:
    """Her zone from the cookie, as the middleware read it."""
    return request.visitor_time_zone


def remember_zone(response, request, name: str) -> None:
    response.set_cookie(
        TIME_ZONE_COOKIE,
        name,
        max_age=ZONE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )


def browser_key(request) -> str:
    """A short mark of this browser (a hash of its CSRF cookie's secret), which
    the booking form's stamp carries so only the browser shown a form may send it.
    """
    get_token(request)  # on a first visit, this makes the cookie and its secret
    return browser_mark(request.META["CSRF_COOKIE"])


def source_post(value: str | None) -> Post | None:
    """The published post a `from` value names; anything else is quietly ignored.

    Every page that reads `from` (query string or form) comes through here.
    """
    slug = clean_source_slug(value)
    if not slug:
        return None
    return Post.objects.published().filter(slug=slug).first()


def with_from(url: str, post: Post | None, **params) -> str:
    query = {key: value for key, value in params.items() if value not in (None, "")}
    if post is not None:
        query["from"] = post.slug
    return f"{url}?{urlencode(query)}" if query else url


@dataclass
class Day:
    day: date
    times: list[tuple[datetime, str]]  # (local start, slot as in addresses)


@dataclass
class Week:
    number: int
    last: int
    first_day: date
    last_day: date
    days: list[Day]

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 0 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.last else None


def week_of_times(
    number: int,
    zone_name: str,
    *,
    now: datetime,
    cfg: ConsultSettings,
    moving: Booking | None = None,
) -> Week:
    """Free times for one week (7 days from today + 7 x number) in her zone.

    For the call being `moving`, its own time and buffer block nothing, and its
    current time is not offered.
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    horizon = cfg.horizon_days
    last = horizon // 7
    number = max(0, min(number, last))
    first_day = now.astimezone(zone).date() + timedelta(days=7 * number)
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    end = datetime.combine(first_day + timedelta(days=7), time.min, tzinfo=zone)
    slots = services.free_slots(
        max(start, now),
        end,
        now=now,
        cfg=cfg,
        ignoring_booking_id=moving.pk if moving else None,
    )
    if moving is not None:
        slots = [slot for slot in slots if slot != moving.starts_at]
    local = [(slot.astimezone(zone), format_slot(slot)) for slot in slots]
    days = [
        Day(day=day, times=list(times))
        for day, times in groupby(local, key=lambda pair: pair[0].date())
    ]
    return Week(number, last, first_day, first_day + timedelta(days=6), days)


def nearest_times(
    starts_at: datetime, zone_name: str, *, now: datetime, cfg: ConsultSettings, count=6
):
    """A few free times closest to the one she wanted, soonest first."""
    zone = zoneinfo.ZoneInfo(zone_name)
    # Only times between now and the longest horizon can be free: anchoring the
    # search there keeps the date arithmetic in range for any address, even
    # /book/9999-12-31T23:59Z/.
    latest = now + timedelta(days=MAX_HORIZON_DAYS)
    anchor = min(max(starts_at, now), latest)
    slots = services.free_slots(
        anchor - timedelta(days=3), anchor + timedelta(days=10), now=now, cfg=cfg
    ) or services.free_slots(now, latest, now=now, cfg=cfg)
    closest = sorted(slots, key=lambda slot: abs(slot - anchor))[:count]
    return [(slot.astimezone(zone), format_slot(slot)) for slot in sorted(closest)]


def with_manage_link(view):
    """Give a view behind a manage link `view(request, booking, token, ...)`.

    A link of a call that was moved since says where the call went (not the
    new link: that went to her by email); an unknown, forged, retired or
    expired link gets the friendly 404.
    """

    @wraps(view)
    def guarded(request, token, *args, **kwargs):
        try:
            booking = tokens.booking_from_token(token)
        except (services.InvalidToken, ValidationError, ValueError):
            return render(request, "bookings/link_invalid.html", status=404)
        moved_to = booking.latest_move()
        if moved_to is not None:
            return _moved_page(request, moved_to)
        return view(request, booking, token, *args, **kwargs)

    return guarded


def _moved_page(request, moved_to: Booking):
    context = {
        "moved_to": moved_to,
        "zone_label": zone_label(moved_to.time_zone),
    }
    with timezone.override(moved_to.time_zone):
        return render(request, "bookings/link_moved.html", context, status=410)
