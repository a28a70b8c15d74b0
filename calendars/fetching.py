"""Fetching a secret iCal address: guarded, conditional, capped (reads only).

Only https (a webcal:// address is read as https) to public addresses, pinned
to the address that was checked; redirects are followed only to public
addresses; a size cap and time limits on every fetch. CALENDAR_ALLOW_LOOPBACK
(development and tests only) also lets http and https reach 127.0.0.1.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from coaching import netguard

MAX_REDIRECTS = 3
LOOPBACK = frozenset({"127.0.0.1", "::1"})


class FetchFailed(Exception):
    """The calendar could not be read; the message is one sentence for her."""


@dataclass(frozen=True)
class Fetched:
    """A fetch's answer: `body` is None when the calendar has not changed."""

    body: bytes | None
    etag: str = ""
    last_modified: str = ""


def normalise_address(address: str) -> str:
    """The address as fetched: webcal:// becomes https://; spaces trimmed."""
    address = address.strip()
    if address.lower().startswith("webcal://"):
        address = "https://" + address[len("webcal://") :]
    return address


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def check_address(address: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, checked IP) for an address the site may call."""
    parts = urlsplit(normalise_address(address))
    loopback_ok = settings.CALENDAR_ALLOW_LOOPBACK
    if not parts.hostname:
        raise FetchFailed("The address is not a web address.")
    local_http = loopback_ok and _is_loopback(parts.hostname)
    if parts.scheme != "https" and not (parts.scheme == "http" and local_http):
        raise FetchFailed("Only https:// and webcal:// addresses can be read.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchFailed("The address has a bad port number.") from exc
    try:
        ip = netguard.public_address(
            parts.hostname, port, allowed=LOOPBACK if loopback_ok else False
        )
    except netguard.AddressRefused as exc:
        if "resolve" in str(exc):
            raise FetchFailed("The server's name could not be found.") from exc
        raise FetchFailed("The address points to a private network.") from exc
    return parts.scheme, parts.hostname, port, ip


def _request(url: str, headers: dict, timeout: float):
    scheme, host, port, ip = check_address(url)
    kind = (
        netguard.PinnedHTTPSConnection
        if scheme == "https"
        else netguard.PinnedHTTPConnection
    )
    connection = kind(host, port, ip, timeout=timeout)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection.request("GET", path, headers=headers)
    return connection, connection.getresponse()


def _read_capped(response, limit: int, deadline: float) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise FetchFailed(f"The calendar is larger than {limit // 2**20} MB.")
    chunks, size = [], 0
    while True:
        chunk = response.read(min(65536, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise FetchFailed(f"The calendar is larger than {limit // 2**20} MB.")
        if time.monotonic() > deadline:
            raise FetchFailed("The calendar's server took too long to answer.")
    return b"".join(chunks)


STATUS_REASONS = {
    401: "The calendar's server refused the address (401): it may have been reset.",
    403: "The calendar's server refused the address (403): it may have been reset.",
    404: "The calendar's server no longer knows this address (404).",
    410: "The calendar's server no longer knows this address (410).",
}


def fetch(
    address: str, *, etag: str = "", last_modified: str = "", timeout: float
) -> Fetched:
    """The calendar at `address`, or Fetched(None) if unchanged since the marks."""
    url = normalise_address(address)
    deadline = time.monotonic() + max(timeout * 3, timeout)
    headers = {"User-Agent": "coaching-site-calendar/1", "Accept": "text/calendar"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _ in range(MAX_REDIRECTS + 1):
        try:
            connection, response = _request(url, headers, timeout)
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            raise FetchFailed(_network_reason(exc)) from exc
        try:
            if response.status in (301, 302, 303, 307, 308):
                url = urljoin(url, response.getheader("Location", ""))
                continue
            if response.status == 304:
                return Fetched(None, etag, last_modified)
            if response.status != 200:
                reason = STATUS_REASONS.get(
                    response.status,
                    f"The calendar's server answered with an error "
                    f"({response.status}).",
                )
                raise FetchFailed(reason)
            body = _read_capped(response, settings.CALENDAR_MAX_BYTES, deadline)
            return Fetched(
                body,
                response.getheader("ETag", "") or "",
                response.getheader("Last-Modified", "") or "",
            )
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            raise FetchFailed(_network_reason(exc)) from exc
        finally:
            connection.close()
    raise FetchFailed("The address redirects too many times.")


def _network_reason(exc: Exception) -> str:
    return network_reason(exc, "The calendar's server")


def network_reason(exc: BaseException, server: str) -> str:
    """Why a server could not be reached, in words for her (no error names)."""
    seen = exc
    while seen is not None:  # the library's error, then what caused it
        if isinstance(seen, TimeoutError):
            return f"{server} took too long to answer."
        if isinstance(seen, ConnectionRefusedError):
            return f"{server} refused the connection: it may be down for now."
        if isinstance(seen, socket.gaierror):
            return f"{server}'s name could not be found: check the address."
        if isinstance(seen, ssl.SSLError):
            return f"{server}'s security certificate could not be checked."
        seen = seen.__cause__ or seen.__context__
    return f"{server} could not be reached."
