from functools import cache

from django.conf import settings
from django.urls import reverse

from coaching.zones import coach_zone_label

# Addresses every page links to, looked up once per process.
LINKED = {
    "home": "home",
    "blog": "articles:list",
    "feed": "articles:feed",
    "atom": "articles:atom",
    "about": "about",
    "privacy": "privacy",
    "disclaimer": "disclaimer",
    "book": "bookings:book",
}


@cache
def site_urls() -> dict[str, str]:
    """The addresses in LINKED, by short name."""
    return {name: reverse(url_name) for name, url_name in LINKED.items()}


def site(request):
    """Site name, the coach's zone and the common addresses for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "COACH_TIME_ZONE": settings.COACH_TIME_ZONE,
        "COACH_ZONE_LABEL": coach_zone_label(),
        "COACH_EMAIL": settings.COACH_EMAIL,
        "urls": site_urls(),
    }
