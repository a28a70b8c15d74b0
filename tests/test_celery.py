import threading

import pytest
from celery.contrib.testing.worker import start_worker

from coaching.celery import app as celery_app

received = {}
done = threading.Event()


@celery_app.task(name="tests.record_delivery")
def record_delivery(*, booking_id):
    received["booking_id"] = booking_id
    done.set()


def test_celery_accepts_only_json_and_has_time_limits():
    conf = celery_app.conf

    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_time_limit > conf.task_soft_time_limit > 0


@pytest.mark.broker
def test_task_travels_through_the_real_broker_to_a_worker():
    done.clear()
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10
    ):
        record_delivery.delay(booking_id=42)

        assert done.wait(timeout=20), "the worker never received the task"

    assert received == {"booking_id": 42}
