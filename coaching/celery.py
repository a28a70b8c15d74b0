"""The Celery app: configured from the `CELERY_`-prefixed Django settings.

A worker asked to stop (SIGTERM, SIGQUIT, Ctrl-C) always exits within
`WORKER_STOP_SECONDS`. A pool process killed while waiting for work dies holding
the pool's queue lock, and billiard's exit handler then waits for that lock for
ever: such a worker ignored SIGTERM and SIGQUIT for minutes. So a stop starts a
clock; when it runs out, the worker kills its pool processes and exits (a task
still running is acknowledged late, so the broker hands it out again).
"""

import contextlib
import os
import signal
import sys
import threading

from billiard.process import active_children
from celery import Celery
from celery.signals import worker_shutting_down

from coaching.folders import make_broker_folders

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coaching.settings")

app = Celery("coaching")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _make_broker_folders(sender, **kwargs):
    """The file-system broker's folders, before the first task is published or
    a worker starts (a web process publishes too)."""
    if str(sender.conf.broker_url or "").startswith("filesystem://"):
        make_broker_folders(sender.conf.broker_transport_options or {})


_stop_clock: threading.Timer | None = None


def _exit_now(exitcode: int, seconds: float) -> None:
    """End the pool processes and this worker at once (the stop took too long)."""
    print(
        f"worker: still running {seconds:g} s after the stop signal; "
        "ending the pool and exiting",
        file=sys.__stderr__,
        flush=True,
    )
    for child in active_children():
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGKILL)
    os._exit(exitcode)


@worker_shutting_down.connect
def start_stop_clock(sig, how, exitcode, **kwargs):
    """Start the clock after which a stopping worker exits, whatever it waits for."""
    global _stop_clock
    if _stop_clock is not None:
        return  # a second signal: the first one's clock keeps running
    from django.conf import settings

    seconds = settings.WORKER_STOP_SECONDS
    _stop_clock = threading.Timer(seconds, _exit_now, args=(exitcode or 0, seconds))
    _stop_clock.daemon = True
    _stop_clock.start()
