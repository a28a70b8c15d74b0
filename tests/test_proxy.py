"""The deployment's nginx (deploy/nginx.conf, as committed) in front of gunicorn.

Slow clients wait in nginx, not in a gunicorn worker; link secrets stay out of
its access log; uploaded files carry the site's security headers.
"""

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.workers import ROOT

pytestmark = pytest.mark.proxy

NGINX = shutil.which("nginx", path=os.pathsep.join([os.environ["PATH"], "/usr/sbin"]))
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
HOST = "coach.example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")


def stop(process) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def site_environment(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def nginx_config(tmp_path: Path, *, https: int, http: int, upstream: int) -> Path:
    """The committed file with its CHANGE values (and ports) filled in for a test."""
    site = NGINX_CONF.read_text()
    for old, new in {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream};",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
        "/etc/letsencrypt/live/coach.example.org/": f"{tmp_path}/",
        "/srv/coaching/var/media/": f"{tmp_path}/media/",
        "/var/log/nginx/coaching.access.log": f"{tmp_path}/access.log",
    }.items():
        assert old in site, old
        site = site.replace(old, new)
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    (tmp_path / "coaching.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    temp = tmp_path / "nginx-temp"
    temp.mkdir()
    main.write_text(
        f"""
daemon off;
master_process on;
worker_processes 1;
user root;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp_path}/coaching.conf;
}}
"""
    )
    return main


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """gunicorn with ONE sync worker, behind nginx with the committed config,
    on a database of its own (the pages used need no rows)."""
    tmp_path = tmp_path_factory.mktemp("deployment")
    database_url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    subprocess.run(
        [shutil.which("openssl"), "req", "-x509", "-newkey", "rsa:2048",
         "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-keyout", str(tmp_path / "privkey.pem"),
         "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "photo.txt").write_text("an uploaded file")
    env = site_environment(tmp_path, database_url)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "-v0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
    upstream, https, http = free_port(), free_port(), free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "coaching.wsgi", "--workers", "1",
         "--bind", f"127.0.0.1:{upstream}", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )  # fmt: skip
    config = nginx_config(tmp_path, https=https, http=http, upstream=upstream)
    nginx = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for_port(upstream, gunicorn)
        wait_for_port(https, nginx)
        yield {"https": https, "upstream": upstream, "logs": tmp_path}
    finally:
        stop(nginx)
        stop(gunicorn)


def tls(sock: socket.socket) -> socket.socket:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context.wrap_socket(sock, server_hostname=HOST)


def get(port: int, path: str, *, secure: bool, timeout: float = 5) -> tuple[int, dict]:
    """(status, headers) of one GET; status 0 when no answer came in `timeout`."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        if secure:
            sock = tls(sock)
        request = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n"
        sock.sendall(request.encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (TimeoutError, OSError):
        return 0, {}
    finally:
        sock.close()
    head = data.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    if not head or not head[0].startswith("HTTP/"):
        return 0, {}
    headers = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
    return int(head[0].split()[1]), {k.lower(): v for k, v in headers.items()}


class SlowClient(threading.Thread):
    """Sends a request one header line at a time, a line a second, for `seconds`."""

    def __init__(self, port: int, *, secure: bool, seconds: float):
        super().__init__(daemon=True)
        self.port, self.secure, self.seconds = port, secure, seconds
        self.connected = threading.Event()

    def run(self):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        try:
            if self.secure:
                sock = tls(sock)
            sock.sendall(f"GET / HTTP/1.1\r\nHost: {HOST}\r\n".encode())
            self.connected.set()
            deadline = time.monotonic() + self.seconds
            n = 0
            while time.monotonic() < deadline:
                time.sleep(1)
                sock.sendall(f"X-Slow-{n}: 1\r\n".encode())
                n += 1
        except OSError:
            pass
        finally:
            self.connected.set()
            sock.close()


def answers_while_slow_clients_hold_on(port: int, *, secure: bool) -> list[int]:
    slow = [SlowClient(port, secure=secure, seconds=8) for _ in range(2)]
    for client in slow:
        client.start()
        client.connected.wait(10)
    time.sleep(0.5)
    statuses = [get(port, "/healthz", secure=secure, timeout=3)[0] for _ in range(3)]
    for client in slow:
        client.join()
    return statuses


def test_slow_clients_block_bare_gunicorn_but_not_the_proxy(deployment):
    first = get(deployment["https"], "/healthz", secure=True, timeout=30)[0]
    assert first == 200, (deployment["logs"] / "error.log").read_text()

    # Straight to gunicorn, as a deployment without the proxy would be:
    # the slow clients hold its worker and the others get no answer.
    direct = answers_while_slow_clients_hold_on(deployment["upstream"], secure=False)
    through_nginx = answers_while_slow_clients_hold_on(deployment["https"], secure=True)

    assert 0 in direct
    assert through_nginx == [200, 200, 200]


def test_the_access_log_holds_no_link_secret(deployment):
    secret = "Sup3rSecretManageKey_0123456789abc"
    paths = [
        f"/book/manage/{secret}/",
        f"/book/manage/{secret}/reschedule/?x=1",
        f"/newsletter/unsubscribe/{secret}/",
        f"/book/coach-calendar/{secret}.ics",
    ]
    for path in paths:
        status = get(deployment["https"], path, secure=True, timeout=30)[0]
        assert status in (200, 404), path
    time.sleep(0.5)

    log = (deployment["logs"] / "access.log").read_text()
    assert secret not in log
    assert log.count("[redacted]") == len(paths)
    assert "/book/manage/[redacted]/reschedule/?x=1" in log


@pytest.mark.parametrize("path", ["/media/photo.txt", "/static/js/site.js", "/blog/"])
def test_files_and_pages_through_the_proxy_carry_the_security_headers(deployment, path):
    status, headers = get(deployment["https"], path, secure=True, timeout=30)

    assert status == 200
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
