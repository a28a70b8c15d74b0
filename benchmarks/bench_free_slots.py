"""How long free_slots takes for 60 days, with no bookings and with 10,000 past ones.

Run: .venv/bin/python benchmarks/bench_free_slots.py
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching \
         .venv/bin/python benchmarks/bench_free_slots.py

It builds a throw-away test database (a SQLite file under var/, or test_<name> on
PostgreSQL), so it never touches real data. Past bookings must not slow the
computation down: only the window's bookings are read, on an index.
"""

import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

DAYS = 60
PAST_BOOKINGS = 10_000
RUNS = 15
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def best_of(function, runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def set_up_availability() -> None:
    from bookings import demo
    from bookings.models import ConsultSettings

    demo.load(coach=None)
    cfg = ConsultSettings.load()
    cfg.horizon_days = DAYS
    cfg.min_notice_hours = 0
    cfg.save()


def add_past_bookings(count: int) -> None:
    from bookings.models import Booking, Client

    client = Client.objects.create(
        name="Benchmark client", email="bench@example.com", time_zone="UTC"
    )
    # One call every two hours, going back from a day before NOW.
    first = NOW - timedelta(days=1)
    Booking.objects.bulk_create(
        (
            Booking(
                client=client,
                starts_at=first - timedelta(hours=2 * n),
                ends_at=first - timedelta(hours=2 * n) + timedelta(minutes=30),
                status=Booking.Status.COMPLETED if n % 3 else Booking.Status.CONFIRMED,
                help_with="Benchmark.",
                time_zone="UTC",
            )
            for n in range(count)
        ),
        batch_size=1000,
    )


def main() -> None:
    from bookings.services import free_slots

    def compute():
        return free_slots(NOW, NOW + timedelta(days=DAYS), now=NOW)

    vendor = connection.vendor
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        set_up_availability()
        slots = len(compute())
        empty = best_of(compute)
        add_past_bookings(PAST_BOOKINGS)
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE bookings_booking")
        with CaptureQueriesContext(connection) as queries:
            assert len(compute()) == slots
        loaded = best_of(compute)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"database: {vendor}")
    print(f"free_slots over {DAYS} days: {slots} slots, {len(queries)} queries")
    print(f"  no bookings:            {empty * 1000:8.2f} ms (best of {RUNS})")
    print(
        f"  {PAST_BOOKINGS:,} past bookings:  {loaded * 1000:8.2f} ms (best of {RUNS})"
    )
    print(f"  ratio:                  {loaded / empty:8.2f}x (target <= 1.2x)")


if __name__ == "__main__":
    main()
