"""A CalDAV server is held to the iCal rules: public hops only, answers capped."""

import http.server
import threading

import pytest

from calendars import remote
from calendars.fetching import FetchFailed


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_PROPFIND(self):  # noqa: N802 (the standard library's name)
        self.server.hits.append(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        answer = self.server.answer
        if "redirect" in answer:
            self.send_response(301)
            self.send_header("Location", answer["redirect"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = answer["body"]
        self.send_response(207)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        if answer.get("chunked"):
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 65536):
                piece = body[start : start + 65536]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the client hanging up mid-answer is what some tests expect


@pytest.fixture
def dav_server():
    servers = []

    def start(host="127.0.0.1", **answer):
        server = _Server((host, 0), _Handler)
        server.hits, server.answer = [], answer
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        server.url = f"http://{host}:{server.server_address[1]}/dav/"
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _big_answer(size: int) -> bytes:
    head = b'<?xml version="1.0"?><multistatus xmlns="DAV:"><!--'
    return head + b"x" * size + b"--></multistatus>"


def _list_calendars(url: str):
    with remote.Account(url, "coach", "secret", timeout=5) as account:
        return account.calendars()


def test_redirect_to_a_private_address_is_refused(calendar_settings, dav_server):
    private = dav_server(host="127.0.0.2", body=_big_answer(10))
    server = dav_server(redirect=private.url)

    with pytest.raises(FetchFailed) as failed:
        _list_calendars(server.url)

    assert str(failed.value) == "The address points to a private network."
    assert server.hits and not private.hits


@pytest.mark.parametrize("chunked", [False, True])
def test_answer_over_the_cap_is_refused(calendar_settings, dav_server, chunked):
    calendar_settings.CALENDAR_MAX_BYTES = 2**20
    server = dav_server(body=_big_answer(2**20), chunked=chunked)

    with pytest.raises(FetchFailed) as failed:
        _list_calendars(server.url)

    assert str(failed.value) == "The CalDAV server's answer is larger than 1 MB."
    assert server.hits


def test_address_connected_to_is_checked_before_sending(
    calendar_settings, dav_server, monkeypatch
):
    # The name checked out as public, but the connection lands on a private address.
    server = dav_server(host="127.0.0.2", body=_big_answer(10))
    monkeypatch.setattr(
        remote, "check_address", lambda url: ("http", "127.0.0.2", 0, "203.0.113.7")
    )

    with pytest.raises(FetchFailed) as failed:
        _list_calendars(server.url)

    assert str(failed.value) == (
        "The CalDAV server's address points to a private network."
    )
    assert not server.hits
