"""`bin/run` (what `make run` starts), run for real in a throw-away copy.

Twice (module fixture), the tracked files are copied to a temporary git
repository (sharing this checkout's .venv), bin/run starts there on a free port
with the embedded defaults (SQLite, file broker, file cache), serves /healthz,
and is stopped the way a terminal or a supervisor would: SIGINT (Ctrl-C) or
SIGTERM to its whole process group. The tests then read what that run did.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STOP_SECONDS = 10
START_SECONDS = 120
PLAIN_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc"),
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]


def _git(cwd, *args):
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@localhost", *args],  # noqa: S607
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def _copy_project(parent: Path) -> Path:
    """This project's tracked files in a fresh git repository, sharing .venv."""
    target = parent / "site"
    for name in _git(ROOT, "ls-files", "-z").split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    _git(target, "init", "-q")
    (target / ".git" / "info" / "exclude").write_text(".venv\n")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "copy")
    return target


@dataclass
class Run:
    copy: Path
    port: int
    output: str
    processes: int
    stop_seconds: float
    left: set[int]


@pytest.fixture(
    scope="module",
    params=[signal.SIGINT, signal.SIGTERM],
    ids=["ctrl-c", "sigterm"],
)
def stopped_run(request, tmp_path_factory):
    """bin/run served the copy until /healthz answered, then got the signal."""
    copy = _copy_project(tmp_path_factory.mktemp("run"))
    port = _free_port()
    # Only what a shell on a fresh machine has: the test run's own variables
    # (database, broker folders, Django settings) must not leak into the copy.
    env = {k: v for k, v in os.environ.items() if k in PLAIN_ENV}
    env["PORT"] = str(port)
    log = copy.parent / "run.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(copy / "bin" / "run")],
            cwd=copy,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, as a terminal job has
            # A terminal job gets Ctrl-C's default action even when this test
            # run itself was started in the background, where SIGINT is ignored
            # and bash could not trap it.
            preexec_fn=_default_sigint,
        )
    pids = {process.pid}
    try:
        _wait_until_healthy(process, port, log)
        pids |= _descendants(process.pid)
        elapsed, left = _stop(process, request.param, pids)
        yield Run(copy, port, log.read_text(), len(pids), elapsed, left)
    finally:
        for pid in pids:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=10)


def _wait_until_healthy(process, port, log):
    deadline = time.monotonic() + START_SECONDS
    while not _healthy(port):
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"bin/run did not serve /healthz:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


def _stop(process, signum, pids) -> tuple[float, set[int]]:
    """Send signum to bin/run's group; seconds until all its processes ended."""
    start = time.monotonic()
    os.killpg(process.pid, signum)
    while time.monotonic() - start < STOP_SECONDS + 20:
        if not any(_running(pid) for pid in pids):
            break
        time.sleep(0.1)
    return time.monotonic() - start, {pid for pid in pids if _running(pid)}


def test_run_stops_server_worker_and_beat_within_10_seconds(stopped_run):
    # bin/run, the worker and its pool, beat, the server and its reloader.
    assert stopped_run.processes >= 5, stopped_run.output[-2000:]
    assert not stopped_run.left, f"still running: {sorted(stopped_run.left)}"
    assert stopped_run.stop_seconds < STOP_SECONDS, stopped_run.output[-2000:]


def test_run_prints_the_back_office_at_the_port_it_serves(stopped_run):
    assert (
        f"Back office: http://127.0.0.1:{stopped_run.port}/admin/" in stopped_run.output
    )


def test_run_writes_nothing_outside_var(stopped_run):
    status = _git(stopped_run.copy, "status", "--porcelain", "--untracked-files=all")

    assert status == ""
    assert (stopped_run.copy / "var" / "celery" / "control").is_dir()
