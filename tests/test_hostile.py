"""Hostile input on every public field, query, cookie and slot address.

Generated cases (well over 1,000 requests): each sends one hostile value where
the site expects something ordinary and checks that the answer is not a 5xx, that
no header was split, and that no markup-bearing payload comes back unescaped.
The data (a schedule, a post, a booking) is made once per module inside a
transaction rolled back at the end; each case runs in its own savepoint, with one
test client and the clock pinned. Runs on whatever database the run uses.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from bookings.forms import BookingForm, browser_mark, new_stamp
from bookings.models import ConsultSettings
from bookings.tokens import manage_token
from tests.factories import (
    BookingFactory,
    PostFactory,
    SeriesFactory,
    WeeklyWindowFactory,
)

# Tuesday 1 January 2030, noon UTC; the coach lives in Chicago.
NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)
FREE_SLOT = "2030-01-07T15:00Z"  # Monday 9:00 in Chicago
BOOKED_AT = datetime(2030, 1, 9, 16, tzinfo=UTC)  # Wednesday 10:00 in Chicago
EDGE_SLOTS = [
    "9999-12-31T23:59Z",
    "0001-01-01T00:00Z",
    "2030-02-30T10:00Z",
    "2030-01-07T25:00Z",
    "2030-01-07T15:61Z",
    "1970-01-01T00:00Z",
    "2029-12-31T23:59Z",
    "2038-01-19T03:14Z",
    "0000-00-00T00:00Z",
]

# Values sent as they are (the client percent-encodes them).
XSS = [
    '<script>alert("hostile")</script>',
    '"><svg onload=alert(1)>',
    "'onmouseover='alert(1)",
    "<img src=x onerror=alert(1)>",
]
TEXT = [
    *XSS,
    "",
    " ",
    "x" * 5000,
    "é" * 3000,
    "a\x00b",
    "\x00",
    "line\r\nSet-Cookie: hostile=1",
    "\r\n\r\n<h1>split</h1>",
    "\t\x0b\x0c\x1b[31m",
    "😀" * 50,
    "\u202eevil",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "../../../../etc/passwd",
    "%00",
    "{{ 7|add:7 }}",
    "' OR '1'='1",
    "Mars/Olympus",
    "localtime",
    *EDGE_SLOTS[:2],
]
# Written into the query string or path as they are: broken percent-escapes and
# bytes that are not UTF-8.
RAW = ["%", "%zz", "%E2%82", "%C0%AF", "%FF%FE", "%ED%A0%80", "%00", "%0d%0a", "%u0041"]
ZONES = [
    "Mars/Olympus",
    "localtime",
    "Factory",
    "posixrules",
    "right/UTC",
    "EST5EDT",
    "Europe/London ",
    "europe/london",
    "UTC\x00",
    "../zoneinfo/UTC",
    "Etc/GMT+14",
    "America/Argentina/ComodRivadavia",
    "",
]
FRESH = "(a stamp made just before sending)"
METHODS = ["PUT", "PATCH", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PROPFIND"]


@dataclass
class Case:
    id: str
    method: str
    path: str
    data: dict | None = None  # form fields (POST); None: no body
    body: bytes | None = None
    content_type: str = ""
    extra: dict = field(default_factory=dict)
    payload: str = ""


def _q(value: str) -> str:
    return quote(value, safe="")


def _query_cases(paths: dict[str, list[str]]) -> list[Case]:
    cases = []
    for path, names in paths.items():
        for name in names:
            for n, value in enumerate(TEXT):
                url = f"{path}?{name}={_q(value)}"
                cases.append(
                    Case(f"GET {path}?{name} text{n}", "GET", url, payload=value)
                )
            for n, raw in enumerate(RAW):
                cases.append(
                    Case(f"GET {path}?{name} raw{n}", "GET", f"{path}?{name}={raw}")
                )
            for n, zone in enumerate(ZONES if name == "tz" else []):
                url = f"{path}?{name}={_q(zone)}"
                cases.append(Case(f"GET {path}?{name} zone{n}", "GET", url))
    return cases


def _segment_cases(templates: list[str]) -> list[Case]:
    values = [*TEXT, *EDGE_SLOTS, "a" * 300]
    cases = []
    for template in templates:
        for n, value in enumerate(values):
            path = template.format(_q(value))
            cases.append(Case(f"GET {template} text{n}", "GET", path, payload=value))
        for n, raw in enumerate(RAW):
            cases.append(Case(f"GET {template} raw{n}", "GET", template.format(raw)))
    return cases


def _booking_form(**overrides) -> dict:
    data = {
        "name": "Demo Visitor",
        "email": "visitor@example.com",
        "phone": "",
        "help_with": "Fatigue in the afternoons.",
        "has_storage_consent": "on",
        "time_zone": "Europe/London",
        "from": "",
        "website": "",
        "stamp": FRESH,
    }
    data.update(overrides)
    return data


# Every field of the form as shown, hidden ones included.
BOOKING_FIELDS = list(BookingForm(fallback_zone="UTC", browser="").fields)


def _form_cases() -> list[Case]:
    slot = f"/book/{FREE_SLOT}/"
    cases = []
    for name in BOOKING_FIELDS:
        values = TEXT + (ZONES if name == "time_zone" else [])
        for n, value in enumerate(values):
            case_id = f"POST {slot} {name} text{n}"
            data = _booking_form(**{name: value})
            cases.append(Case(case_id, "POST", slot, data=data, payload=value))
    for n, slot_text in enumerate(EDGE_SLOTS):
        path = f"/book/{slot_text}/"
        cases.append(Case(f"GET /book/edge{n}/", "GET", path))
        cases.append(Case(f"GET /book/edge{n}/?from", "GET", f"{path}?from=%00"))
        cases.append(
            Case(f"POST /book/edge{n}/ valid", "POST", path, data=_booking_form())
        )
        bad = _booking_form(name="")
        cases.append(Case(f"POST /book/edge{n}/ invalid", "POST", path, data=bad))
    for n, value in enumerate([*TEXT, *EDGE_SLOTS]):
        data = {"starts_at": value}
        cases.append(
            Case(
                f"POST reschedule starts_at text{n}", "POST", "{reschedule}", data=data
            )
        )
    for n, value in enumerate(TEXT):
        for name in ("username", "password"):
            data = {"username": "coach", "password": "x", name: value}
            case_id = f"POST /admin/login/ {name} text{n}"
            cases.append(
                Case(case_id, "POST", "/admin/login/", data=data, payload=value)
            )
    return cases


def _body_cases() -> list[Case]:
    pages = [
        "/",
        "/blog/",
        f"/book/{FREE_SLOT}/",
        "{reschedule}",
        "{cancel}",
        "/admin/login/",
    ]
    bodies = {
        "latin-1": (
            "application/x-www-form-urlencoded; charset=latin-1",
            b"name=Jos\xe9",
        ),
        "utf-16": (
            "application/x-www-form-urlencoded; charset=utf-16",
            "name=Ana".encode("utf-16"),
        ),
        "unknown charset": (
            "application/x-www-form-urlencoded; charset=klingon",
            b"name=x",
        ),
        "bad utf-8": ("application/x-www-form-urlencoded", b"name=%FF%FE&email=\xff"),
        "json": ("application/json", b'{"name": "<script>"}'),
        "multipart no boundary": ("multipart/form-data", b"--x\r\n"),
        "multipart bad boundary": ("multipart/form-data; boundary=", b"--\r\n"),
        "multipart truncated": (
            "multipart/form-data; boundary=BB",
            b'--BB\r\nContent-Disposition: form-data; name="name"\r\n\r\nAna',
        ),
        "binary": ("application/octet-stream", bytes(range(256))),
    }
    cases = []
    for page in pages:
        for label, (content_type, body) in bodies.items():
            cases.append(
                Case(
                    f"POST {page} {label}",
                    "POST",
                    page,
                    body=body,
                    content_type=content_type,
                )
            )
    return cases


def _cookie_cases() -> list[Case]:
    pages = ["/", "/blog/", "/book/", f"/book/{FREE_SLOT}/", "{manage}"]
    zone_values = [*TEXT, *ZONES, "Europe%2FLondon", "%ZZ", '"quoted"', "a=b; c=d"]
    other_values = [*XSS, "x" * 5000, "a\x00b", "%ZZ", '"quoted"', "a=b; c=d", "é"]
    cases = []
    for page in pages:
        for n, value in enumerate(zone_values):
            cookie = f"tz={_q(value)}"
            cases.append(
                Case(
                    f"GET {page} cookie tz {n}",
                    "GET",
                    page,
                    extra={"HTTP_COOKIE": cookie},
                )
            )
        if page not in ("/", f"/book/{FREE_SLOT}/"):
            continue
        for name in ("sessionid", "csrftoken", "messages"):
            for n, value in enumerate(other_values):
                cookie = f"{name}={_q(value)}"
                case_id = f"GET {page} cookie {name} {n}"
                cases.append(Case(case_id, "GET", page, extra={"HTTP_COOKIE": cookie}))
    return cases


def _method_cases() -> list[Case]:
    pages = [
        "/",
        "/about/",
        "/blog/",
        "/blog/leaky-gut/",
        "/blog/feed/",
        "/book/",
        f"/book/{FREE_SLOT}/",
        "{manage}",
        "{reschedule}",
        "/healthz",
    ]
    return [Case(f"{m} {page}", m, page) for page in pages for m in METHODS]


def _host_cases() -> list[Case]:
    hosts = [
        "evil.example",
        "testserver\r\nX: 1",
        "testserver:99999",
        "[::1",
        "a" * 300,
    ]
    return [
        Case(f"GET / host{n}", "GET", "/", extra={"HTTP_HOST": host})
        for n, host in enumerate(hosts)
    ]


CASES = [
    *_query_cases(
        {
            "/book/": ["tz", "week", "from"],
            f"/book/{FREE_SLOT}/": ["from", "tz"],
            "/blog/": ["page", "q"],
            "/blog/tag/gut/": ["page"],
            "/blog/series/msmonday/": ["page"],
            "/blog/feed/": ["page"],
            "/blog/feed/atom/": ["page"],
            "/sitemap.xml": ["p"],
            "{reschedule}": ["week"],
            "/": ["q"],
        }
    ),
    *_segment_cases(
        [
            "/blog/{}/",
            "/blog/tag/{}/",
            "/blog/series/{}/",
            "/book/{}/",
            "/book/manage/{}/",
            "/book/confirmed/{}/",
            "/book/manage/{}/calendar.ics",
            "/book/manage/{}/reschedule/",
        ]
    ),
    *_form_cases(),
    *_body_cases(),
    *_cookie_cases(),
    *_method_cases(),
    *_host_cases(),
]


def _params() -> list:
    return [pytest.param(case, id=case.id) for case in CASES]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A schedule, a live post in a series with a tag, one booking; pinned clock."""
    settings = override_settings(
        BOOKING_MIN_FILL_SECONDS=0,
        BOOKING_RATE_LIMIT="1000000/h",
        RATELIMIT_CACHE_PREFIX=f"rl-hostile-{NOW.timestamp()}:",
        COACH_TIME_ZONE="America/Chicago",
    )
    clock = time_machine.travel(NOW, tick=False)
    with clock, settings, django_db_blocker.unblock(), transaction.atomic():
        consult = ConsultSettings.load()
        consult.horizon_days = 30
        consult.min_notice_hours = 24
        consult.save()
        WeeklyWindowFactory(weekday=0)
        WeeklyWindowFactory(weekday=2)
        series = SeriesFactory(slug="msmonday")
        PostFactory(slug="leaky-gut", series=series, tags=["gut"])
        token = manage_token(BookingFactory(starts_at=BOOKED_AT))
        yield {
            "manage": f"/book/manage/{token}/",
            "reschedule": f"/book/manage/{token}/reschedule/",
            "cancel": f"/book/manage/{token}/cancel/",
        }
        transaction.set_rollback(True)


# The hostile client's CSRF secret: fresh stamps are made for its browser.
CSRF_SECRET = "hostile0browser0csrf0secret00000"


@pytest.fixture(scope="module")
def hostile_client():
    client = Client(raise_request_exception=True)
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


def _browser(client) -> str:
    """The browser mark the booking form expects from this client."""
    cookie = client.cookies.get(settings.CSRF_COOKIE_NAME)
    return browser_mark(cookie.value) if cookie is not None else ""


def test_hostile_cases_are_many():
    assert len(CASES) >= 1000


@pytest.mark.django_db
@pytest.mark.parametrize("case", _params())
def test_hostile_input_is_no_server_error_and_no_echo(site, hostile_client, case):
    path = case.path.format(**site)
    body, content_type = case.body, case.content_type
    if case.data is not None:
        # The stamp of this client's browser (the hash of its CSRF cookie), so
        # the form goes on to check every field as it would for a real visitor.
        stamp = new_stamp(_browser(hostile_client))
        data = {k: stamp if v == FRESH else v for k, v in case.data.items()}
        body = urlencode(data).encode()
        content_type = "application/x-www-form-urlencoded"

    if body is None:
        response = hostile_client.generic(case.method, path, **case.extra)
    else:
        response = hostile_client.generic(
            case.method, path, body, content_type=content_type, **case.extra
        )

    assert response.status_code < 500
    for name, value in response.headers.items():
        assert "\r" not in value and "\n" not in value, name
    assert "hostile" not in response.cookies
    if any(char in case.payload for char in "<>\"'"):
        assert case.payload not in response.content.decode("utf-8", "replace")
