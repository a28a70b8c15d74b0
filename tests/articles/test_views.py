from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Post
from tests.factories import PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def test_list_shows_ten_live_posts_newest_first(client):
    now = timezone.now()
    for day in range(12):
        PostFactory(title=f"Day {day}", publish_at=now - timedelta(days=day))

    html = client.get("/blog/").content.decode()

    assert html.count('class="post-card"') == 10
    assert html.index("Day 0<") < html.index("Day 1<")
    assert "Day 11<" not in html
    assert "Page 1 of 2" in html


def test_list_hides_drafts_and_scheduled_posts(client):
    PostFactory(title="Visible one")
    PostFactory(title="Draft one", status=Post.Status.DRAFT)
    PostFactory(title="Future one", publish_at=timezone.now() + timedelta(hours=1))

    html = client.get("/blog/").content.decode()

    assert "Visible one" in html
    assert "Draft one" not in html
    assert "Future one" not in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "1e9", "9" * 60])
def test_list_survives_odd_page_numbers(client, page):
    PostFactory()

    response = client.get("/blog/", {"page": page})

    assert response.status_code == 200


def test_list_search_finds_matching_posts(client):
    PostFactory(title="Gut bacteria and you", body="Microbiome basics.")
    PostFactory(title="Sleep well", body="Nothing about the other thing.")

    html = client.get("/blog/", {"q": "bacteria"}).content.decode()

    assert "Gut bacteria and you" in html
    assert "Sleep well" not in html
    assert "1 post found" in html


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "x" * 100_000,
        "gut\x00sleep",
        "' OR 1=1; --",
        '"unclosed',
        "-gut or -",
        "!!! &&& |||",
    ],
)
def test_list_search_survives_hostile_queries(client, query):
    PostFactory(title="Gut bacteria")

    response = client.get("/blog/", {"q": query})

    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content
    assert len(response.content) < 100_000


def test_list_search_echo_is_capped_at_two_hundred_characters(client):
    response = client.get("/blog/", {"q": "y" * 500})

    assert "y" * 200 in response.content.decode()
    assert "y" * 201 not in response.content.decode()


@pytest.mark.postgres
def test_list_search_ranks_title_matches_first_on_postgresql(client):
    PostFactory(title="Sleep tips", body="A word on fatigue and fatigue again.")
    PostFactory(title="Fatigue explained", body="What it is.")

    html = client.get("/blog/", {"q": "fatigue"}).content.decode()

    assert html.index("Fatigue explained") < html.index("Sleep tips")


@pytest.mark.postgres
def test_list_search_understands_web_search_syntax_on_postgresql(client):
    PostFactory(title="Gut and sleep")
    PostFactory(title="Gut and food")

    html = client.get("/blog/", {"q": "gut -sleep"}).content.decode()

    assert "Gut and food" in html
    assert "Gut and sleep" not in html


def test_tag_page_lists_live_posts_with_the_tag(client):
    PostFactory(title="Tagged", tags=["AIP diet"])
    PostFactory(title="Untagged")

    response = client.get("/blog/tag/aip-diet/")

    assert response.status_code == 200
    assert b"Tagged" in response.content
    assert b"Untagged" not in response.content


@pytest.mark.parametrize("path", ["/blog/tag/no-such-tag/", "/blog/tag/draft-only/"])
def test_tag_page_is_404_without_live_posts(client, path):
    PostFactory(status=Post.Status.DRAFT, tags=["draft only"])

    response = client.get(path)

    assert response.status_code == 404
    assert b"find that page" in response.content


def test_series_page_lists_parts_oldest_first(client):
    series = SeriesFactory(slug="msmonday")
    now = timezone.now()
    PostFactory(title="Part A", series=series, publish_at=now - timedelta(days=7))
    PostFactory(title="Part B", series=series, publish_at=now - timedelta(days=1))

    html = client.get("/blog/series/msmonday/").content.decode()

    assert html.index("Part A") < html.index("Part B")


def test_series_page_is_404_for_unknown_series(client):
    assert client.get("/blog/series/nope/").status_code == 404


def test_home_lists_three_latest_posts(client):
    now = timezone.now()
    for day in range(5):
        PostFactory(title=f"Home {day}", publish_at=now - timedelta(days=day))

    html = client.get("/").content.decode()

    assert html.count('class="post-card"') == 3
    assert "Home 0" in html and "Home 3" not in html


@pytest.mark.parametrize("path", ["/", "/blog/", "/about/"])
def test_every_page_links_the_feeds_for_autodiscovery(client, path):
    html = client.get(path).content.decode()

    assert 'rel="alternate" type="application/rss+xml"' in html
    assert 'href="/blog/feed/atom/"' in html


def test_robots_txt_names_the_absolute_sitemap_url(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
