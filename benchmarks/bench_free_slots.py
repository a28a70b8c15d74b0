"""How long free_slots takes for 60 days, with no bookings and with 10,000 past
ones; and with none and with 2,000 busy intervals from three of her calendars.

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
far less than either timing. The calendar case alternates the same way, with the
busy intervals deleted and rolled back.
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
BUSY_INTERVALS = 2_000
CALENDARS = 3
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


def timed_without_busy(function) -> float:
    """Time `function` with no calendar busy times, then put them back."""
    from calendars.models import BusyInterval, Calendar

    with transaction.atomic():
        BusyInterval.objects.all()._raw_delete(BusyInterval.objects.db)
        Calendar.objects.update(busy_spans=[])
        elapsed = timed(function)
        transaction.set_rollback(True)
    return elapsed


def alternate(
    function, runs: int = RUNS, without=timed_without_bookings
) -> list[tuple[float, float]]:
    """Without, then with the rows, `runs` times in turn: [(empty, loaded)]."""
    return [(without(function), timed(function)) for _ in range(runs)]


def add_busy_intervals(count: int) -> None:
    """Three calendars' short events, all in the 60 days, at scattered times of
    day (about a third of each day busy), so some slots are still free."""
    from calendars import secrets
    from calendars.models import BusyInterval, Calendar, CalendarSource

    calendars = []
    for n in range(CALENDARS):
        source = CalendarSource.objects.create(
            kind=CalendarSource.Kind.ICAL,
            name=f"Calendar {n}",
            address_secret=secrets.encrypt(f"https://example.org/{n}.ics"),
        )
        calendars.append(Calendar.objects.create(source=source, name=source.name))
    per_day = count // DAYS + 1

    def start(n: int):
        minute = (n * 7919) % (24 * 60)  # a prime stride scatters them
        return NOW + timedelta(days=n // per_day, minutes=minute)

    BusyInterval.objects.bulk_create(
        (
            BusyInterval(
                calendar=calendars[n % CALENDARS],
                starts_at=start(n),
                ends_at=start(n) + timedelta(minutes=15),
                title="Benchmark",
            )
            for n in range(count)
        ),
        batch_size=1000,
    )
    for calendar in calendars:
        calendar.refresh_busy_spans()


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
        add_busy_intervals(BUSY_INTERVALS)
        busy_slots = len(compute())
        busy_pairs = alternate(compute, without=timed_without_busy)
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
    busy_ratios = [b / a for a, b in busy_pairs]
    busy_ratio = statistics.median(busy_ratios)
    print(f"{RUNS} alternated pairs, {CALENDARS} calendars, median (min-max)")
    print(f"  no busy times:          {ms([a for a, _ in busy_pairs])}")
    print(
        f"  {BUSY_INTERVALS:,} busy intervals: {ms([b for _, b in busy_pairs])} "
        f"({busy_slots} slots left)"
    )
    print(
        f"  ratio:                  {busy_ratio:8.2f}x "
        f"({min(busy_ratios):.2f}-{max(busy_ratios):.2f}) (target <= {TARGET}x)"
    )
    passed = ratio <= TARGET and busy_ratio <= TARGET
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
