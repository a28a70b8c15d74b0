"""Small text clean-ups for input and XML output."""

import re

# XML 1.0 forbids these; feeds and sitemaps must never contain them.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
MAX_QUERY_LENGTH = 200


def strip_control_chars(text: str) -> str:
    """Remove characters that XML 1.0 and PostgreSQL text cannot hold."""
    return _CONTROL_CHARS.sub("", text or "")


def clean_query(raw: str) -> str:
    """A search box value made safe: no control characters, trimmed, capped."""
    return " ".join(strip_control_chars(raw).split())[:MAX_QUERY_LENGTH].strip()
