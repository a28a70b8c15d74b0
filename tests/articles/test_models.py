from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from articles.models import Post
from tests.factories import PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)
LONG_AGO = datetime(2020, 1, 6, 13, 0, tzinfo=UTC)


def test_published_includes_posts_due_at_now():
    due = PostFactory(publish_at=NOW)

    assert list(Post.objects.published(now=NOW)) == [due]


def test_published_excludes_scheduled_posts_until_their_time():
    scheduled = PostFactory(publish_at=NOW + timedelta(minutes=1))

    assert list(Post.objects.published(now=NOW)) == []
    assert list(Post.objects.published(now=NOW + timedelta(minutes=1))) == [scheduled]


def test_published_excludes_drafts_even_when_their_time_has_passed():
    PostFactory(status=Post.Status.DRAFT, publish_at=NOW - timedelta(days=1))

    assert not Post.objects.published(now=NOW).exists()


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("Hi <script>alert(1)</script>", "<script"),
        ('<img src="x.png" onerror="alert(1)">', "onerror"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<a href="https://x.example" onclick="steal()">x</a>', "onclick"),
    ],
)
def test_save_renders_body_html_without_hostile_markup(markdown, forbidden):
    post = PostFactory(body=markdown)

    assert forbidden not in post.body_html


def test_save_renders_markdown_and_lazy_images():
    post = PostFactory(body="## Heading\n\n**bold** ![a cat](/media/cat.png)")

    assert "<h2>Heading</h2>" in post.body_html
    assert "<strong>bold</strong>" in post.body_html
    assert 'loading="lazy"' in post.body_html


def test_save_counts_reading_minutes_at_two_hundred_words():
    assert PostFactory(body="word " * 50).reading_minutes == 1
    assert PostFactory(body="word " * 401).reading_minutes == 3


def test_clean_requires_hero_alt_or_decorative_tick():
    post = PostFactory.build(hero_alt="")
    post.hero_image.name = "articles/hero/x.png"

    with pytest.raises(ValidationError) as error:
        post.clean()

    assert "hero_alt" in error.value.message_dict


def test_clean_accepts_decorative_hero_without_alt():
    post = PostFactory.build(hero_alt="", hero_is_decorative=True)
    post.hero_image.name = "articles/hero/x.png"

    post.clean()


def test_database_refuses_hero_without_alt_or_decorative_tick():
    post = PostFactory()

    with pytest.raises(IntegrityError):
        Post.objects.filter(pk=post.pk).update(hero_image="articles/hero/x.png")


def test_database_refuses_published_post_without_time():
    post = PostFactory()

    with pytest.raises(IntegrityError):
        Post.objects.filter(pk=post.pk).update(publish_at=None)


def test_clean_gives_published_post_without_time_the_current_time():
    post = PostFactory.build(publish_at=None)

    post.clean()

    assert post.publish_at is not None


def test_clean_refuses_slugs_the_blog_uses_itself():
    post = PostFactory.build(slug="feed")

    with pytest.raises(ValidationError):
        post.clean()


def tag_ids(post):
    return [tag.pk for tag in post.tags.all()]


def test_related_to_prefers_posts_sharing_most_tags():
    post = PostFactory(tags=["gut", "aip", "sleep"])
    one = PostFactory(tags=["gut"])
    two = PostFactory(tags=["gut", "aip"], publish_at=LONG_AGO)
    PostFactory(tags=["other"])

    related = list(Post.objects.published().related_to(post, tag_ids=tag_ids(post)))

    assert related == [two, one]


def test_related_to_is_empty_for_untagged_post():
    post = PostFactory()
    PostFactory(tags=["gut"])

    assert list(Post.objects.published().related_to(post, tag_ids=tag_ids(post))) == []


def test_series_position_counts_parts_in_publication_order():
    series = SeriesFactory()
    first = PostFactory(series=series, publish_at=NOW - timedelta(weeks=2))
    second = PostFactory(series=series, publish_at=NOW - timedelta(weeks=1))
    third = PostFactory(series=series, publish_at=NOW)
    PostFactory(series=series, publish_at=NOW + timedelta(weeks=1))

    position = Post.objects.published(now=NOW).series_position(second)

    assert (position.part, position.total) == (2, 3)
    assert position.previous["slug"] == first.slug
    assert position.next["slug"] == third.slug


def test_series_position_is_none_outside_a_series():
    assert Post.objects.published().series_position(PostFactory()) is None


def test_live_rule_is_the_same_in_the_queryset_and_on_the_post():
    draft = PostFactory(status=Post.Status.DRAFT, publish_at=NOW - timedelta(days=1))
    undated = PostFactory(status=Post.Status.DRAFT, publish_at=None)
    live = PostFactory(publish_at=NOW)
    scheduled = PostFactory(publish_at=NOW + timedelta(minutes=1))

    assert set(Post.objects.published(now=NOW)) == {live}
    assert set(Post.objects.scheduled(now=NOW)) == {scheduled}
    states = {p: p.reader_state(now=NOW) for p in (draft, undated, live, scheduled)}
    assert states == {
        draft: "draft",
        undated: "draft",
        live: "live",
        scheduled: "scheduled",
    }
    for post in (draft, undated, live, scheduled):
        assert post.is_live(now=NOW) is (post in Post.objects.published(now=NOW))


def test_a_published_post_with_no_time_goes_live_now():
    post = Post(title="T", slug="t", body="x", status=Post.Status.PUBLISHED)

    post.fill_publish_time(now=NOW)

    assert post.publish_at == NOW
    draft = Post(title="D", slug="d", body="x", status=Post.Status.DRAFT)
    draft.fill_publish_time(now=NOW)
    assert draft.publish_at is None
