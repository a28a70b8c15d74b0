"""Writes from the editor: pictures, autosaves, revisions and restoring one."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles import services as post_services
from articles.editor.models import PostImage, PostRevision
from articles.images import make_renditions
from articles.models import Post
from coaching.pagecache import bump_blog_version

logger = logging.getLogger(__name__)

STALE_AUTOSAVE = (
    "This post was saved somewhere else (another tab?) after you opened it, so "
    "this text was not autosaved. Copy what you wrote, then reload the page."
)


def upload_post_image(*, image, alt: str, is_decorative: bool, post, user) -> PostImage:
    """Store a checked picture and make its scaled copies.

    Side effects: writes the file and its copies into MEDIA_ROOT. If the row cannot
    be saved the file is removed again, so nothing is left half-saved.
    """
    picture = PostImage(
        image=image,
        alt="" if is_decorative else alt,
        is_decorative=is_decorative,
        post=post,
        uploaded_by=user,
    )
    try:
        with transaction.atomic():
            picture.save()
    except Exception:
        if picture.image.name:
            picture.image.storage.delete(picture.image.name)
        raise
    picture.renditions = make_renditions(picture.image.name, picture.width)
    PostImage.objects.filter(pk=picture.pk).update(renditions=picture.renditions)
    return picture


@transaction.atomic
def autosave_post(*, post: Post | None, user, title: str, body: str, version, now=None):
    """Keep what she is typing as her autosave of `post` (or of a new post).

    Refuses (ValidationError) when the post was saved after `version`, the save the
    page was opened with: an autosave never stands in for a newer save.
    """
    now = now or timezone.now()
    if post is not None:
        current = Post.objects.select_for_update().only("updated_at").get(pk=post.pk)
        if version is None or current.updated_at != version:
            raise ValidationError(STALE_AUTOSAVE, code="stale")
    revision, _ = PostRevision.objects.update_or_create(
        post=post,
        created_by=user,
        kind=PostRevision.Kind.AUTOSAVE,
        defaults={"title": title, "body": body, "based_on": version, "created_at": now},
    )
    return revision


def pending_autosave(*, post: Post | None, user) -> PostRevision | None:
    """Her autosave of this post if it is newer than the post's last save."""
    autosave = PostRevision.objects.autosaves().filter(post=post, created_by=user)
    if post is not None:
        autosave = autosave.filter(based_on=post.updated_at)
    found = autosave.first()
    if (
        found
        and post is not None
        and (found.title, found.body)
        == (
            post.title,
            post.body,
        )
    ):
        return None
    return found


@transaction.atomic
def record_revision(
    *, post: Post, user, revised: bool, kind=PostRevision.Kind.SAVED, now=None
):
    """Add the post's saved text to its history; drop her autosave it replaces.

    `revised` says the title or text changed in this save: a live post then shows
    "Updated …". Side effects: writes a PostRevision (unless the text is unchanged
    since the last one), deletes her autosave of this post (and of a new post),
    may set the post's `revised_at`.
    """
    now = now or timezone.now()
    if revised and post.is_live(now=now):
        post.revised_at = now
        Post.objects.filter(pk=post.pk).update(revised_at=now)
        bump_blog_version()  # update() sends no signal
    PostRevision.objects.autosaves().filter(post=post, created_by=user).delete()
    PostRevision.objects.autosaves().filter(post=None, created_by=user).delete()
    last = post.revisions.history().first()
    unchanged = last and (last.title, last.body) == (post.title, post.body)
    if unchanged and kind == last.kind:
        return last
    return PostRevision.objects.create(
        post=post,
        kind=kind,
        title=post.title,
        body=post.body,
        created_by=user,
        created_at=now,
    )


@transaction.atomic
def restore_revision(*, revision: PostRevision, user) -> Post:
    """Put an earlier title and text back on the post, as a new saved version.

    Side effects: saves the post (sanitised HTML, cache version) and records a
    "restored" revision.
    """
    post = Post.objects.select_for_update().get(pk=revision.post_id)
    post.title = revision.title or post.title
    post.body = revision.body
    post_services.save_post(post=post, previous_slug=post.slug)
    record_revision(post=post, user=user, revised=True, kind=PostRevision.Kind.RESTORED)
    return post
