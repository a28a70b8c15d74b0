"""How long the outbox takes to queue, claim and send a 10,000-reader newsletter.

Run: .venv/bin/python benchmarks/bench_outbox.py
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching \
         .venv/bin/python benchmarks/bench_outbox.py

It builds a throw-away test database (a SQLite file under var/, or test_<name> on
PostgreSQL), so it never touches real data. Mail goes to Django's in-memory
backend: the figures are the outbox's own cost, not an SMTP server's.
"""

import logging
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.db import connection  # noqa: E402

ROWS = 10_000
SEND_SAMPLE = 500


def build(message):
    return mail.EmailMultiAlternatives(subject="MSMonday", body="This week's post.")


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def main() -> None:
    from outbox import builders, services

    logging.getLogger("outbox").setLevel(logging.WARNING)  # one line per message

    settings.MAILERS = {
        alias: {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        for alias in settings.MAILERS
    }
    settings.OUTBOX_RATE_LIMITS = {}
    settings.OUTBOX_CLAIM_LIMIT = ROWS
    builders.register("bench.", build=build)
    mail.outbox = []
    rows = [
        {
            "kind": "bench.post",
            "key": f"newsletter:post:1:sub:{n}",
            "to_email": f"reader{n}@example.org",
            "context": {"post_id": 1, "subscriber_id": n},
        }
        for n in range(ROWS)
    ]

    vendor = connection.vendor
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        written, insert = timed(
            lambda: services.enqueue_many(rows, stream="newsletter")
        )
        again, reinsert = timed(
            lambda: services.enqueue_many(rows, stream="newsletter")
        )
        batches, claim = timed(services.claim_due_messages)
        sample = [pk for batch in batches for pk in batch][:SEND_SAMPLE]
        sent, send = timed(lambda: services.send_messages(message_ids=sample))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"database: {vendor}")
    figures = [
        (f"enqueue_many {ROWS:,} rows", insert, f"{written:,} written"),
        ("enqueue_many again (all live)", reinsert, f"{again} written"),
        (f"claim_due_messages {ROWS:,} rows", claim, f"{len(batches)} batches"),
        (f"send_messages {SEND_SAMPLE} rows", send, f"{sent / send:,.0f} per second"),
    ]
    for label, seconds, note in figures:
        print(f"  {label:34} {seconds * 1000:8.0f} ms  ({note})")


if __name__ == "__main__":
    main()
