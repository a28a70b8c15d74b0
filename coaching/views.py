import logging
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

from articles.models import Post
from coaching.celery import app as celery_app
from coaching.models import Page
from coaching.pagecache import reader_cache

logger = logging.getLogger(__name__)


@reader_cache
def home(request):
    page = get_object_or_404(Page, key=Page.Key.HOME)
    latest_posts = Post.objects.published().for_listing().newest_first()[:3]
    return render(
        request, "pages/home.html", {"page": page, "latest_posts": latest_posts}
    )


@reader_cache
def site_page(request, key):
    page = get_object_or_404(Page, key=key)
    return render(request, "pages/page.html", {"page": page})


def _database_error() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        logger.warning("health check: database unreachable (%s)", type(exc).__name__)
        return "database unreachable"
    return None


# The broker is checked at most this often per process: a monitor polling
# /healthz must not open a broker connection on every request, and an outage
# still shows within this many seconds.
BROKER_CHECK_SECONDS = 10
_broker_checked: tuple[float, str | None] | None = None
_broker_lock = threading.Lock()


def _check_broker() -> str | None:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception as exc:  # noqa: BLE001
        logger.warning("health check: broker unreachable (%s)", type(exc).__name__)
        return "broker unreachable"
    return None


def _broker_error() -> str | None:
    global _broker_checked
    with _broker_lock:
        now = time.monotonic()
        if _broker_checked is None or now - _broker_checked[0] >= BROKER_CHECK_SECONDS:
            _broker_checked = (now, _check_broker())
        return _broker_checked[1]


def _cache_error() -> str | None:
    # A round trip through the cache as the site uses it: the Redis cache fails
    # open, so an outage reads back as a missing value rather than an error.
    probe = secrets.token_hex(8)
    try:
        cache.set("healthz:probe", probe, 30)
        answered = cache.get("healthz:probe")
    except Exception as exc:  # noqa: BLE001
        logger.warning("health check: cache unreachable (%s)", type(exc).__name__)
        return "cache unreachable"
    return None if answered == probe else "cache unreachable"


@never_cache
def healthz(request):
    checks = (_database_error(), _broker_error(), _cache_error())
    errors = [e for e in checks if e]
    if errors:
        return JsonResponse({"status": "unavailable", "errors": errors}, status=503)
    return JsonResponse({"status": "ok"})


@never_cache
@ensure_csrf_cookie
def csrf_cookie(request):
    """Set the CSRF cookie for a form on a cached page (see site.js)."""
    return HttpResponse(status=204)


def rate_limited(request, exception=None):
    return render(request, "429.html", status=429)


def _plain_error(template_name: str, status: int) -> HttpResponse:
    # Rendered without the request, context processors or the database: a body
    # that cannot be read (Django's own 400 and 403 pages check CSRF again, which
    # reads it) or a database down may be what failed.
    html = loader.get_template(template_name).render({"SITE_NAME": settings.SITE_NAME})
    return HttpResponse(html, status=status)


def bad_request(request, exception=None):
    return _plain_error("400.html", 400)


def permission_denied(request, exception=None):
    return _plain_error("403.html", 403)


def csrf_failure(request, reason=""):
    # A form sent without its cookie or token (an old tab, cookies blocked): the
    # site's own page, which says to reload, instead of Django's technical one.
    return _plain_error("403.html", 403)


def page_not_found(request, exception=None):
    # Django's default re-checks CSRF, which reads the body; this one does not.
    return render(request, "404.html", status=404)


def server_error(request):
    return _plain_error("500.html", 500)
