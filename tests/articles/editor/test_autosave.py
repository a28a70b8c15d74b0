from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from articles.editor import services
from articles.editor.models import PostRevision
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

URL = "/admin/articles/post/editor/autosave/"


def _autosave(client, post, *, version=None, body="Typed text"):
    version = post.updated_at if version is None else version
    return client.post(
        URL,
        {
            "post": post.pk,
            "version": version.isoformat(),
            "title": post.title,
            "body": body,
        },
    )


def test_autosave_keeps_the_text_without_changing_the_post(admin_client):
    post = PostFactory(body="Saved text")

    response = _autosave(admin_client, post)

    post.refresh_from_db()
    autosave = PostRevision.objects.autosaves().get()
    assert response.status_code == 200
    assert "saved_at" in response.json()
    assert (autosave.post, autosave.body) == (post, "Typed text")
    assert post.body == "Saved text"


def test_autosave_refuses_text_older_than_the_last_save(admin_client):
    post = PostFactory(body="Saved text")
    opened_with = post.updated_at
    post.body = "Saved in another tab"
    post.save()

    response = _autosave(admin_client, post, version=opened_with)

    assert response.status_code == 409
    assert "saved somewhere else" in response.json()["error"]
    assert not PostRevision.objects.exists()


def test_autosave_without_the_version_is_refused(admin_client):
    post = PostFactory()

    response = admin_client.post(URL, {"post": post.pk, "body": "x"})

    assert response.status_code == 409


def test_autosave_with_a_garbled_version_is_a_clear_400(admin_client):
    post = PostFactory()

    response = admin_client.post(URL, {"post": post.pk, "version": "soon"})

    assert response.status_code == 400
    assert response.json()["error"]


def test_repeated_autosaves_keep_one_row_with_the_newest_text(admin_client):
    post = PostFactory()

    _autosave(admin_client, post, body="First")
    _autosave(admin_client, post, body="Second")

    assert list(PostRevision.objects.values_list("body", flat=True)) == ["Second"]


def test_a_new_post_autosaves_too(admin_client):
    response = admin_client.post(URL, {"title": "Draft", "body": "Not saved yet"})

    assert response.status_code == 200
    assert PostRevision.objects.autosaves().get(post=None).body == "Not saved yet"


def test_reopening_the_post_offers_her_autosave(admin_client):
    post = PostFactory(body="Saved text")
    _autosave(admin_client, post, body="Typed before the tab closed")

    html = admin_client.get(f"/admin/articles/post/{post.pk}/change/").content.decode()

    assert 'id="post-editor-autosave"' in html
    assert "Typed before the tab closed" in html


def test_an_autosave_older_than_the_last_save_is_not_offered(admin_user):
    post = PostFactory(body="Saved text")
    services.autosave_post(
        post=post, user=admin_user, title="", body="Old", version=post.updated_at
    )
    post.body = "Saved later"
    post.save()

    assert services.pending_autosave(post=post, user=admin_user) is None


def test_saving_the_post_drops_her_autosave(admin_user):
    post = PostFactory()
    services.autosave_post(
        post=post, user=admin_user, title="", body="Typing", version=post.updated_at
    )

    services.record_revision(post=post, user=admin_user, revised=False)

    assert not PostRevision.objects.autosaves().exists()
    assert PostRevision.objects.history().get().body == post.body


def test_stale_check_compares_exact_save_times(admin_user):
    post = PostFactory()
    almost = post.updated_at - timedelta(microseconds=1)

    with pytest.raises(ValidationError):
        services.autosave_post(
            post=post, user=admin_user, title="", body="x", version=almost
        )
