"""Writes to the blog: saving, publishing and unpublishing posts."""

from django.db import transaction

from articles.images import make_renditions
from articles.models import Post, SlugRedirect
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
def unpublish_post(*, post: Post) -> Post:
    """Return a post to draft so readers no longer see it; keeps its publish time."""
    post = _locked(post)
    post.status = Post.Status.DRAFT
    post.save(update_fields=["status", "updated_at"])
    return post
