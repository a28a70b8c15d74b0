"""How long free_slots takes for 60 days, with no bookings and with 10,000 past ones.

Run: .venv/bin/python benchmarks/bench_free_slots.py
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching \
         .venv/bin/python benchmarks/bench_free_slots.py

It builds a throw-away test database (a SQLite file under var/, or test_<name> on
PostgreSQL), so it never touches real data. Past bookings must not slow the
computation down: only the window's bookings are read, on an index.

The two cases alternate, one run each in turn, RUNS times: the "no bookings"
run deletes every booking inside a transaction (not timed), computes, and rolls
back, so both cases read the same database a moment apart. The figure that
passes or fails is the median of the per-pair ratios, which a busy machine moves
far less than either timing.
"""

import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

DAYS = 60
PAST_BOOKINGS = 10_000
RUNS = 15
NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
TARGET = 1.2


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def timed_without_bookings(function) -> float:
    """Time `function` with the bookings table emptied, then put them back."""
    from bookings.models import Booking

    with transaction.atomic():
        Booking.objects.all()._raw_delete(Booking.objects.db)
        elapsed = timed(function)
        transaction.set_rollback(True)
    return elapsed


def alternate(function, runs: int = RUNS) -> list[tuple[float, float]]:
    """Without, then with the bookings, `runs` times in turn: [(empty, loaded)]."""
    return [(timed_without_bookings(function), timed(function)) for _ in range(runs)]


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


def main() -> int:
    from bookings.services import free_slots

    def compute():
        return free_slots(NOW, NOW + timedelta(days=DAYS), now=NOW)

    vendor = connection.vendor
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        set_up_availability()
        slots = len(compute())
        add_past_bookings(PAST_BOOKINGS)
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE bookings_booking")
        with CaptureQueriesContext(connection) as queries:
            assert len(compute()) == slots
        pairs = alternate(compute)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    ratios = [b / a for a, b in pairs]
    ratio = statistics.median(ratios)

    def ms(values):
        mid, low, high = statistics.median(values), min(values), max(values)
        return f"{mid * 1000:8.2f} ms ({low * 1000:.2f}-{high * 1000:.2f})"

    print(f"database: {vendor}")
    print(f"free_slots over {DAYS} days: {slots} slots, {len(queries)} queries")
    print(f"{RUNS} alternated pairs, median (min-max)")
    print(f"  no bookings:            {ms([a for a, _ in pairs])}")
    print(f"  {PAST_BOOKINGS:,} past bookings:  {ms([b for _, b in pairs])}")
    print(
        f"  ratio:                  {ratio:8.2f}x "
        f"({min(ratios):.2f}-{max(ratios):.2f}) (target <= {TARGET}x)"
    )
    print("PASS" if ratio <= TARGET else "FAIL")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
