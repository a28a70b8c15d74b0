"""Time to plan and send a post to 10,000 subscribers through a local SMTP sink.

Run: .venv/bin/python benchmarks/bench_newsletter.py
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching \
         .venv/bin/python benchmarks/bench_newsletter.py

It builds a throw-away test database (a SQLite file under var/, or test_<name> on
PostgreSQL), so it never touches real data. Planning (writing the recipient
rows) is timed for 2,500, 5,000 and 10,000 subscribers and must stay under
2 seconds for 10,000 and grow linearly. Writing the outbox rows (a follow-up
task, in chunks) is timed for 10,000. Sending runs the outbox's claim and send
steps in this process, against an aiosmtpd sink on a free loopback port. Peak
memory: Python allocations (tracemalloc) while planning, the process's peak
resident size after sending.
"""

import os
import resource
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = [2_500, 5_000, 10_000]
# BENCH_SKIP_SEND=1 stops after planning and queueing (sending takes minutes).
SKIP_SEND = os.environ.get("BENCH_SKIP_SEND") == "1"
PLAN_TARGET_SECONDS = 2.0


def make_subscribers(count: int) -> None:
    from newsletter.models import Subscriber

    Subscriber.objects.all().delete()
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"reader{n}@example.com",
                status=Subscriber.Status.SUBSCRIBED,
                source=Subscriber.Source.IMPORT,
                consent_wording="Benchmark.",
                requested_at=now,
                confirmed_at=now,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


def make_post(author, series, n: int):
    from articles.models import Post

    return Post.objects.create(
        title=f"Benchmark post {n}",
        slug=f"benchmark-post-{n}",
        summary="Benchmark.",
        body="Some **Markdown** with [a link](/blog/) about the gut and MS.\n" * 20,
        author=author,
        series=series,
        status=Post.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(minutes=1),
    )


def plan(post) -> tuple[float, int]:
    from newsletter import services

    started = time.perf_counter()
    send = services.start_post_send(post_id=post.pk)
    return time.perf_counter() - started, send.recipient_count


def queue_for_outbox(post) -> float:
    """Write the send's outbox rows, chunk by chunk, as its follow-up task does."""
    from newsletter import services

    started = time.perf_counter()
    services.queue_post_emails(post_id=post.pk)
    return time.perf_counter() - started


def send_all(port: int) -> tuple[float, int]:
    """Claim and send every due message, as the beat job and workers would."""
    from outbox import services as outbox

    settings.MAILERS = {
        **settings.MAILERS,
        "newsletter": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 20},
        },
    }
    settings.OUTBOX_MAILERS = {"transactional": "default", "newsletter": "newsletter"}
    settings.OUTBOX_RATE_LIMITS = {"newsletter": 1_000_000}
    started = time.perf_counter()
    sent_batches = 0
    while batches := outbox.claim_due_messages():
        for ids in batches:
            outbox.send_messages(message_ids=ids)
            sent_batches += 1
    return time.perf_counter() - started, sent_batches


def main() -> None:
    import logging

    from articles.models import Series
    from coaching.models import User
    from tests.smtp import SmtpServer

    logging.getLogger("outbox").setLevel(logging.WARNING)
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    vendor = connection.vendor
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    sink = SmtpServer()
    sink.start()
    try:
        author = User.objects.create(username="bench-coach")
        series = Series.objects.create(title="MSMonday", slug="msmonday")
        plans = []
        for n, size in enumerate(SIZES):
            make_subscribers(size)
            post = make_post(author, series, 2 * n)
            seconds, count = plan(post)
            assert count == size, (count, size)
            # Memory on a second post: tracemalloc would slow the timed run.
            tracemalloc.start()
            plan(make_post(author, series, 2 * n + 1))
            plan_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            plans.append((size, seconds, plan_peak))
        queue_seconds = queue_for_outbox(post)
        # tracemalloc would slow sending several times: the process's peak
        # resident memory is read instead.
        send_seconds, batches = (None, 0) if SKIP_SEND else send_all(sink.port)
        send_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    finally:
        sink.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)

    received, most = sum(sink.received.values()), max(sink.received.values(), default=0)
    print(f"database: {vendor}")
    print("planning a post's send (its recipient rows):")
    for size, seconds, peak in plans:
        per_k = seconds / size * 1000
        print(
            f"  {size:>6,} subscribers: {seconds * 1000:8.1f} ms "
            f"({per_k * 1000:6.1f} ms per 1,000), peak {peak / 2**20:6.1f} MiB"
        )
    largest = plans[-1][1]
    ratio = largest / plans[0][1]
    print(f"  10,000 vs 2,500: {ratio:.2f}x (linear is 4x)")
    verdict = "OK" if largest < PLAN_TARGET_SECONDS else "TOO SLOW"
    print(f"  target < {PLAN_TARGET_SECONDS:.0f} s for 10,000: {verdict}")
    print(f"writing the {SIZES[-1]:,} outbox rows in chunks: {queue_seconds:.2f} s")
    if SKIP_SEND:
        return
    print(
        f"sending {SIZES[-1]:,} emails through the SMTP sink: {send_seconds:.1f} s "
        f"({SIZES[-1] / send_seconds:.0f}/s, {batches} batches), "
        f"process peak RSS {send_peak / 2**20:.1f} MiB; sink received {received:,}, "
        f"at most {most} per address"
    )


if __name__ == "__main__":
    main()
