"""Reaching other people's servers safely: public addresses only, pinned.

A host name is resolved once and the checked address is the one connected to,
so DNS cannot swap a public answer for a private one between the check and the
connection. Used by the blog import (pictures) and by the coach's calendars.
"""

import http.client
import ipaddress
import socket
import ssl


class AddressRefused(Exception):  # noqa: N818 (a refusal, named for what it says)
    """The host does not resolve, or resolves to an address the site never calls."""


def public_address(host: str, port: int, *, allowed=False) -> str:
    """A checked IP address for `host`; private, loopback and the like refused.

    `allowed` is False (production), True (tests: anything), or a set of
    addresses let through even though they are not public.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise AddressRefused("the host name does not resolve") from exc
    allowed = allowed if isinstance(allowed, bool | set | frozenset) else bool(allowed)
    for info in infos:
        ip = info[4][0].split("%")[0]
        if ipaddress.ip_address(ip).is_global or allowed is True:
            continue
        if allowed is False or ip not in allowed:
            raise AddressRefused("the address is private or local")
    return infos[0][4][0]


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to a checked address, whatever the name resolves to now."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked address; the certificate is checked for the host name."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
