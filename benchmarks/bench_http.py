"""Requests per second for the site's pages, as ratios to a bare Django project.

Run: .venv/bin/python benchmarks/bench_http.py
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/coaching_bench \
         BENCH_ROUNDS=3 BENCH_SECONDS=2 .venv/bin/python benchmarks/bench_http.py

Recreates a PostgreSQL database (default coaching_bench), migrates it, loads the
demo posts and hours, runs collectstatic, and serves two projects with gunicorn
(2 sync workers each) on free loopback ports, both with production settings:

- the site (`coaching.wsgi`, settings `benchmarks.http_settings`), and
- a bare one-view Django project (`benchmarks.hello_wsgi`), the baseline.

For every page it alternates a short load run on the site with one on the bare
project, repeats that BENCH_ROUNDS times (at least 3) and prints the median
requests per second with min-max and the median ratio site/bare (with min-max).
Pages are measured from the page cache and with `X-Page-Cache: bypass` (allowed
by the benchmark settings only), then again with 200 posts and 10,000 past
bookings. The load comes from `wrk` (2 threads, 16 connections) when installed
(`apt-get install wrk`), else from Python threads. Requests ask for gzip, as
phones do. The machine is shared: expect noise of 10-20% between runs; the
alternation keeps the ratios comparable. Only talks to 127.0.0.1.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import statistics
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
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/1"
ROUNDS = max(3, int(os.environ.get("BENCH_ROUNDS", "3")))
SECONDS = float(os.environ.get("BENCH_SECONDS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WRK = shutil.which("wrk")
BYPASS = {"X-Page-Cache": "bypass"}
FAILURES: dict[str, int] = {}
BASE_HEADERS = {"Host": "127.0.0.1", "Accept-Encoding": "gzip"}
POST_PATH = "/blog/demo-aip-basics/"
TARGETS = {
    "ratio >= 0.7 (cached)": ("home", "blog list", "post", "rss feed", "sitemap"),
    "ratio >= 0.15": ("post, uncached", "/book/"),
    "ratio >= 0.5": ("post 304", "/healthz"),
}


def ensure_fresh_database(url: str) -> None:
    """Drop and create the benchmark database so every run starts alike."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def environment(database_url: str, cache_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "CACHE_"))
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "CACHE_URL": cache_url,
            "DJANGO_SETTINGS_MODULE": "benchmarks.http_settings",
            # Production mode, whatever a checkout's .env (make run) says.
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "benchmark-only-secret-key-4b1d9e7a2c5f8e3d6a0b",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_LOG_LEVEL": "WARNING",
            # No mail is sent; the broker is Redis when BENCH_BROKER_URL says so.
            "DJANGO_MAIL_TO_FILES": "1",
            "DJANGO_LOCAL_BROKER": "1",
            "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "filesystem://"),
            "DJANGO_MEDIA_ROOT": str(BASE_DIR / "var" / "bench-media"),
            "DJANGO_STATIC_ROOT": str(BASE_DIR / "var" / "bench-static"),
            "PYTHONPATH": str(BASE_DIR),
        }
    )
    return env


LOAD_DEMO = """
from django.contrib.auth import get_user_model
from django.core.cache import cache
from articles import demo
from bookings import demo as booking_demo
cache.clear()
coach, _ = get_user_model().objects.get_or_create(
    username="bench-coach", defaults={"display_name": "Demo Coach"})
demo.load(coach=coach)
booking_demo.load(coach=coach)
"""

GROW = """
from datetime import timedelta
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from articles.models import Post
from bookings.models import Booking, Client
coach = Post.objects.first().author
now = timezone.now()
body = "A paragraph about living well with MS. " * 120
posts = Post.objects.bulk_create(
    Post(title=f"Bench post {n}", slug=f"bench-post-{n}", summary="A bench post.",
         body=body, body_html=f"<p>{body}</p>", author=coach,
         status=Post.Status.PUBLISHED, publish_at=now - timedelta(days=400 + n))
    for n in range(200 - Post.objects.count())
)
for n, post in enumerate(posts):
    post.tags.set(["gut health", f"topic {n % 20}"])
client = Client.objects.create(name="Bench", email="bench@example.com", time_zone="UTC")
first = now - timedelta(days=1)
Booking.objects.bulk_create(
    (Booking(client=client, starts_at=first - timedelta(hours=2 * n),
             ends_at=first - timedelta(hours=2 * n) + timedelta(minutes=30),
             status=Booking.Status.COMPLETED, help_with="Bench.", time_zone="UTC")
     for n in range(10_000)), batch_size=1000)
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
try:
    from coaching.pagecache import bump_blog_version
    bump_blog_version()
except ImportError:
    cache.clear()
print(Post.objects.count(), Booking.objects.count())
"""


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [str(PYTHON), str(BASE_DIR / "manage.py"), *args],
        env=env,
        cwd=BASE_DIR,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers=None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={**BASE_HEADERS, **(headers or {})})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def serve(app: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [
            str(GUNICORN),
            app,
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            f"--chdir={BASE_DIR}",
            "--log-level=warning",
        ],
        env=env,
        cwd=BASE_DIR,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            get(port, "/")
            return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn for {app} did not answer in time")


def load_wrk(port: int, path: str, headers: dict) -> float:
    args = [WRK, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS:g}s", "--timeout=10s"]
    for key, value in {**BASE_HEADERS, **headers}.items():
        args += ["-H", f"{key}: {value}"]
    out = subprocess.run(
        [*args, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if bad := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        # Counted, not fatal: /healthz may answer 503 on a starved machine.
        FAILURES[path] = FAILURES.get(path, 0) + int(bad.group(1))
    if errors := re.search(r"Socket errors: .*", out):
        raise RuntimeError(f"{path}: {errors.group(0)}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def load_python(port: int, path: str, headers: dict) -> float:
    counts, errors = [], []
    stop_at = time.perf_counter() + SECONDS

    def worker():
        done = 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.perf_counter() < stop_at:
            conn.request("GET", path, headers={**BASE_HEADERS, **headers})
            response = conn.getresponse()
            response.read()
            if response.status >= 400:
                errors.append(response.status)
            done += 1
        conn.close()
        counts.append(done)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests to {path}: {errors[:5]}")
    return sum(counts) / (time.perf_counter() - started)


def load(port: int, path: str, headers: dict) -> float:
    return (load_wrk if WRK else load_python)(port, path, headers)


def measure(pages: dict, site: int, hello: int) -> dict[str, list[tuple]]:
    """Alternate each page with the bare project, ROUNDS times: (site, hello)."""
    results = {name: [] for name in pages}
    for _ in range(ROUNDS):
        for name, (path, headers) in pages.items():
            load(site, path, headers)  # warm this page in both workers
            site_rate = load(site, path, headers)
            hello_rate = load(hello, "/", {})
            results[name].append((site_rate, hello_rate))
            print(f"  .. {name}: {site_rate:.0f} / {hello_rate:.0f}", file=sys.stderr)
    return results


def spread(values: list[float], fmt: str) -> str:
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{mid:{fmt}} ({low:{fmt}}-{high:{fmt}})"


def report(title: str, results: dict[str, list[tuple]]) -> dict[str, float]:
    print(f"\n{title}")
    print(f"  {'page':<24} {'site req/s':>20} {'bare req/s':>20} {'ratio':>20}")
    medians = {}
    for name, pairs in results.items():
        site = [s for s, _ in pairs]
        hello = [h for _, h in pairs]
        ratios = [s / h for s, h in pairs]
        medians[name] = statistics.median(ratios)
        print(
            f"  {name:<24} {spread(site, '6.0f'):>20} {spread(hello, '6.0f'):>20}"
            f" {spread(ratios, '5.3f'):>20}"
        )
    return medians


def pages_for(site: int, *, tag: str, grown: bool) -> dict:
    last_modified = get(site, POST_PATH).getheader("Last-Modified")
    not_modified = {"If-Modified-Since": last_modified} if last_modified else {}
    cached = {
        "home": "/",
        "blog list": "/blog/",
        "post": POST_PATH,
        "series": "/blog/series/msmonday/",
        "tag": f"/blog/tag/{tag}/",
        "rss feed": "/blog/feed/",
        "atom feed": "/blog/feed/atom/",
        "sitemap": "/sitemap.xml",
    }
    if grown:
        cached = {k: v for k, v in cached.items() if k not in ("series", "tag")}
    pages = {}
    for name, path in cached.items():
        pages[name] = (path, {})
        pages[f"{name}, uncached"] = (path, BYPASS)
    pages["post 304"] = (POST_PATH, not_modified)
    pages["post 304, uncached"] = (POST_PATH, {**not_modified, **BYPASS})
    pages["/book/"] = ("/book/", {})
    if not grown:
        pages["/healthz"] = ("/healthz", {})
        page = get(site, POST_PATH).body
        if get(site, POST_PATH).getheader("Content-Encoding") == "gzip":
            import gzip

            page = gzip.decompress(page)
        css = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', page)
        pages["static css"] = (css.group(1).decode(), {})
    return pages


def _stop(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")  # runs `finally`: servers stop


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not database_url.startswith("postgres"):
        sys.exit("bench_http needs PostgreSQL: set DATABASE_URL=postgres://...")
    cache_url = os.environ.get("CACHE_URL", DEFAULT_CACHE_URL)
    ensure_fresh_database(database_url)
    env = environment(database_url, cache_url)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", "-v0", "-c", LOAD_DEMO)
    manage(env, "collectstatic", "--noinput", "-v0")
    hello_env = {**env, "DJANGO_SETTINGS_MODULE": "benchmarks.hello_project"}
    servers = []
    try:
        hello_server, hello = serve("benchmarks.hello_wsgi:application", hello_env)
        servers.append(hello_server)
        site_server, site = serve("coaching.wsgi:application", env)
        servers.append(site_server)
        for path in (POST_PATH, "/book/", "/sitemap.xml"):
            status = get(site, path).status
            assert status == 200, f"{path} answered {status}"
        loader = f"wrk -t{THREADS} -c{CONNECTIONS}" if WRK else "Python threads"
        print(
            f"{ROUNDS} rounds of {SECONDS:g} s runs, {loader}, gunicorn 2 sync "
            "workers each; site and bare project alternate; median (min-max)"
        )
        small = report(
            "Demo content (5 posts)",
            measure(pages_for(site, tag="autoimmunity", grown=False), site, hello),
        )
        manage(env, "shell", "-v0", "-c", GROW)
        big = report(
            "200 posts, 10,000 past bookings",
            measure(pages_for(site, tag="autoimmunity", grown=True), site, hello),
        )
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    print("\nChange of ratio from the demo to 200 posts (target: no fall over 20%)")
    for name, ratio in big.items():
        print(f"  {name:<24} {ratio / small[name] - 1:+6.0%}")
    for path, count in FAILURES.items():
        print(f"\nNote: {count} answers to {path} were not 2xx or 3xx")
    print("\nTargets")
    for target, names in TARGETS.items():
        figures = ", ".join(f"{n} {small[n]:.2f}" for n in names if n in small)
        print(f"  {target}: {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
