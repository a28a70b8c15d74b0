"""Site-wide middleware: the visitor's zone, allowed methods, the CSP header."""

import zoneinfo
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.middleware import csp
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP, build_policy

from coaching.zones import valid_time_zones

TIME_ZONE_COOKIE = "tz"


def visitor_time_zone(request) -> str | None:
    """The visitor's zone from her cookie, or None when absent or not a real zone."""
    # Browsers may store "Europe/London" URL-encoded; Django does not decode cookies.
    name = unquote(request.COOKIES.get(TIME_ZONE_COOKIE, ""))
    return name if name in valid_time_zones() else None


class VisitorTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = visitor_time_zone(request)
        request.visitor_time_zone = name
        if name:
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class AllowedMethodsMiddleware:
    """Answer 405 to any method the site's pages do not take (TRACE, OPTIONS, PUT...).

    Function views answer every method by default, so TRACE and OPTIONS used to
    render the page. Runs before the view (process_view), so a missing page is
    still a 404 and CSRF is not asked about methods nobody serves.
    """

    ALLOWED = ("GET", "HEAD", "POST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in self.ALLOWED:
            return None
        return HttpResponseNotAllowed(self.ALLOWED)


class HealthCheckMiddleware:
    """Answer the uptime monitor's GET /healthz before the rest of the stack.

    The check needs no session, CSRF, login, zone or redirect work, and a
    monitor polls it all day. Placed right after SecurityMiddleware, so an
    answer still carries the security headers.
    """

    def __init__(self, get_response):
        from coaching.views import healthz  # needs the apps; forms import this module

        self.get_response = get_response
        self.path = reverse("healthz")
        self.healthz = healthz

    def __call__(self, request):
        if request.path_info == self.path and request.method in ("GET", "HEAD"):
            request.get_host()  # only the site's own names (a 400 otherwise)
            return self.healthz(request)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's CSP middleware, building the nonce-free policy once, not per response.

    Most responses (every page-cache hit) use no nonce, so their header is the
    same string each time; a response that used its nonce, or a view with its
    own policy, goes through Django's code as before.
    """

    _built: tuple[object, str] | None = None

    def process_response(self, request, response):
        nonce = csp.get_nonce(request)
        if (
            nonce
            or hasattr(response, "_csp_config")
            or hasattr(response, "_csp_ro_config")
        ):
            return super().process_response(request, response)
        config = settings.SECURE_CSP
        if settings.SECURE_CSP_REPORT_ONLY or not config:
            return super().process_response(request, response)
        built = self._built
        if built is None or built[0] is not config:  # settings changed (tests)
            built = self._built = (config, build_policy(config))
        if CSP.HEADER_ENFORCE not in response:
            response.headers[str(CSP.HEADER_ENFORCE)] = built[1]
        return response
