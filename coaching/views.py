from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache

from articles.models import Post
from coaching import health
from coaching.models import Page
from coaching.pagecache import reader_cache


def favicon(request):
    """/favicon.ico, which browsers ask for on every page: the site's icon."""
    response = HttpResponsePermanentRedirect(static("img/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


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


@never_cache
def healthz(request):
    errors = health.problems()
    if errors:
        return JsonResponse({"status": "unavailable", "errors": errors}, status=503)
    return JsonResponse({"status": "ok"})


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
    # In the back office a refusal is about her account, not a stale form.
    if request.path.startswith(reverse("admin:index")):
        return _plain_error("403_office.html", 403)
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
