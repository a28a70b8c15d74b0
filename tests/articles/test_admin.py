from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Post, SlugRedirect
from articles.publishing import state_line
from tests.factories import PostFactory, SeriesFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/post/"
NOW = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "publish_at", "wording"),
    [
        ("draft", NOW - timedelta(days=1), "Draft: only you can see it."),
        ("published", NOW - timedelta(minutes=1), "Live since Mon 4 Mar 2030, "),
        ("published", NOW + timedelta(days=3), "Chicago time, in 3 days."),
        ("published", NOW + timedelta(hours=5), "Goes live Mon 4 Mar 2030, 12:00"),
    ],
)
def test_state_line_speaks_plainly(settings, status, publish_at, wording):
    settings.COACH_TIME_ZONE = "America/Chicago"
    post = PostFactory.build(status=status, publish_at=publish_at, series=None)

    assert wording in state_line(post, now=NOW, emailed=False)


def test_changelist_shows_status_and_time_in_coach_zone(admin_client, settings):
    settings.COACH_TIME_ZONE = "America/Chicago"
    PostFactory(
        title="Monday post", publish_at=timezone.now() + timedelta(days=3, hours=1)
    )
    PostFactory(title="Old post", publish_at=datetime(2026, 1, 5, 13, 0, tzinfo=UTC))

    html = admin_client.get(CHANGELIST).content.decode().replace("\xa0", " ")

    assert "Chicago time, in 3 days." in html
    assert "Live since Mon 5 Jan 2026, 7:00 a.m. Chicago time." in html


@pytest.mark.parametrize(
    "query", ["?status__exact=draft", "?q=gut", "?tags__id__exact=1"]
)
def test_changelist_filters_and_search_answer(admin_client, query):
    PostFactory(title="Gut post", tags=["gut"], series=SeriesFactory())

    assert admin_client.get(CHANGELIST + query).status_code == 200


def test_change_form_has_preview_link_and_markdown_help(admin_client):
    post = PostFactory()

    html = admin_client.get(f"{CHANGELIST}{post.pk}/change/").content.decode()

    assert f'href="/blog/preview/{post.pk}/"' in html
    assert "**bold**" in html
    assert "America/Chicago" in html or "your zone" in html


def test_publish_action_publishes_drafts(admin_client):
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)

    admin_client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [post.pk]}
    )

    post.refresh_from_db()
    assert post.is_live()


def test_unpublish_action_returns_posts_to_draft(admin_client):
    post = PostFactory()

    admin_client.post(
        CHANGELIST, {"action": "unpublish_selected", "_selected_action": [post.pk]}
    )

    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def form_data(post, **changes):
    data = {
        "title": post.title,
        "slug": post.slug,
        "summary": post.summary,
        "body": post.body,
        "tags": "gut, sleep",
        "hero_alt": "",
        "seo_title": "",
        "meta_description": "",
        "author": post.author_id,
    }
    return {**data, **changes}


def test_changing_the_slug_in_admin_keeps_a_redirect(admin_client, settings):
    post = PostFactory(slug="old-slug")

    response = admin_client.post(
        f"{CHANGELIST}{post.pk}/change/", form_data(post, slug="new-slug")
    )

    assert response.status_code == 302
    assert SlugRedirect.objects.get(old_slug="old-slug").post == post
    assert set(post.tags.names()) == {"gut", "sleep"}


def test_publish_time_is_read_in_the_coach_zone(admin_client, settings):
    settings.COACH_TIME_ZONE = "America/Chicago"
    post = PostFactory(slug="zoned", status=Post.Status.DRAFT)

    admin_client.post(
        f"{CHANGELIST}{post.pk}/change/",
        form_data(
            post,
            publish_on="2030-07-01",
            publish_time="07:00",
            _confirm="schedule",
        ),
    )

    post.refresh_from_db()
    assert post.publish_at == datetime(2030, 7, 1, 12, 0, tzinfo=UTC)


def test_series_admin_lists_series(admin_client):
    SeriesFactory(title="MSMonday")

    assert b"MSMonday" in admin_client.get("/admin/articles/series/").content


def test_posts_list_shows_scheduled_then_drafts_then_live_newest_first(admin_client):
    now = timezone.now()
    titles = {
        "Old live": dict(publish_at=now - timedelta(days=30)),
        "Draft": dict(status=Post.Status.DRAFT, publish_at=None),
        "Later": dict(publish_at=now + timedelta(days=9)),
        "New live": dict(publish_at=now - timedelta(days=1)),
        "Soon": dict(publish_at=now + timedelta(days=2)),
    }
    for title, fields in titles.items():
        PostFactory(title=title, series=None, **fields)

    response = admin_client.get(CHANGELIST)
    shown = [post.title for post in response.context["cl"].result_list]

    assert shown == ["Soon", "Later", "Draft", "New live", "Old live"]
    by_title = admin_client.get(CHANGELIST + "?o=1").context["cl"].result_list
    assert [post.title for post in by_title] == sorted(titles)


def test_text_help_says_each_thing_once(admin_client):
    html = admin_client.get(f"{CHANGELIST}add/").content.decode()

    assert html.count("Use the buttons") == 0
    assert html.count("**bold**") == 1
    assert "Preview in a new tab" in html
