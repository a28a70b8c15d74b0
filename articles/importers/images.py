"""Pictures of an export copied into the site's media, carefully.

Only http and https, only public addresses (the name is resolved and the checked
address is the one connected to, so DNS cannot swap it), a timeout, a size cap,
an image content type and an image Pillow can open. Anything else leaves the
remote address in place and a line in the report.
"""

import hashlib
import http.client
import re
import time
from io import BytesIO
from pathlib import PurePosixPath
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

from coaching import netguard

IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif",
               "image/webp": "webp"}  # fmt: skip
IMPORT_DIR = "articles/imported"
MAX_REDIRECTS = 3
_RESIZED = re.compile(r"-\d{2,5}x\d{2,5}(?=\.\w{3,4}$)")


class FetchError(Exception):
    """A picture could not be copied; the message says why, for the report."""


def original_url(url: str) -> str:
    """The full-size address behind a resized copy (`-1024x695`, `?format=750w`)."""
    parts = urlsplit(url)
    path = _RESIZED.sub("", parts.path)
    query = "&".join(
        q for q in parts.query.split("&") if q and not q.startswith("format=")
    )
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def _public_address(host: str, port: int) -> str:
    """A checked IP address for `host`; private, loopback and the like refused."""
    try:
        # Tests only: True, or a set of addresses, lets a local test server through.
        return netguard.public_address(
            host, port, allowed=settings.IMPORT_ALLOW_PRIVATE_HOSTS
        )
    except netguard.AddressRefused as exc:
        raise FetchError(str(exc)) from exc


def _get(url: str):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("only http and https addresses are fetched")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError("the address has a bad port") from exc
    address = _public_address(parts.hostname, port)
    kind = (
        netguard.PinnedHTTPSConnection
        if parts.scheme == "https"
        else netguard.PinnedHTTPConnection
    )
    timeout = settings.IMPORT_IMAGE_TIMEOUT
    connection = kind(parts.hostname, port, address, timeout=timeout)
    path = parts.path or "/"
    connection.request("GET", f"{path}?{parts.query}" if parts.query else path)
    return connection, connection.getresponse()


def _read_capped(response, limit: int) -> bytes:
    """At most `limit + 1` bytes, within an overall deadline (no slow drip)."""
    deadline = time.monotonic() + settings.IMPORT_IMAGE_DEADLINE
    chunks, size = [], 0
    while size <= limit:
        chunk = response.read(min(65536, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline:
            raise FetchError("the download took too long")
    return b"".join(chunks)


def fetch_image(url: str) -> tuple[bytes, str]:
    """The bytes and file extension of the picture at `url`; raises FetchError."""
    limit = settings.IMPORT_IMAGE_MAX_BYTES
    for _ in range(MAX_REDIRECTS + 1):
        try:
            connection, response = _get(url)
        except (OSError, http.client.HTTPException) as exc:
            reason = f"the server did not answer ({type(exc).__name__})"
            raise FetchError(reason) from exc
        try:
            if response.status in (301, 302, 303, 307, 308):
                url = urljoin(url, response.getheader("Location", ""))
                continue
            if response.status != 200:
                raise FetchError(f"the server answered {response.status}")
            kind = (response.getheader("Content-Type") or "").split(";")[0].strip()
            if kind.lower() not in IMAGE_TYPES:
                raise FetchError(f"not a picture ({kind or 'no content type'})")
            data = _read_capped(response, limit)
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"the download broke off ({type(exc).__name__})") from exc
        finally:
            connection.close()
        if len(data) > limit:
            raise FetchError(f"larger than {limit // (1024 * 1024)} MB")
        try:
            Image.open(BytesIO(data)).verify()
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise FetchError("the file is not a readable picture") from exc
        return data, IMAGE_TYPES[kind.lower()]
    raise FetchError("too many redirects")


def storage_name(url: str, extension: str) -> str:
    """Where the copy of `url` lives in media: stable, so a re-import reuses it."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    stem = re.sub(r"[^\w-]", "", PurePosixPath(urlsplit(url).path).stem)[:60] or "image"
    return f"{IMPORT_DIR}/{digest}-{stem}.{extension}"


class ImageCopier:
    """Copies pictures once per run and remembers what became of each address."""

    def __init__(self, *, dry_run: bool = False):
        self.dry_run = dry_run
        self.stored: dict[str, str] = {}  # remote address -> storage name
        self.remote: dict[str, str] = {}  # remote address -> why it stayed remote
        self.seen: set[str] = set()

    def _existing(self, url: str) -> str | None:
        for extension in IMAGE_TYPES.values():
            name = storage_name(url, extension)
            if default_storage.exists(name):
                return name
        return None

    def copy(self, url: str) -> str | None:
        """The storage name of a local copy of `url`, or None if it stays remote."""
        url = url.strip()
        self.seen.add(url)
        if url in self.stored:
            return self.stored[url]
        if url in self.remote or self.dry_run:
            return None
        reasons = []
        for candidate in dict.fromkeys([original_url(url), url]):
            name = self._existing(candidate)
            if name is None:
                try:
                    data, extension = fetch_image(candidate)
                except FetchError as exc:
                    reasons.append(str(exc))
                    continue
                name = storage_name(candidate, extension)
                name = default_storage.save(name, ContentFile(data))
            self.stored[url] = name
            return name
        self.remote[url] = reasons[-1] if reasons else "not fetched"
        return None

    def local_url(self, url: str) -> str:
        """The address to use in a post body: the copy's, else the original one."""
        name = self.copy(url)
        return default_storage.url(name) if name else url
