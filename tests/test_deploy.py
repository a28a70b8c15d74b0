"""The committed deployment config agrees with the settings it depends on."""

import configparser
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def test_worker_unit_signals_the_worker_only_and_waits_longer_than_it_may_take():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(ROOT / "deploy" / "coaching-worker.service")
    service = unit["Service"]

    assert service["KillMode"] == "mixed"
    assert "celery -A coaching worker" in service["ExecStart"]
    # Production settings (the suite runs with debug off): a running task may
    # reach its hard time limit before the worker's own stop clock ends it.
    assert settings.CELERY_TASK_TIME_LIMIT < settings.WORKER_STOP_SECONDS
    assert int(service["TimeoutStopSec"]) > settings.WORKER_STOP_SECONDS
