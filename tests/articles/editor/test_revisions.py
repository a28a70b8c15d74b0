from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editor import services
from articles.editor.models import PostRevision
from articles.models import Post
from tests.articles.test_admin import form_data
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def _change_url(post):
    return f"/admin/articles/post/{post.pk}/change/"


def test_saving_in_the_post_form_records_a_revision_with_who(admin_client, admin_user):
    post = PostFactory(body="First words")

    admin_client.post(_change_url(post), form_data(post, body="Second words"))

    revision = PostRevision.objects.history().get()
    assert (revision.body, revision.created_by) == ("Second words", admin_user)
    assert revision.kind == PostRevision.Kind.SAVED


def test_post_form_lists_earlier_versions(admin_client, admin_user):
    post = PostFactory()
    services.record_revision(post=post, user=admin_user, revised=False)

    html = admin_client.get(_change_url(post)).content.decode()

    revision = PostRevision.objects.get()
    assert f"/admin/articles/post/editor/revision/{revision.pk}/" in html
    assert f"Saved by {admin_user.public_name}" in html


def test_revision_page_shows_what_changed(admin_client, admin_user):
    post = PostFactory(body="Keep this.\nOld line.")
    old = services.record_revision(post=post, user=admin_user, revised=False)
    Post.objects.filter(pk=post.pk).update(body="Keep this.\nNew line.")

    html = admin_client.get(f"/admin/articles/post/editor/revision/{old.pk}/")

    text = html.content.decode()
    assert '<li class="post-diff-removed">' in text
    assert "Only in this version: </span>Old line." in text
    assert "Now: </span>New line." in text


def test_restore_puts_the_older_text_back_and_records_it(admin_client, admin_user):
    post = PostFactory(body="The good version")
    old = services.record_revision(post=post, user=admin_user, revised=False)
    post.body = "A worse version"
    post.save()
    services.record_revision(post=post, user=admin_user, revised=True)

    response = admin_client.post(f"/admin/articles/post/editor/revision/{old.pk}/")

    post.refresh_from_db()
    assert response.status_code == 302
    assert post.body == "The good version"
    assert "The good version" in post.body_html
    newest = PostRevision.objects.history().first()
    assert (newest.kind, newest.body) == (PostRevision.Kind.RESTORED, post.body)


@pytest.mark.parametrize("pk", [999999, "autosave"])
def test_missing_or_autosave_revision_is_a_404(admin_client, admin_user, pk):
    post = PostFactory()
    autosave = services.autosave_post(
        post=post, user=admin_user, title="", body="x", version=post.updated_at
    )
    pk = autosave.pk if pk == "autosave" else pk

    response = admin_client.post(f"/admin/articles/post/editor/revision/{pk}/")

    assert response.status_code == 404


def test_editing_a_live_post_shows_updated_beside_reviewed(client, admin_user):
    post = PostFactory(
        publish_at=timezone.now() - timedelta(days=3), reviewed_on="2026-11-20"
    )

    services.record_revision(post=post, user=admin_user, revised=True)

    html = client.get(post.get_absolute_url()).content.decode()
    assert "· Updated <time" in html
    assert "Reviewed 20 November 2026" in html


def test_saving_a_scheduled_post_is_no_update(client, admin_user):
    post = PostFactory(publish_at=timezone.now() + timedelta(days=3))

    services.record_revision(post=post, user=admin_user, revised=True)

    post.refresh_from_db()
    assert post.revised_at is None
