"""Whole pages for anonymous readers, kept until the blog changes.

The design (who gets stored pages, how they never go stale, the per-process
copies, the CSP nonce, compression, revalidation) is written once, in the
README's "Page cache" section; comments here only explain the code.
"""

import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from functools import cache as memoize
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.text import compress_string

from coaching.blogwatch import MAX_AGE_SECONDS, WATCH, announce_change
from coaching.cache import quietly
from coaching.versions import drop_now_and_after_commit

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


# What the pages show says when it changed and when it will change by itself:
# the blog registers its function in its AppConfig.ready() (`articles.apps`).
_CONTENT_TIMES = []


def register_content_times(times) -> None:
    """Add `times()`: (last change a reader can see, next moment something goes
    live by itself), each an aware datetime or None, read when the state is
    worked out (on the first request after a change, or after that moment)."""
    _CONTENT_TIMES.append(times)


def _compute_state() -> BlogState:
    changes, upcoming = [], []
    for times in _CONTENT_TIMES:
        changed, next_at = times()
        changes += [changed] if changed else []
        upcoming += [next_at] if next_at else []
    return BlogState(
        version=uuid.uuid4().hex,
        last_modified=max(changes, default=None),
        next_publish_at=min(upcoming).timestamp() if upcoming else None,
    )


def blog_state(*, known: BlogState | None = None) -> BlogState:
    """The current blog state; computed (one query) when absent or due."""
    state = known if known is not None else _stored_state()
    if state is None or not state.is_current(time.time()):
        generation = WATCH.generation()
        state = _compute_state()
        _cache_call(cache.set, STATE_KEY, state, None)
        _keep_copy(generation, state)
    return state


class _StateCopy:
    """This process's copy of the stored state, while `WATCH` hears of no change."""

    __slots__ = ("generation", "read_at", "state")

    def __init__(self, generation: int, state: BlogState):
        self.generation = generation
        self.read_at = time.monotonic()
        self.state = state


_state_copy: _StateCopy | None = None


def _stored_state() -> BlogState | None:
    """The state in the shared cache, or this process's copy while it is good."""
    generation = WATCH.generation()
    copy = _state_copy
    if (
        copy is not None
        and copy.generation == generation
        and time.monotonic() - copy.read_at < MAX_AGE_SECONDS
    ):
        return copy.state
    state = _cache_call(cache.get, STATE_KEY)
    _keep_copy(generation, state)
    return state


def _keep_copy(generation: int | None, state: BlogState | None) -> None:
    """Keep `state` as this process's copy, under the generation read before it
    was read or computed: a change heard since makes it stale at once."""
    global _state_copy
    _state_copy = (
        _StateCopy(generation, state)
        if state is not None and generation is not None
        else None
    )


def _cache_call(method, *args):
    return quietly(method, *args, what="page cache")


def blog_last_modified():
    """The last change a reader could see on the blog, from the cached state."""
    return blog_state().last_modified


def for_blog_version(name: str, compute, *, state: BlogState | None = None):
    """`compute()`, kept until the blog changes (for parts of uncached pages).

    Kept in the shared cache and in this process (the key holds the version).
    A None from `compute()` is not kept. Callers must not change what they get:
    the same objects answer every request of this process. `state`: the blog
    state the caller already read, if any.
    """
    key = f"pagecache:part:{(state or blog_state()).version}:{name}"
    value = LOCAL_PARTS.get(key)
    if value is None:
        value = _cache_call(cache.get, key)
        if value is None:
            value = compute()
            if value is not None:
                _cache_call(cache.set, key, value, ENTRY_SECONDS)
        if value is not None:
            LOCAL_PARTS.put(key, value)
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
    """Forget the blog state now and after commit: every stored page is stale.

    Connected to the saves and deletes of every row a cached page shows (by the
    app that owns the row, in its AppConfig.ready()).
    """
    if signal_kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # a login changes nothing a reader sees
    drop_now_and_after_commit(forget_blog_state)


def forget_blog_state() -> None:
    """Drop the shared state, then this process's copy; tell the other processes."""
    _cache_call(cache.delete, STATE_KEY)
    WATCH.changed()
    announce_change()


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


def shows_page(request, number: int) -> None:
    """Say which page of a list this response shows (`?page=`).

    A `?page=` response is stored only when the view said it shows exactly that
    page: pages of other views, numbers out of range (the paginator shows the
    last page) and other spellings (`?page=02`) are rendered, not kept, so a
    loop of requests cannot fill the cache.
    """
    request.page_cache_page = number


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


class _Page:
    """A stored page, ready to answer from: its headers and both bodies."""

    __slots__ = ("version", "headers", "etag", "last_modified", "body", "gzipped")

    def __init__(self, entry):
        self.version, _, self.headers, self.body, self.gzipped = entry
        self.etag = self.headers.get("ETag")
        self.last_modified = parse_http_date_safe(self.headers.get("Last-Modified", ""))

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped)

    def response(self, request) -> HttpResponse:
        meta = request.META
        if "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta:
            conditional = get_conditional_response(
                request, etag=self.etag, last_modified=self.last_modified
            )
            if conditional is not None:
                conditional.headers["X-Page-Cache"] = "hit"
                return conditional
        gzip = _accepts_gzip(request)
        content = self.gzipped if gzip else self.body
        response = HttpResponse(content)
        headers = response.headers
        for name, value in self.headers.items():
            headers[name] = value
        if gzip:
            headers["Content-Encoding"] = "gzip"
        headers["Content-Length"] = str(len(content))
        headers["X-Page-Cache"] = "hit"
        return response


class _Recent:
    """What this process used last, within a total size (least recently used
    goes first); safe between threads. A value over an eighth of it is not kept."""

    def __init__(self, max_size: int, size=lambda value: 1):
        self.max_size = max_size
        self._size_of = size
        self._values: OrderedDict[str, object] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: str, value) -> None:
        if self._size_of(value) > self.max_size // 8:
            return
        with self._lock:
            self._pop(key)
            self._values[key] = value
            self._size += self._size_of(value)
            while self._size > self.max_size:
                self._pop(next(iter(self._values)))

    def pop(self, key: str) -> None:
        with self._lock:
            self._pop(key)

    def _pop(self, key: str) -> None:
        if (value := self._values.pop(key, None)) is not None:
            self._size -= self._size_of(value)


class _LocalPages(_Recent):
    """This process's copy of the pages it served last, by size.

    An entry is only used when its version is the blog version just read from
    the shared cache, so it is never staler than the shared copy.
    """

    def __init__(self, max_bytes: int):
        super().__init__(max_bytes, size=lambda page: page.size)

    def get(self, key: str, version: str) -> _Page | None:
        page = super().get(key)
        if page is not None and page.version != version:
            self.pop(key)
            return None
        return page


LOCAL_PAGES = _LocalPages(max_bytes=16 * 1024 * 1024)
# Parts of uncached pages; their keys hold the blog version.
LOCAL_PARTS = _Recent(max_size=256)


def _right_page(request) -> bool:
    """No `?page=`, or one the view showed, spelled as the view spells it."""
    asked = request.GET.get("page")
    if asked is None:
        return True
    return str(getattr(request, "page_cache_page", None)) == asked


def _storable(request, response) -> bool:
    return (
        getattr(response, "reader_cacheable", False)
        and _right_page(request)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _entry(request, response, state: BlogState):
    body = response.content
    nonce = get_nonce(request)
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
        # A stored page answers only the site's own names (DNS rebinding): an
        # unknown Host raises here and gets the same 400 as uncached pages.
        request.get_host()
        now = time.time()
        state = _stored_state()
        if state is not None and state.is_current(now):
            page = LOCAL_PAGES.get(key, state.version)
            if page is not None:
                return page.response(request)
            entry = _cache_call(cache.get, key)
            if entry is not None and entry[0] == state.version:
                page = _Page(entry)
                LOCAL_PAGES.put(key, page)
                return page.response(request)
        state = blog_state(known=state)
        response = self.get_response(request)
        if _storable(request, response):
            entry = _entry(request, response, state)
            _cache_call(cache.set, key, entry, _timeout(state, now))
            LOCAL_PAGES.put(key, _Page(entry))
            response.headers["X-Page-Cache"] = "miss"
        return response


def _timeout(state: BlogState, now: float) -> int:
    if state.next_publish_at is None:
        return ENTRY_SECONDS
    return max(1, min(ENTRY_SECONDS, int(state.next_publish_at - now) + 1))
