"""Requests per second for a blog post, a hello-world view and a static file.

Run: .venv/bin/python benchmarks/bench_http.py
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching_bench \
         BENCH_REQUESTS=3000 BENCH_THREADS=4 .venv/bin/python benchmarks/bench_http.py

Migrates a PostgreSQL database (created if missing; default coaching_bench), loads
the demo posts, runs collectstatic, starts gunicorn (2 sync workers) on a free
loopback port with production settings, and sends the same number of keep-alive
HTTP requests from a few client threads to each address. Prints the three rates
and the ratios between them, then stops gunicorn. Only talks to 127.0.0.1.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coaching_bench"
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
WARMUP = 50
POST_PATH = "/blog/demo-aip-basics/"
HELLO_PATH = "/bench/hello/"


def ensure_database(url: str) -> None:
    """Create the benchmark database when it does not exist yet."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def environment(database_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_"))
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "benchmarks.http_settings",
            "DJANGO_SECRET_KEY": "benchmark-only-secret-key-4b1d9e7a2c5f8e3d6a0b",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(BASE_DIR),
        }
    )
    return env


LOAD_DEMO = """
from django.contrib.auth import get_user_model
from articles import demo
coach, _ = get_user_model().objects.get_or_create(
    username="bench-coach", defaults={"display_name": "Demo Coach"})
demo.load(coach=coach)
"""


def prepare(env: dict[str, str]) -> None:
    manage = [str(PYTHON), str(BASE_DIR / "manage.py")]
    run = {"env": env, "cwd": BASE_DIR, "check": True}
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], **run)
    subprocess.run([*manage, "shell", "-v0", "-c", LOAD_DEMO], **run)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], **run)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    return response.status, response.read()


def wait_until_up(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            if get(conn, HELLO_PATH)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def rate(port: int, path: str) -> float:
    """Requests per second over REQUESTS GETs of `path` from THREADS threads."""
    per_thread = REQUESTS // THREADS
    errors: list[int] = []

    def worker():
        # http.client keeps the connection open and reopens it when the server
        # closes it (gunicorn's sync workers close after each response).
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(per_thread):
            status, _ = get(conn, path)
            if status != 200:
                errors.append(status)
        conn.close()

    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for _ in range(WARMUP):
        get(warm, path)
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests to {path}: {errors[:5]}")
    return per_thread * THREADS / elapsed


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not database_url.startswith("postgres"):
        sys.exit("bench_http needs PostgreSQL: set DATABASE_URL=postgres://...")
    ensure_database(database_url)
    env = environment(database_url)
    prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "coaching.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            f"--chdir={BASE_DIR}",
            "--log-level=warning",
        ],
        env=env,
        cwd=BASE_DIR,
    )
    try:
        wait_until_up(port)
        status, page = get(http.client.HTTPConnection("127.0.0.1", port), POST_PATH)
        assert status == 200, f"post page answered {status}"
        static_path = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', page)
        assert static_path, "no hashed stylesheet link on the post page"
        figures = {
            "post page": rate(port, POST_PATH),
            "hello view": rate(port, HELLO_PATH),
            "static file": rate(port, static_path.group(1).decode()),
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(f"{REQUESTS} requests each, {THREADS} client threads, gunicorn 2 workers")
    for name, value in figures.items():
        print(f"  {name:<12} {value:8.0f} req/s")
    post, hello, static = figures.values()
    print(f"  post / hello   {post / hello:6.2f}")
    print(f"  post / static  {post / static:6.2f}")
    print(f"  hello / static {hello / static:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
