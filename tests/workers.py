"""Real Celery worker processes for integration tests, on the test database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    """DATABASE_URL of the database this test run uses (the test copy)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{auth}@{host}/{db['NAME']}"


class WorkerProcess:
    """`celery -A coaching worker` (or `beat`) in its own process group, logging to
    a file."""

    def __init__(self, *, name, log_path, env, pool="solo", concurrency=1, beat=False):
        self.name = name
        self.log_path = Path(log_path)
        if beat:
            schedule = self.log_path.with_suffix(".schedule")
            command = ["beat", "--schedule", str(schedule), "--loglevel", "INFO"]
            self.ready_marker = "beat: Starting"
        else:
            command = [
                "worker", "--pool", pool, "--concurrency", str(concurrency),
                "--hostname", f"{name}@%h", "--loglevel", "INFO",
                "--without-mingle", "--without-gossip", "--without-heartbeat",
            ]  # fmt: skip
            self.ready_marker = " ready."
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "coaching", *command],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready_marker in self.log():
                return
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited ({self.process.returncode}):\n{self.log()}"
                )
            time.sleep(0.2)
        raise TimeoutError(f"worker {self.name} not ready:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL, as the kernel's OOM killer or a pulled plug would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def worker_env(**extra) -> dict:
    from django.conf import settings

    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.worker_settings",
        DATABASE_URL=test_database_url(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        PYTHONPATH=str(ROOT),
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env
