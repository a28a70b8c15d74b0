import json
import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.http import http_date

from articles import services
from articles.models import Post
from tests.articles.test_services import png_upload
from tests.factories import PostFactory, SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db


def json_ld(html):
    match = re.search(
        r'<script type="application/ld\+json" nonce="[^"]*">(.*?)</script>', html, re.S
    )
    return json.loads(match.group(1))


def test_post_page_shows_reading_time_tags_bio_and_disclaimer(client, post):
    post.author.bio = "I help women with **MS**."
    post.author.save()

    html = client.get("/blog/leaky-gut-explained/").content.decode()

    assert "1 min read" in html
    assert 'href="/blog/tag/aip-diet/"' in html
    assert "I help women with <strong>MS</strong>." in html
    assert "not medical advice" in html


def test_post_page_links_booking_with_its_slug(client, post):
    html = client.get(post.get_absolute_url()).content.decode()

    assert 'href="/book/?from=leaky-gut-explained"' in html


def test_post_page_shows_series_position_and_neighbours(client):
    series = SeriesFactory(title="MSMonday")
    now = timezone.now()
    first, second, third = (
        PostFactory(series=series, publish_at=now - timedelta(days=d))
        for d in (14, 7, 1)
    )

    html = client.get(second.get_absolute_url()).content.decode()

    assert "Part 2 of 3" in html
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{third.get_absolute_url()}"' in html


def test_post_page_shows_up_to_three_related_posts(client, post):
    for n in range(5):
        PostFactory(title=f"Related {n}", tags=["leaky gut"])

    html = client.get(post.get_absolute_url()).content.decode()

    assert html.split("You might also like")[1].count('class="post-card"') == 3


def test_post_page_has_canonical_open_graph_and_twitter_tags(client, post):
    html = client.get(post.get_absolute_url()).content.decode()

    url = "http://testserver/blog/leaky-gut-explained/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Leaky gut explained">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_post_page_json_ld_describes_a_blog_posting(client, coach):
    series = SeriesFactory(title="MSMonday", slug="msmonday")
    post = PostFactory(author=coach, series=series, slug="part-one")

    data = json_ld(client.get(post.get_absolute_url()).content.decode())

    assert data["@type"] == "BlogPosting"
    assert data["author"]["name"] == "Jo Coach"
    assert data["datePublished"] == post.publish_at.isoformat()
    assert data["isPartOf"]["url"] == "http://testserver/blog/series/msmonday/"


def test_post_page_json_ld_cannot_be_closed_by_a_title(client):
    post = PostFactory(title="</script><script>alert(1)</script>")

    html = client.get(post.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert json_ld(html)["headline"] == post.title


def test_post_page_renders_hostile_body_inert(client):
    post = PostFactory(
        body='<script>alert(1)</script> <img src=x onerror="alert(2)"> '
        '[x](javascript:alert(3)) <iframe src="https://evil.example"></iframe>'
    )

    html = client.get(post.get_absolute_url()).content.decode()

    assert "alert(1)" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html


def test_post_page_hero_is_responsive_with_size_and_alt(
    client, media_root, django_capture_on_commit_callbacks
):
    post = PostFactory.build(
        author=UserFactory(), hero_image=png_upload(), hero_alt="Soup in a bowl"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.save_post(post=post)

    with mock.patch.object(FileSystemStorage, "exists", side_effect=AssertionError):
        html = client.get(post.get_absolute_url()).content.decode()

    img = re.search(r'<img class="post-hero"[^>]*>', html).group(0)
    assert 'srcset="' in img and "480w" in img and "1600w" in img
    assert 'width="1600" height="900"' in img
    assert 'alt="Soup in a bowl"' in img
    assert "og:image" in html


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Post.Status.DRAFT},
        {"publish_at": timezone.now() + timedelta(days=3)},
    ],
)
def test_post_page_is_404_until_live(client, changes):
    post = PostFactory(**changes)

    assert client.get(post.get_absolute_url()).status_code == 404


def test_post_page_unknown_slug_is_friendly_404(client):
    response = client.get("/blog/no-such-post/")

    assert response.status_code == 404
    assert b"find that page" in response.content


def test_old_slug_redirects_permanently_to_new_address(client):
    post = PostFactory(slug="old-name")
    post.slug = "new-name"
    services.save_post(post=post, previous_slug="old-name")

    response = client.get("/blog/old-name/")

    assert response.status_code == 301
    assert response["Location"] == "/blog/new-name/"


def test_post_page_answers_conditional_get_with_304(client, post):
    first = client.get(post.get_absolute_url())

    again = client.get(
        post.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert again.status_code == 304


def test_post_page_is_fresh_again_after_an_edit(client, post):
    stale = http_date((timezone.now() - timedelta(days=1)).timestamp())

    response = client.get(post.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=stale)

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ("draft", "Preview:</strong> a draft. Only you can see it."),
        ("scheduled", "it goes live Mon 7 Dec 2099, 7:00 a.m. (your time)."),
        ("live", "Preview:</strong> this post is live: readers see it as below."),
    ],
)
def test_preview_says_what_readers_see_in_her_time(client, coach, state, words):
    publish_at = {
        "draft": None,
        "scheduled": datetime(2099, 12, 7, 13, 0, tzinfo=UTC),  # 7 a.m. in Chicago
        "live": timezone.now() - timedelta(days=1),
    }[state]
    status = Post.Status.DRAFT if state == "draft" else Post.Status.PUBLISHED
    post = PostFactory(status=status, publish_at=publish_at)
    client.force_login(coach)

    html = client.get(f"/blog/preview/{post.pk}/").content.decode()

    assert words in html
    assert "unless it is live" not in html


def test_preview_is_404_for_anonymous_visitors(client):
    post = PostFactory(status=Post.Status.DRAFT)

    assert client.get(f"/blog/preview/{post.pk}/").status_code == 404


def test_preview_is_404_for_non_staff_users(client):
    post = PostFactory(status=Post.Status.DRAFT)
    client.force_login(UserFactory(is_staff=False))

    assert client.get(f"/blog/preview/{post.pk}/").status_code == 404


def test_preview_shows_draft_to_staff_without_indexing_or_caching(client, coach):
    post = PostFactory(status=Post.Status.DRAFT, title="Secret draft")
    client.force_login(coach)

    response = client.get(f"/blog/preview/{post.pk}/")

    assert response.status_code == 200
    assert b"Secret draft" in response.content
    assert b'<meta name="robots" content="noindex' in response.content
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-cache" in response["Cache-Control"]
