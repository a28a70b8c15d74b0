"""Writes to the blog: saving, publishing and unpublishing posts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.images import make_renditions
from articles.models import Post, SlugRedirect
from articles.redirects import Redirect, normalize_old_path
from coaching.pagecache import bump_blog_version


@transaction.atomic
def save_post(*, post: Post, previous_slug: str | None = None) -> Post:
    """Validate and save a post; keep its old slug as a redirect; scale its hero.

    Side effects: writes a SlugRedirect row when the slug changed and WebP copies
    of the hero image into MEDIA_ROOT.
    """
    post.fill_publish_time()
    post.full_clean()
    post.save()
    # The new slug must never redirect, even if it was used by this post before.
    SlugRedirect.objects.filter(old_slug=post.slug).delete()
    if previous_slug and previous_slug != post.slug:
        SlugRedirect.objects.update_or_create(
            old_slug=previous_slug, defaults={"post": post}
        )
        # Earlier redirects of this post already point at it: nothing to chain.
    if post.hero_image and post.hero_renditions_of != post.hero_image.name:
        transaction.on_commit(lambda: scale_hero_image(post_id=post.pk))
    return post


def scale_hero_image(*, post_id: int) -> None:
    """Make the scaled copies of a post's hero and record which ones pages use.

    Side effects: writes files into MEDIA_ROOT; saves the post's rendition list.
    """
    post = Post.objects.filter(pk=post_id).only("hero_image", "hero_width").first()
    if post is None or not post.hero_image:
        return
    renditions = make_renditions(post.hero_image.name, post.hero_width)
    # Recorded only if the hero was not replaced meanwhile.
    Post.objects.filter(pk=post_id, hero_image=post.hero_image.name).update(
        hero_renditions=renditions, hero_renditions_of=post.hero_image.name
    )
    bump_blog_version()  # update() sends no signal


def _locked(post: Post) -> Post:
    return Post.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def publish_post(*, post: Post, now=None) -> Post:
    """Mark a post published; without a publish time it goes live `now`."""
    post = _locked(post)
    post.status = Post.Status.PUBLISHED
    post.fill_publish_time(now=now)
    post.full_clean()
    post.save(update_fields=["status", "publish_at", "updated_at"])
    return post


@transaction.atomic
def publish_post_now(*, post: Post, now=None) -> Post:
    """Put a post live at once; a post already live keeps its time to the second."""
    now = now or timezone.now()
    post = _locked(post)
    if not post.is_live(now=now):
        _go_live_at(post, now)
    return post


@transaction.atomic
def schedule_post(*, post: Post, publish_at, now=None) -> Post:
    """Have a post go live at `publish_at`, which must be later than `now`.

    Never backdates: a time that has passed is refused with a message.
    """
    now = now or timezone.now()
    if publish_at <= now:
        raise ValidationError(
            {"publish_at": "That time has passed. Pick a later one, or publish now."}
        )
    post = _locked(post)
    _go_live_at(post, publish_at)
    return post


def _go_live_at(post: Post, when) -> None:
    post.status = Post.Status.PUBLISHED
    post.publish_at = when
    post.full_clean()
    post.save(update_fields=["status", "publish_at", "updated_at"])


@transaction.atomic
def unpublish_post(*, post: Post, redirect_to: str = "") -> Post:
    """Return a post to draft so readers no longer see it; keeps its publish time.

    With `redirect_to`, the post's address sends readers there while it is off
    the site (a Redirect row; the live post wins again once republished).
    """
    post = _locked(post)
    post.status = Post.Status.DRAFT
    post.save(update_fields=["status", "updated_at"])
    if redirect_to:
        old_path = normalize_old_path(post.get_absolute_url())
        Redirect.objects.filter(old_path=old_path).delete()
        redirect = Redirect(old_path=old_path, new_path=redirect_to)
        redirect.full_clean()
        redirect.save()
    return post
