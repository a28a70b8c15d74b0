"""Whole pages for anonymous readers, kept in the cache until the blog changes.

How it works (the README's "Page cache" section says it for people):

- A view opts in with `@reader_cache`. The middleware stores what it rendered
  for a visitor with no session and no messages, once, as plain and gzip bytes.
- Each entry carries the blog version it was rendered under. The version is one
  small cache entry (`blog_state()`), replaced on any change to a post, series,
  tag, site page, redirect or author (signals in `coaching.apps`), and when the
  next scheduled post goes live: entries expire at that moment without anything
  running, because the state records the next publish time.
- One round trip to the cache serves a page: the state and the entry are read
  together with `get_many`.
- Nothing in a cached page depends on the visitor: no CSRF token (forms use
  `{% csrf_input_from_cookie %}`), no zone (dates are the coach's calendar dates),
  no CSP nonce (the site's scripts are files from its own origin, which the
  policy allows; nonces rendered into a stored page are removed from it).
"""

import logging
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache as memoize
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, Min, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.text import compress_string

logger = logging.getLogger(__name__)

STATE_KEY = "pagecache:blog-state"
ENTRY_PREFIX = "pagecache:page:"
ENTRY_SECONDS = 60 * 60 * 24
BYPASS_HEADER = "HTTP_X_PAGE_CACHE"
# Query parameters that never change a page: campaign tags added by social sites.
IGNORED_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ref"})
KEPT_PARAMS = frozenset({"page"})
# Response headers a stored page keeps (the rest are added per response).
KEPT_HEADERS = frozenset(
    {"content-type", "last-modified", "etag", "x-frame-options", "vary"}
)


@dataclass(frozen=True)
class BlogState:
    """The blog's version, its last visible change and its next scheduled post."""

    version: str
    last_modified: datetime | None
    next_publish_at: float | None  # epoch seconds

    def is_current(self, now: float) -> bool:
        return self.next_publish_at is None or now < self.next_publish_at


def _compute_state() -> BlogState:
    from articles.models import Post

    now = timezone.now()
    live = Q(publish_at__lte=now)
    found = Post.objects.filter(status=Post.Status.PUBLISHED).aggregate(
        edited=Max("updated_at", filter=live),
        went_live=Max("publish_at", filter=live),
        upcoming=Min("publish_at", filter=Q(publish_at__gt=now)),
    )
    upcoming = found.pop("upcoming")
    times = [t for t in found.values() if t is not None]
    return BlogState(
        version=uuid.uuid4().hex,
        last_modified=max(times) if times else None,
        next_publish_at=upcoming.timestamp() if upcoming else None,
    )


def blog_state(*, known: BlogState | None = None) -> BlogState:
    """The current blog state; computed (one query) when absent or due."""
    state = known if known is not None else _cache_call(cache.get, STATE_KEY)
    if state is None or not state.is_current(time.time()):
        state = _compute_state()
        _cache_call(cache.set, STATE_KEY, state, None)
    return state


def _cache_call(method, *args):
    """A cache call that fails open: with the cache down, pages are rendered."""
    try:
        return method(*args)
    except Exception as exc:  # noqa: BLE001 - any cache failure means "no cache"
        logger.warning("page cache unavailable (%s)", type(exc).__name__)
        return None


def blog_last_modified():
    """The last change a reader could see on the blog, from the cached state."""
    return blog_state().last_modified


def for_blog_version(name: str, compute):
    """`compute()`, kept until the blog changes (for parts of uncached pages)."""
    key = f"pagecache:part:{blog_state().version}:{name}"
    value = _cache_call(cache.get, key)
    if value is None:
        value = compute()
        _cache_call(cache.set, key, value, ENTRY_SECONDS)
    return value


def not_modified_since(request, changed: datetime | None) -> HttpResponse | None:
    """A 304 when her copy is as new as `changed`, else None (render the page)."""
    if changed is None:
        return None
    return get_conditional_response(request, last_modified=int(changed.timestamp()))


def with_last_modified(response, changed: datetime | None):
    """Set Last-Modified on a rendered page."""
    if changed is not None and response.status_code == 200:
        response.headers["Last-Modified"] = http_date(changed.timestamp())
    return response


def bump_blog_version(**signal_kwargs) -> None:
    """Forget the blog state now and after commit: every stored page is stale."""
    if signal_kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # a login changes nothing a reader sees
    _cache_call(cache.delete, STATE_KEY)
    if transaction.get_connection().in_atomic_block:
        # A reader between now and the commit still sees the old rows: forget
        # what she stored too.
        transaction.on_commit(lambda: _cache_call(cache.delete, STATE_KEY))


def reader_cache(view):
    """Mark a view's successful responses as the same for every anonymous reader."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if getattr(request, "_page_cache_key", None) and response.status_code == 200:
            response.reader_cacheable = True
        return response

    return wrapped


def not_for_cache(response):
    """Keep one response out of the page cache (e.g. search results)."""
    response.reader_cacheable = False
    return response


@memoize
def _paths() -> tuple[frozenset[str], str, str]:
    exact = frozenset(
        reverse(name) for name in ("home", "about", "privacy", "disclaimer", "sitemap")
    )
    blog = reverse("articles:list")
    return exact, blog, f"{blog}preview/"


def _may_be_cached(path: str) -> bool:
    exact, blog, preview = _paths()
    return path in exact or (path.startswith(blog) and not path.startswith(preview))


def cache_key(request) -> str | None:
    """The entry for this request, or None when it must be rendered for her."""
    if request.method != "GET" or not _may_be_cached(request.path):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if settings.PAGE_CACHE_ALLOW_BYPASS and request.META.get(BYPASS_HEADER):
        return None
    kept = []
    for name, value in sorted(request.GET.items()):
        if name in KEPT_PARAMS:
            if not (value.isdigit() and len(value) <= 4):
                return None  # odd values are rendered, not stored under new keys
            kept.append(f"{name}={value}")
        elif name not in IGNORED_PARAMS and not name.startswith("utm_"):
            return None
    return ENTRY_PREFIX + request.path + "?" + "&".join(kept)


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def _from_entry(request, entry) -> HttpResponse:
    _, _, headers, body, gzipped = entry
    last_modified = parse_http_date_safe(headers.get("Last-Modified", ""))
    conditional = get_conditional_response(
        request, etag=headers.get("ETag"), last_modified=last_modified
    )
    if conditional is not None:
        conditional.headers["X-Page-Cache"] = "hit"
        return conditional
    gzip = _accepts_gzip(request)
    response = HttpResponse(gzipped if gzip else body)
    for name, value in headers.items():
        response.headers[name] = value
    if gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(response.content))
    response.headers["X-Page-Cache"] = "hit"
    return response


def _storable(request, response) -> bool:
    return (
        getattr(response, "reader_cacheable", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _entry(request, response, state: BlogState):
    body = response.content
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:  # generated while rendering: this response's nonce only
        body = body.replace(f' nonce="{nonce}"'.encode(), b"")
    patch_vary_headers(response, ["Accept-Encoding"])
    if "Last-Modified" not in response and state.last_modified:
        response.headers["Last-Modified"] = http_date(state.last_modified.timestamp())
    headers = {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS}
    return (state.version, state.next_publish_at, headers, body, compress_string(body))


class PageCacheMiddleware:
    """Serve anonymous readers whole pages from the cache; store them on a miss.

    Sits after the CSP middleware (each response still gets the policy) and
    before sessions, CSRF and authentication, which a stored page never needs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key(request)
        request._page_cache_key = key
        if key is None:
            return self.get_response(request)
        found = _cache_call(cache.get_many, [STATE_KEY, key]) or {}
        state = found.get(STATE_KEY)
        entry = found.get(key)
        now = time.time()
        if (
            state is not None
            and state.is_current(now)
            and entry is not None
            and entry[0] == state.version
        ):
            return _from_entry(request, entry)
        state = blog_state(known=state)
        response = self.get_response(request)
        if _storable(request, response):
            entry = _entry(request, response, state)
            _cache_call(cache.set, key, entry, _timeout(state, now))
            response.headers["X-Page-Cache"] = "miss"
        return response


def _timeout(state: BlogState, now: float) -> int:
    if state.next_publish_at is None:
        return ENTRY_SECONDS
    return max(1, min(ENTRY_SECONDS, int(state.next_publish_at - now) + 1))
