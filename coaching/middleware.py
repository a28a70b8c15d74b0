"""Site-wide middleware: the visitor's zone, allowed methods, the CSP header,
reads answered again when the database dropped the connection."""

import logging
import sys
import zoneinfo
from urllib.parse import unquote

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connections,
)
from django.http import HttpResponseNotAllowed
from django.middleware import csp
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP, build_policy

from coaching.zones import canonical_zone, coach_zone, valid_time_zones

TIME_ZONE_COOKIE = "tz"

logger = logging.getLogger(__name__)


def visitor_time_zone(request) -> str | None:
    """The visitor's zone from her cookie (by its current name), or None when
    absent or not a real zone."""
    # Browsers may store "Europe/London" URL-encoded; Django does not decode cookies.
    name = unquote(request.COOKIES.get(TIME_ZONE_COOKIE, ""))
    return canonical_zone(name) if name in valid_time_zones() else None


def is_staff_page(request) -> bool:
    """A back-office address: everything under ADMIN_URL."""
    return request.path_info.startswith("/" + settings.ADMIN_URL)


def staff_page(view):
    """Mark a staff-only view outside the admin: it runs in the coach's zone."""
    view.is_staff_page = True
    return view


class VisitorTimeZoneMiddleware:
    """Public pages in the visitor's zone (her cookie); staff pages in the coach's.

    A staff form that showed one zone and saved in another would move what it
    saves, so the back office ignores the browser and the cookie altogether.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = visitor_time_zone(request)
        request.visitor_time_zone = name
        if is_staff_page(request):
            timezone.activate(coach_zone())
        elif name:
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "is_staff_page", False):
            timezone.activate(coach_zone())


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


def _note_lost_connection(sender, request=None, **kwargs):
    """Mark a request whose unhandled error was a broken database connection."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, (OperationalError, InterfaceError)):
        request.database_connection_lost = True


got_request_exception.connect(_note_lost_connection, dispatch_uid="coaching.retry")


class RetryReadMiddleware:
    """Answer a GET or HEAD again, once, when the database dropped its connection.

    A restart or failover of PostgreSQL (or `pg_terminate_backend`) closes the
    connections that web processes keep (`CONN_MAX_AGE`). `CONN_HEALTH_CHECKS`
    catches a connection found dead when a request starts, but not one dropped
    in the middle of a request: its next query fails. A read changes nothing, so
    it is run again on a fresh connection (up to twice) rather than answered with
    a 500 (the error is still logged). Writes are never repeated.
    """

    READS = ("GET", "HEAD")
    TRIES = 3  # a failover may drop the new connection too

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for _ in range(self.TRIES - 1):
            if not (
                response.status_code >= 500
                and getattr(request, "database_connection_lost", False)
                and request.method in self.READS
                and not any(c.in_atomic_block for c in connections.all())
            ):
                break
            request.database_connection_lost = False
            close_old_connections()  # drops connections that errored and are dead
            logger.warning("database connection lost; the read is answered again")
            response = self.get_response(request)
        return response
