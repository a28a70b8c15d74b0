import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editor.references import citations
from coaching.markdown import render_markdown
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

BODY = """Gut bacteria matter[^1].

## Sources

1. [Gut microbiota in MS](https://example.org/study)
2. <https://example.org/review>

## Next week

[Not a source](https://example.org/other)

[^1]: Smith, [A footnoted paper](https://example.org/paper), 2021.
"""


def _json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html)
    return json.loads(found.group(1))


def test_citations_come_from_sources_and_footnotes_only():
    works = citations(render_markdown(BODY))

    assert [work["url"] for work in works] == [
        "https://example.org/study",
        "https://example.org/review",
        "https://example.org/paper",
    ]
    assert works[0] == {
        "@type": "CreativeWork",
        "url": "https://example.org/study",
        "name": "Gut microbiota in MS",
    }


def test_post_json_ld_has_citation_and_date_modified(client):
    published = timezone.now() - timedelta(days=2)
    revised = timezone.now() - timedelta(days=1)
    post = PostFactory(body=BODY, publish_at=published)
    post.revised_at = revised
    post.save()

    data = _json_ld(client.get(post.get_absolute_url()).content.decode())

    assert len(data["citation"]) == 3
    assert data["dateModified"] == revised.isoformat()


def test_unrevised_post_was_last_modified_when_published(client):
    post = PostFactory(publish_at=timezone.now() - timedelta(days=2))

    data = _json_ld(client.get(post.get_absolute_url()).content.decode())

    assert data["dateModified"] == post.publish_at.isoformat()
    assert "citation" not in data


def test_post_page_footnotes_link_both_ways(client):
    post = PostFactory(body=BODY)

    html = client.get(post.get_absolute_url()).content.decode()

    assert 'href="#fn:1"' in html and '<li id="fn:1">' in html
    assert 'href="#fnref:1"' in html and '<sup id="fnref:1">' in html
