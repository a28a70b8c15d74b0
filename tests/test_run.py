"""`make run` (bin/run: honcho under bin/supervise), run for real in a copy.

The tracked files are copied once to a temporary git repository (sharing this
checkout's .venv and node_modules, with the install stamps up to date, so make
goes straight to bin/run). `make run` starts there the way a person starts it,
on a free port with the embedded defaults (SQLite, file broker, file cache) and
only a plain shell's environment, serves /healthz, and is then stopped the way a
terminal or a supervisor would stop it (Ctrl-C, SIGTERM to its process group) or
left behind by its parent (SIGKILL). Each test then looks for anything left:
every process seen below make, and any process still working in the copy.
"""

import contextlib
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
INSTALL_STAMPS = (".venv/.installed", "node_modules/axe-core/axe.min.js")

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc"),
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
    pytest.mark.skipif(shutil.which("make") is None, reason="needs make"),
    pytest.mark.skipif(
        not all((ROOT / stamp).exists() for stamp in INSTALL_STAMPS),
        reason="needs `make install` done in this checkout",
    ),
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
    # A terminal job gets Ctrl-C's default action even when this test run was
    # started in the background, where SIGINT is ignored and inherited so.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stat(pid: int) -> list[str] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _running(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] not in "ZX"


def _working_in(folder: Path) -> set[int]:
    """Live processes whose working directory is the copy (all of make run's)."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            cwd = (entry / "cwd").readlink()
        except (OSError, ValueError):
            continue
        if cwd == folder and entry.name.isdigit() and _running(int(entry.name)):
            found.add(int(entry.name))
    return found


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
    for shared in (".venv", "node_modules"):
        (target / shared).symlink_to((ROOT / shared).resolve())
    # Older than the shared install stamps: make installs nothing, as in a
    # checkout where `make install` already ran.
    for manifest in ("requirements.lock", "package-lock.json"):
        os.utime(target / manifest, (0, 0))
    _git(target, "init", "-q")
    (target / ".git" / "info" / "exclude").write_text(".venv\nnode_modules\n")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "copy")
    return target


@pytest.fixture(scope="module")
def site_copy(tmp_path_factory):
    return _copy_project(tmp_path_factory.mktemp("run"))


@dataclass
class Started:
    process: subprocess.Popen
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _start(copy: Path, argv: list[str]) -> Started:
    """Start argv (make run, or a shell running it) in its own session."""
    port = _free_port()
    # Only what a shell on a fresh machine has: the test run's own variables
    # (database, broker folders, Django settings) must not leak into the copy.
    env = {k: v for k, v in os.environ.items() if k in PLAIN_ENV}
    env["PORT"] = str(port)
    log = copy.parent / f"run-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            argv,
            cwd=copy,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, as a terminal job has
            preexec_fn=_default_sigint,
        )
    started = Started(process, port, log)
    deadline = time.monotonic() + START_SECONDS
    while not _healthy(port):
        if process.poll() is not None or time.monotonic() > deadline:
            _kill_all(copy, {process.pid} | _descendants(process.pid))
            pytest.fail(f"make run did not serve /healthz:\n{started.output()[-3000:]}")
        time.sleep(0.5)
    return started


def _wait_until_gone(copy: Path, pids: set[int], since: float) -> set[int]:
    """What is still running STOP_SECONDS after `since` (empty once all ended)."""
    while True:
        left = {pid for pid in pids if _running(pid)} | _working_in(copy)
        if not left or time.monotonic() - since > STOP_SECONDS:
            return left
        time.sleep(0.1)


def _kill_all(copy: Path, pids: set[int]) -> None:
    for pid in {pid for pid in pids if _running(pid)} | _working_in(copy):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _names(pids: set[int]) -> list[str]:
    names = []
    for pid in sorted(pids):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        names.append(f"{pid}: {cmdline.replace(b'\0', b' ').decode()[:100]}")
    return names


@dataclass
class Run:
    copy: Path
    port: int
    output: str
    processes: int
    stop_seconds: float
    left: set[int]


@pytest.fixture(scope="module")
def interrupted_run(site_copy):
    """`make run` served the copy until /healthz answered, then got Ctrl-C."""
    started = _start(site_copy, ["make", "run"])
    pids = {started.process.pid} | _descendants(started.process.pid)
    try:
        start = time.monotonic()
        os.killpg(started.process.pid, signal.SIGINT)
        left = _wait_until_gone(site_copy, pids, start)
        elapsed = time.monotonic() - start
        yield Run(site_copy, started.port, started.output(), len(pids), elapsed, left)
    finally:
        _kill_all(site_copy, pids)
        started.process.wait(timeout=10)


def test_run_stops_server_worker_and_beat_on_ctrl_c_within_10_seconds(
    interrupted_run,
):
    # make, bin/run's guard, honcho, the worker and its pool, beat, the server
    # and its reloader.
    assert interrupted_run.processes >= 8, interrupted_run.output[-2000:]
    assert not interrupted_run.left, _names(interrupted_run.left)
    assert interrupted_run.stop_seconds < STOP_SECONDS, interrupted_run.output[-2000:]


def test_run_prints_the_back_office_at_the_port_it_serves(interrupted_run):
    assert (
        f"Back office: http://127.0.0.1:{interrupted_run.port}/admin/"
        in interrupted_run.output
    )


def test_run_writes_nothing_outside_var_and_its_env_file(interrupted_run):
    status = _git(
        interrupted_run.copy, "status", "--porcelain", "--untracked-files=all"
    )

    assert status == ""
    assert (interrupted_run.copy / "var" / "celery" / "control").is_dir()
    assert (interrupted_run.copy / ".env").is_file()


def test_run_stops_everything_on_sigterm_to_its_group_five_starts_in_a_row(
    site_copy,
):
    # make relays a group's SIGTERM to bin/run: the runner gets it twice or
    # more, and the later starts here add further TERMs while it is stopping.
    for attempt in range(1, 6):
        started = _start(site_copy, ["make", "run"])
        pids = {started.process.pid} | _descendants(started.process.pid)
        start = time.monotonic()
        try:
            for _ in range(attempt):
                os.killpg(started.process.pid, signal.SIGTERM)
                time.sleep(0.3)
            left = _wait_until_gone(site_copy, pids, start)

            assert not left, (attempt, _names(left), started.output()[-2000:])
            assert time.monotonic() - start < STOP_SECONDS
            assert started.process.wait(timeout=5) != 0
        finally:
            _kill_all(site_copy, pids)
            started.process.wait(timeout=10)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _victim(pids: set[int], name: str) -> int:
    """The pid of make, of bin/supervise, or of honcho (not its output readers)."""
    guard = next(pid for pid in pids if "bin/supervise" in _cmdline(pid))
    if name == "guard":
        return guard
    if name == "honcho":
        return next(
            p for p in pids if "honcho" in _cmdline(p) and _stat(p)[1] == str(guard)
        )
    return next(pid for pid in pids if _cmdline(pid).startswith("make "))


@pytest.mark.parametrize(
    ("argv", "victim"),
    [
        # A shell ran `make run` (not as its last command, so it waits for
        # make); the shell is killed and make lives on, orphaned.
        (["bash", "-c", "make run; true"], "shell"),
        # make itself is killed.
        (["make", "run"], "make"),
        # The Procfile runner is killed, and the guard over it.
        (["make", "run"], "honcho"),
        (["make", "run"], "guard"),
    ],
    ids=["shell-of-make", "make", "honcho", "guard"],
)
def test_run_leaves_nothing_when_it_or_its_parent_is_killed(site_copy, argv, victim):
    started = _start(site_copy, argv)
    pids = {started.process.pid} | _descendants(started.process.pid)
    target = started.process.pid if victim == "shell" else _victim(pids, victim)
    start = time.monotonic()
    try:
        os.kill(target, signal.SIGKILL)
        left = _wait_until_gone(site_copy, pids - {target}, start)

        assert not left, (_names(left), started.output()[-2000:])
    finally:
        _kill_all(site_copy, pids)
        started.process.wait(timeout=10)


def test_manage_py_works_in_the_checkout_after_make_run(interrupted_run):
    env = {k: v for k, v in os.environ.items() if k in PLAIN_ENV}
    show_debug = "from django.conf import settings; print(settings.DEBUG)"

    shell = subprocess.run(
        [".venv/bin/python", "manage.py", "shell", "-c", show_debug],
        cwd=interrupted_run.copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert shell.returncode == 0, shell.stderr[-2000:]
    assert shell.stdout.split()[-1] == "True"
    assert "DJANGO_SECRET_KEY=" in (interrupted_run.copy / ".env").read_text()


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    copy = _copy_project(tmp_path)  # no .env: make run never ran here
    env = {k: v for k, v in os.environ.items() if k in PLAIN_ENV}

    check = subprocess.run(
        [".venv/bin/python", "manage.py", "check"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert check.returncode != 0
    assert "DJANGO_SECRET_KEY" in check.stderr
