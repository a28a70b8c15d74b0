"""Secrets out of the logs: link tokens in paths are replaced before any record exists.

Manage links, newsletter confirm and unsubscribe links and the coach's calendar
feed carry their secret in the path, and paths reach log lines (Django's
"Bad Request: /book/manage/<token>/reschedule/", a server's access log). Whoever
reads the logs must not be able to move her call or read the coach's calendar,
so every record this process makes, whatever its logger or handler, has those
path segments replaced by `[redacted]` when it is created. The deployment's
proxy does the same in its access log (`deploy/nginx.conf`).
"""

import logging
import re

REDACTED = "[redacted]"
# The path segment after each of these is a secret (see bookings/urls.py and
# newsletter/urls.py). Matched anywhere in a string: a path, a full URL, a
# request line.
SECRET_SEGMENT = re.compile(
    r"(/(?:manage|confirmed|confirm|unsubscribe|coach-calendar)/)[^/\s?#\"'<>]+"
)


def redact(text: str) -> str:
    """`text` with every secret path segment replaced."""
    if "/" not in text:
        return text
    return SECRET_SEGMENT.sub(rf"\1{REDACTED}", text)


def _redacted(value):
    return redact(value) if isinstance(value, str) else value


def _redact_record(record: logging.LogRecord) -> None:
    record.msg = _redacted(record.msg)
    args = record.args
    if isinstance(args, dict):
        record.args = {key: _redacted(value) for key, value in args.items()}
    elif isinstance(args, tuple):
        record.args = tuple(_redacted(value) for value in args)


def install() -> None:
    """Redact every log record made from now on in this process (idempotent)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "redacts_secrets", False):
        return

    def make_redacted_record(*args, **kwargs):
        record = make_record(*args, **kwargs)
        _redact_record(record)
        return record

    make_redacted_record.redacts_secrets = True
    logging.setLogRecordFactory(make_redacted_record)
