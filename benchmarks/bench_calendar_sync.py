"""What reading one of her calendars costs: a 5,000-event iCal address.

Run: .venv/bin/python benchmarks/bench_calendar_sync.py

A local server (ETag and 304, as Google and Outlook answer) serves a calendar
of 5,000 events (two years back, six months ahead, one in twenty weekly). The
benchmark adds it, then reads it again unchanged (it must cost one conditional
request and no parsing) and changed (parsed and stored; target under 1 s). It
builds a throw-away test database, so it never touches real data.
"""

import hashlib
import http.server
import os
import statistics
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

import icalendar  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

EVENTS = 5_000
RUNS = 5
NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)
TARGET_SECONDS = 1.0


def make_calendar(events: int, salt: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", "America/Chicago")
    first = NOW - timedelta(days=730)
    step = timedelta(days=910) / events
    for n in range(events):
        event = icalendar.Event()
        start = first + step * n
        event.add("uid", f"event-{n}-{salt}@bench")
        event.add("dtstamp", NOW)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=45))
        event.add("summary", f"Event {n}")
        if n % 20 == 0:
            event.add("rrule", {"FREQ": "WEEKLY", "COUNT": 10})
        calendar.add_component(event)
    return calendar.to_ical()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        body = self.server.body
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        self.server.requests += 1
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


def main() -> int:
    from calendars import reading, services
    from calendars.models import BusyInterval

    settings.CALENDAR_ALLOW_LOOPBACK = True
    parses = []
    original_parse = reading.parse

    def counted_parse(data):
        started = time.perf_counter()
        try:
            return original_parse(data)
        finally:
            parses.append(time.perf_counter() - started)

    reading.parse = counted_parse
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.body, server.requests = make_calendar(EVENTS, "a"), 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/basic.ics"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        source = services.add_calendar(address=url, name="Bench")
        unchanged, changed, changed_cpu = [], [], []
        for run in range(RUNS):
            server.requests, parses[:] = 0, []
            started = time.perf_counter()
            report = services.sync_calendar_source(source_id=source.pk, now=NOW)
            unchanged.append(time.perf_counter() - started)
            assert report.changed == [] and not parses and server.requests == 1
            server.body = make_calendar(EVENTS, f"b{run}")
            started, cpu = time.perf_counter(), time.process_time()
            report = services.sync_calendar_source(source_id=source.pk, now=NOW)
            changed.append(time.perf_counter() - started)
            changed_cpu.append(time.process_time() - cpu)
            assert report.changed and report.failure == ""
        kept = BusyInterval.objects.count()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        server.shutdown()

    size = len(server.body) / 2**20
    slowest = max(changed)
    print(f"database: {connection.vendor}")
    print(f"calendar: {EVENTS:,} events ({size:.1f} MB), {kept:,} busy intervals kept")
    print(f"{RUNS} runs, median (min-max)")
    print(
        f"  unchanged: {statistics.median(unchanged) * 1000:8.1f} ms "
        f"({min(unchanged) * 1000:.1f}-{max(unchanged) * 1000:.1f}): "
        "1 conditional request (304), no parsing"
    )
    print(
        f"  changed:   {statistics.median(changed) * 1000:8.1f} ms "
        f"({min(changed) * 1000:.1f}-{slowest * 1000:.1f}): "
        f"fetched, parsed, expanded and stored (target < {TARGET_SECONDS:.0f} s)"
    )
    print(
        f"  changed, CPU time of this process: "
        f"{statistics.median(changed_cpu) * 1000:8.1f} ms "
        f"({min(changed_cpu) * 1000:.1f}-{max(changed_cpu) * 1000:.1f}) "
        f"(load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )
    print("PASS" if slowest < TARGET_SECONDS else "FAIL")
    return 0 if slowest < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
