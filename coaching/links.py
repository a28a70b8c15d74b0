"""Absolute links for emails, feeds and calendar files, which have no request.

Workers that render emails know no host: every link they carry is built from
the SITE_URL setting here, and views that show the same links use the same
helper, so a page and its email never disagree.
"""

from django.conf import settings


def absolute_url(url: str) -> str:
    """A site path ("/book/") as an absolute link from SITE_URL; others as given."""
    if url.startswith("/") and not url.startswith("//"):
        return settings.SITE_URL.rstrip("/") + url
    return url
