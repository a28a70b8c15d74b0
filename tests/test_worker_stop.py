"""A Celery worker whose pool processes died still stops on SIGTERM in time.

Killed while waiting for work, a pool process leaves the pool's queue lock held;
billiard's exit handler then waited for it for ever, and the worker ignored
SIGTERM and SIGQUIT for minutes. The worker runs here for real (file broker,
SQLite, a plain environment), in development and in production settings.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLAIN_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")
READY_SECONDS = 120
SLACK_SECONDS = 3  # exiting itself (interpreter shutdown) on a busy machine

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc"),
]


def _pool_of(pid: int) -> set[int]:
    pool = set()
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if entry.name.isdigit() and int(fields[1]) == pid and fields[0] != "Z":
            pool.add(int(entry.name))
    return pool


def _wait_for(predicate, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


@pytest.mark.parametrize(
    ("environment", "stop_seconds"),
    [
        ({"DJANGO_DEBUG": "1"}, 3.0),  # make run's default
        (
            {
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": "worker-stop-test-key-0123456789-abcdefghij",
                "DJANGO_LOCAL_BROKER": "1",
                "DJANGO_MAIL_TO_FILES": "1",
                # Production's default is the task time limit plus 10 s.
                "DJANGO_WORKER_STOP_SECONDS": "5",
            },
            5.0,
        ),
    ],
    ids=["development", "production"],
)
def test_worker_whose_pool_died_exits_on_sigterm_within_its_limit(
    tmp_path, environment, stop_seconds
):
    env = {k: v for k, v in os.environ.items() if k in PLAIN_ENV} | environment
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_FILE_BROKER_DIR": str(tmp_path / "broker"),
    }
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen(
            [str(ROOT / ".venv/bin/celery"), "-A", "coaching", "worker"]
            + ["--loglevel", "INFO", "--concurrency", "2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(
            lambda: "ready." in log.read_text(errors="replace"),
            READY_SECONDS,
            "the worker did not start",
            log,
        )
        first_pool = _pool_of(worker.pid)
        for pid in first_pool:
            os.kill(pid, signal.SIGKILL)
        _wait_for(
            lambda: (pool := _pool_of(worker.pid)) and not pool & first_pool,
            30,
            "the worker did not replace its pool",
            log,
        )

        start = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=stop_seconds + SLACK_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running:\n{log.read_text(errors='replace')[-2000:]}")

        assert time.monotonic() - start < stop_seconds + SLACK_SECONDS
        assert len(first_pool) == 2
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
        for pid in _pool_of(worker.pid):
            os.kill(pid, signal.SIGKILL)
