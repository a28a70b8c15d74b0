"""A real CalDAV server (Radicale, from PyPI) and a local iCal address server.

Radicale runs as its own process on a free loopback port with its own storage
folder and no authentication (any user name is accepted, each user has their
own calendars), for the whole test session. The iCal server serves files
written for these tests in the shapes Google, Outlook and iCloud export.
"""

import hashlib
import http.server
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import time as dtime
from pathlib import Path

import caldav
import pytest
import time_machine

from bookings.models import ConsultSettings
from tests.calendars.events import NOW
from tests.factories import WeeklyWindowFactory

FEEDS = Path(__file__).parent / "feeds"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("Radicale did not start")


@pytest.fixture(scope="session")
def radicale(tmp_path_factory):
    """The base address of a Radicale server running for this session."""
    port = _free_port()
    storage = tmp_path_factory.mktemp("radicale")
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(storage / "collections"),
            "--auth-type",
            "none",
            "--rights-type",
            "owner_only",
            "--logging-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class CalDAVAccount:
    """A fresh user on the Radicale server with a Personal and a Work calendar."""

    url: str
    username: str
    password: str = "app-password"
    calendars: dict = field(default_factory=dict)

    def put(self, calendar: str, ics: str) -> None:
        """Store an event (its UID names the resource) straight on the server."""
        uid = next(
            line.split(":", 1)[1].strip()
            for line in ics.splitlines()
            if line.startswith("UID:")
        )
        target = self.calendars[calendar]
        response = target.client.put(
            str(target.url).rstrip("/") + f"/{uid}.ics",
            ics,
            {"Content-Type": "text/calendar"},
        )
        assert response.status < 300, response.status

    def events(self, calendar: str) -> list:
        """The iCalendar objects stored in one calendar now."""
        return list(self.calendars[calendar].events())


@pytest.fixture
def caldav_account(radicale, calendar_settings):
    username = f"coach-{uuid.uuid4().hex[:8]}"
    client = caldav.DAVClient(url=radicale, username=username, password="app-password")
    principal = client.principal()
    account = CalDAVAccount(url=radicale, username=username)
    for name, cal_id in (("Personal", "personal"), ("Work", "work")):
        account.calendars[name] = principal.make_calendar(name=name, cal_id=cal_id)
    yield account
    client.close()


@pytest.fixture(autouse=True)
def clock():
    """Tuesday 1 January 2030, noon UTC, ticking."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def mondays(db):
    """Mondays 9:00-12:00 in Chicago, hour-long calls on the hour."""
    cfg = ConsultSettings.load()
    cfg.call_minutes = 60
    cfg.slot_step_minutes = 60
    cfg.min_notice_hours = 0
    cfg.horizon_days = 120
    cfg.buffer_before_minutes = cfg.buffer_after_minutes = 0
    cfg.max_per_day = 10
    cfg.save()
    WeeklyWindowFactory(weekday=0, starts_at=dtime(9), ends_at=dtime(12))
    return cfg


@pytest.fixture
def calendar_settings(settings):
    """Fetches may reach the local test servers; the coach lives in Chicago."""
    settings.CALENDAR_ALLOW_LOOPBACK = True
    settings.COACH_TIME_ZONE = "America/Chicago"
    settings.COACH_CALENDAR_ADDRESSES = ["coach@example.com"]
    settings.CALENDAR_ENCRYPTION_KEY = ""
    return settings


class _FeedHandler(http.server.BaseHTTPRequestHandler):
    server_version = "FeedServer/1"

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (the standard library's name)
        feeds = self.server.feeds
        self.server.requests.append((self.path, dict(self.headers)))
        route = feeds.get(self.path)
        if not route:
            self.send_error(404)
            return
        if route.get("delay"):
            time.sleep(route["delay"])
        if "redirect" in route:
            self.send_response(302)
            self.send_header("Location", route["redirect"])
            self.end_headers()
            return
        if "huge" in route:
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.end_headers()
            chunk = b"X" * 65536
            try:
                for _ in range(route["huge"] // len(chunk)):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        body = route["body"]
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


class FeedServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _FeedHandler)
        self.feeds: dict[str, dict] = {}
        self.requests: list = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def serve_file(self, path: str, name: str, **replacements) -> str:
        body = (FEEDS / name).read_text()
        for key, value in replacements.items():
            body = body.replace("{" + key + "}", value)
        self.feeds[path] = {"body": body.encode()}
        return self.url(path)


@pytest.fixture
def feed_server(calendar_settings):
    server = FeedServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
