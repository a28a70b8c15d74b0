"""The coach's private calendar feed, for her calendar app (no sign-in there)."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_ratelimit.core import get_usage

from bookings import services
from coaching.views import rate_limited

MISS_GROUP = "bookings.coach_feed.miss"


def _misses(request, *, increment: bool) -> dict | None:
    return get_usage(
        request,
        group=MISS_GROUP,
        key="ip",
        rate=settings.COACH_FEED_MISS_RATE,
        increment=increment,
    )


def _too_many_misses(request) -> bool:
    usage = _misses(request, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


@never_cache
@require_safe
def coach_feed(request, token):
    """Her upcoming calls as iCalendar; a wrong token is a 404, counted per address.

    The secret is checked first and only misses count: her calendar service
    fetches from addresses it shares with others, whose wrong subscriptions
    must not lock her own feed.
    """
    if not services.coach_feed_matches(token):
        if _too_many_misses(request):
            return rate_limited(request)
        _misses(request, increment=True)
        raise Http404("No such calendar.")
    response = HttpResponse(
        services.coach_feed_ics(), content_type="text/calendar; charset=utf-8"
    )
    response["X-Robots-Tag"] = "noindex"
    return response
