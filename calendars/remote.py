"""Talking to a CalDAV account through the `caldav` library (no database here).

The server address passes the same guard as an iCal address (https, public,
or loopback when CALENDAR_ALLOW_LOOPBACK is on for development and tests)
before any request. Hooks on the client's HTTP session then hold every
request to it: the address actually connected to is checked before the
request is sent (so DNS cannot swap in a private one), a redirect is followed
only to an address passing the same guard, and no answer is read past
CALENDAR_MAX_BYTES. Errors come back as FetchFailed with one sentence for her.
"""

import io
import ipaddress
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urljoin

import caldav
from caldav.elements import dav
from caldav.elements.base import ValuedBaseElement
from caldav.lib import error as caldav_error
from django.conf import settings

from calendars.fetching import (
    LOOPBACK,
    MAX_REDIRECTS,
    FetchFailed,
    check_address,
    network_reason,
)

try:  # niquests is what caldav speaks HTTP with; requests on older installs
    from niquests.exceptions import RequestException
except ImportError:  # pragma: no cover
    from requests.exceptions import RequestException


class GetCTag(ValuedBaseElement):
    """CalendarServer's collection tag: changes whenever the calendar does."""

    tag = "{http://calendarserver.org/ns/}getctag"


@dataclass(frozen=True)
class RemoteCalendar:
    url: str
    name: str


def _reason(exc: Exception) -> str:
    if isinstance(exc, caldav_error.AuthorizationError):
        return "The CalDAV server refused the user name or app password."
    if isinstance(exc, caldav_error.NotFoundError):
        return "The CalDAV server does not know this calendar (404)."
    if isinstance(exc, TimeoutError) or "timeout" in type(exc).__name__.lower():
        return "The CalDAV server took too long to answer."
    if isinstance(exc, RequestException | OSError):
        return network_reason(exc, "The CalDAV server")
    return "The CalDAV server gave an answer the site cannot read."


def failures():
    """The exceptions a CalDAV call may raise, for `except` clauses."""
    return (caldav_error.DAVError, RequestException, OSError, ValueError, KeyError)


def _check_connected(message) -> None:
    """Refuse a connection made to an address the site never calls."""
    info = getattr(message, "conn_info", None)
    destination = getattr(info, "destination_address", None)
    if not destination:
        raise FetchFailed("The CalDAV server's address could not be checked.")
    ip = str(destination[0]).split("%")[0]
    if ipaddress.ip_address(ip).is_global:
        return
    if settings.CALENDAR_ALLOW_LOOPBACK and ip in LOOPBACK:
        return
    raise FetchFailed("The CalDAV server's address points to a private network.")


def _before_sending(request):
    _check_connected(request)
    return request


def _on_response(response, **kwargs):
    """Check where the answer came from, where it redirects, and its size."""
    _check_connected(response)
    if response.is_redirect:
        target = urljoin(response.url, response.headers.get("Location", ""))
        check_address(target)
    limit = settings.CALENDAR_MAX_BYTES
    too_large = f"The CalDAV server's answer is larger than {limit // 2**20} MB."
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        response.close()
        raise FetchFailed(too_large)
    if kwargs.get("stream") or response.raw is None:
        return response
    # Read the body here, within the cap, from the documented `raw` stream, and
    # leave an in-memory copy in its place for `response.content` to read.
    original = response.raw
    body = bytearray()
    try:
        for chunk in original.stream(65536, decode_content=True):
            body += chunk
            if len(body) > limit:
                raise FetchFailed(too_large)
    except FetchFailed:
        response.close()
        raise
    except Exception as exc:
        response.close()
        raise FetchFailed(_reason(exc)) from exc
    original.release_conn()
    response.raw = io.BytesIO(bytes(body))
    return response


def guard_session(session) -> None:
    """Hold every request of a caldav client's HTTP session to the site's rules."""
    session.max_redirects = MAX_REDIRECTS
    session.hooks["pre_send"].append(_before_sending)
    session.hooks["response"].append(_on_response)


class Account:
    """One CalDAV account, opened for a few calls with a time limit on each."""

    def __init__(self, url: str, username: str, password: str, *, timeout: float):
        scheme = check_address(url)[0]
        self.client = caldav.DAVClient(
            url=url,
            username=username or None,
            password=password or None,
            timeout=timeout,
            enable_rfc6764=False,
            require_tls=scheme == "https",
        )
        guard_session(self.client.session)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.client.close()

    def _guarded(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except failures() as exc:
            raise FetchFailed(_reason(exc)) from exc

    def calendars(self) -> list[RemoteCalendar]:
        """The account's calendars that hold events."""

        def listing():
            found = []
            for calendar in self.client.principal().calendars():
                name = calendar.get_display_name() or str(calendar.url).rstrip("/")
                found.append(RemoteCalendar(str(calendar.url), name.split("/")[-1]))
            return found

        return self._guarded(listing)

    def calendar(self, url: str):
        return self.client.calendar(url=url)

    def change_mark(self, url: str) -> str:
        """The calendar's sync-token (or CTag): equal marks mean no change."""

        def mark():
            calendar = self.calendar(url)
            props = calendar.get_properties([dav.SyncToken(), GetCTag()])
            token = props.get(dav.SyncToken.tag) or props.get(GetCTag.tag) or ""
            return str(token)

        return self._guarded(mark)

    def event_data(self, url: str, start: datetime, end: datetime) -> list[bytes]:
        """The raw iCalendar data of every event touching [start, end)."""

        def search():
            calendar = self.calendar(url)
            found = calendar.search(start=start, end=end, event=True, expand=False)
            return [
                obj.data.encode() if isinstance(obj.data, str) else obj.data
                for obj in found
            ]

        return self._guarded(search)

    def put_event(self, url: str, uid: str, ics: str) -> None:
        """Store the event under a name made from its UID (the same each time)."""
        href = _event_href(url, uid)
        response = self._guarded(
            self.client.put, href, ics, {"Content-Type": "text/calendar; charset=utf-8"}
        )
        if response.status >= 400:
            raise FetchFailed(
                f"The CalDAV server refused to store the call ({response.status})."
            )

    def delete_event(self, url: str, uid: str) -> None:
        """Remove the event; one already gone counts as removed."""
        response = self._guarded(self.client.delete, _event_href(url, uid))
        if response.status >= 400 and response.status not in (404, 410):
            raise FetchFailed(
                f"The CalDAV server refused to remove the call ({response.status})."
            )


def _event_href(calendar_url: str, uid: str) -> str:
    return calendar_url.rstrip("/") + "/" + quote(uid, safe="") + ".ics"
