"""Concurrent claims and sends: row locks and SKIP LOCKED on PostgreSQL, the
IMMEDIATE write lock on SQLite."""

import threading

import pytest
from django.db import connection, transaction

from outbox import services
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_thread(function, results):
    def target():
        try:
            results.append(function())
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


@pytest.mark.postgres
def test_a_second_claim_skips_rows_another_claim_holds():
    rows = MessageFactory.create_batch(50)
    first_holds, second_done = threading.Event(), threading.Event()
    first, second = [], []

    def claim_and_hold():
        with transaction.atomic():
            batches = services.claim_due_messages(limit=30)
            first_holds.set()
            second_done.wait(timeout=20)  # keep the row locks meanwhile
        return batches

    def claim_after():
        first_holds.wait(timeout=20)
        try:
            return services.claim_due_messages()
        finally:
            second_done.set()

    threads = [run_in_thread(claim_and_hold, first), run_in_thread(claim_after, second)]
    for thread in threads:
        thread.join(timeout=30)

    ids_first = [pk for batch in first[0] for pk in batch]
    ids_second = [pk for batch in second[0] for pk in batch]
    assert len(ids_first) == 30
    assert len(ids_second) == 20
    assert sorted(ids_first + ids_second) == sorted(m.pk for m in rows)


def test_the_same_batch_sent_by_two_workers_at_once_goes_out_once(smtp_server):
    rows = MessageFactory.create_batch(10, stream="newsletter")
    ids = [m.pk for m in rows]
    start = threading.Barrier(2)
    sent = []

    def send():
        start.wait(timeout=10)
        return services.send_messages(message_ids=ids)

    threads = [run_in_thread(send, sent) for _ in range(2)]
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(sent) == [0, 10]
    assert [smtp_server.count(m.to_email) for m in rows] == [1] * 10
