import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from tests.factories import UserFactory

EXPORTS = Path(__file__).parent / "exports"
# Picture addresses in the fixture exports, served by the local test server.
PICTURE_ADDRESSES = {
    "https://oldblog.example/wp-content/": "/wp-content/",
    "https://images.squarespace-cdn.com/": "/",
}


def picture(kind: str = "JPEG", size=(40, 30)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=kind)
    return buffer.getvalue()


class ImageServer:
    """A local HTTP server: path -> (status, content type, body); counts requests."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, bytes, dict]] = {}
        self.hits: Counter = Counter()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?")[0]
                server.hits[self.path] += 1
                status, kind, body, headers = server.routes.get(
                    path, (404, "text/plain", b"not found", {})
                )
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path, body, kind="image/jpeg", status=200, headers=None):
        self.routes[path] = (status, kind, body, headers or {})

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def image_server(settings):
    """A local picture server the importer may reach (private hosts allowed)."""
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    server = ImageServer()
    server.add("/wp-content/uploads/2021/03/sauerkraut.jpg", picture())
    server.add("/wp-content/uploads/2021/04/kefir.png", picture("PNG"), "image/png")
    server.add("/content/v1/5eb0/greens.jpg", picture())
    yield server
    server.close()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def export_file(tmp_path, image_server, media_root):
    """Copy a fixture export with its pictures served by the local test server."""

    def write(name: str, **values) -> Path:
        text = (EXPORTS / name).read_text()
        for remote, path in PICTURE_ADDRESSES.items():
            text = text.replace(remote, image_server.url + path)
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        path = tmp_path / name
        path.write_text(text)
        return path

    return write


@pytest.fixture
def coach(db):
    return UserFactory(username="coach", is_staff=True, is_superuser=True)


@pytest.fixture
def eager_tasks():
    """Celery tasks run at once, in the caller's thread."""
    from coaching.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def uploads(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    return settings.IMPORT_UPLOAD_DIR
