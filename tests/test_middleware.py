import pytest
from django.test import RequestFactory
from django.utils import timezone

from coaching.middleware import VisitorTimeZoneMiddleware


def _zone_seen_by_view(cookie_value):
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        seen["visitor"] = request.visitor_time_zone
        return None

    request = RequestFactory().get("/")
    if cookie_value is not None:
        request.COOKIES["tz"] = cookie_value
    VisitorTimeZoneMiddleware(view)(request)
    return seen


@pytest.mark.parametrize("cookie", ["Europe/London", "Europe%2FLondon"])
def test_visitor_zone_is_activated_from_cookie(cookie):
    seen = _zone_seen_by_view(cookie)

    assert seen == {"zone": "Europe/London", "visitor": "Europe/London"}


@pytest.mark.parametrize(
    "cookie", [None, "", "Mars/Olympus", "../etc/passwd", "x" * 5000]
)
def test_visitor_zone_ignores_missing_or_unknown_cookie(cookie):
    seen = _zone_seen_by_view(cookie)

    assert seen == {"zone": "UTC", "visitor": None}


def test_visitor_zone_is_deactivated_after_the_request():
    _zone_seen_by_view("Asia/Tokyo")

    assert timezone.get_current_timezone_name() == "UTC"
