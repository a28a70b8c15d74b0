import logging

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
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


def _broker_error() -> str | None:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    except Exception as exc:  # noqa: BLE001
        logger.warning("health check: broker unreachable (%s)", type(exc).__name__)
        return "broker unreachable"
    return None


@never_cache
def healthz(request):
    errors = [e for e in (_database_error(), _broker_error()) if e]
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


def server_error(request):
    # Rendered without context processors or the database: they may be what failed.
    html = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    return HttpResponseServerError(html)
