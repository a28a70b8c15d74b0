import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(content: bytes) -> ET.Element:
    """Parse the site's own XML; raises if it is not well-formed."""
    return ET.fromstring(content)  # noqa: S314 - our own output, not untrusted


def test_rss_feed_lists_live_posts_with_full_content(client, post):
    response = client.get("/blog/feed/")

    channel = parse_xml(response.content).find("channel")
    item = channel.find("item")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert item.findtext("title") == "Leaky gut explained"
    assert item.findtext("link") == "http://testserver/blog/leaky-gut-explained/"
    assert "<strong>Markdown</strong>" in item.findtext("description")
    assert {c.text for c in item.findall("category")} == {"leaky gut", "AIP diet"}


def test_atom_feed_lists_live_posts(client, post):
    root = parse_xml(client.get("/blog/feed/atom/").content)

    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Leaky gut explained"
    assert "<strong>Markdown</strong>" in entry.findtext(f"{ATOM}content")
    assert entry.find(f"{ATOM}content").get("type") == "html"


def test_atom_feed_summary_is_the_post_summary(client, post):
    root = parse_xml(client.get("/blog/feed/atom/").content)

    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}summary") == post.summary


def test_feeds_leave_out_drafts_and_scheduled_posts(client):
    PostFactory(title="Draft", status=Post.Status.DRAFT)
    PostFactory(title="Later", publish_at=timezone.now() + timedelta(days=1))

    for path in ("/blog/feed/", "/blog/feed/atom/"):
        content = client.get(path).content

        assert b"Draft" not in content and b"Later" not in content


def test_feeds_strip_control_characters(client):
    PostFactory(title="Bad\x0bTitle\x1f", body="Body\x08text", tags=["ta\x1fg"])

    for path in ("/blog/feed/", "/blog/feed/atom/"):
        response = client.get(path)

        assert response.status_code == 200
        assert b"BadTitle" in ET.tostring(parse_xml(response.content))


def test_feeds_render_hostile_bodies_inert(client):
    PostFactory(body='<script>alert(1)</script><iframe src="x"></iframe>')

    content = client.get("/blog/feed/").content.decode()

    assert "alert(1)" not in content
    assert "iframe" not in content


@pytest.mark.parametrize("path", ["/blog/feed/", "/blog/feed/atom/"])
def test_feeds_answer_conditional_get_with_304(client, post, path):
    first = client.get(path)

    again = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304


def test_sitemap_lists_live_posts_and_site_pages_with_lastmod(client, post):
    PostFactory(slug="a-draft", status=Post.Status.DRAFT)

    root = parse_xml(client.get("/sitemap.xml").content)

    entries = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.findall(f"{SITEMAP}url")
    }
    assert entries["http://testserver/blog/leaky-gut-explained/"]
    assert entries["http://testserver/"]
    assert entries["http://testserver/privacy/"]
    assert entries["http://testserver/disclaimer/"]
    assert "http://testserver/blog/a-draft/" not in entries


def test_sitemap_lists_series_with_live_posts(client, series):
    PostFactory(series=series)

    content = client.get("/sitemap.xml").content

    assert b"http://testserver/blog/series/msmonday/" in content
