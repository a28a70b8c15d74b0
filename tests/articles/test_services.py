from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles import services
from articles.images import rendition_name
from articles.models import Post, SlugRedirect
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def png_upload(width=1600, height=900, name="hero.png"):
    buffer = BytesIO()
    Image.new("RGB", (width, height), "#0b5c55").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_save_post_keeps_old_slug_as_redirect():
    post = PostFactory(slug="old-name")
    post.slug = "new-name"

    services.save_post(post=post, previous_slug="old-name")

    assert SlugRedirect.objects.get(old_slug="old-name").post == post


def test_save_post_renaming_back_drops_the_redirect_of_the_live_slug():
    post = PostFactory(slug="first")
    post.slug = "second"
    services.save_post(post=post, previous_slug="first")
    post.slug = "first"

    services.save_post(post=post, previous_slug="second")

    assert list(SlugRedirect.objects.values_list("old_slug", flat=True)) == ["second"]


def test_save_post_refuses_invalid_post():
    post = PostFactory.build(title="")

    with pytest.raises(ValidationError):
        services.save_post(post=post)

    assert not Post.objects.exists()


def test_save_post_makes_responsive_copies_of_the_hero(
    media_root, django_capture_on_commit_callbacks
):
    post = PostFactory.build(
        author=UserFactory(), hero_image=png_upload(), hero_alt="A bowl of soup"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.save_post(post=post)

    for width in (480, 800, 1200):
        assert (media_root / rendition_name(post.hero_image.name, width)).exists()
    assert (post.hero_width, post.hero_height) == (1600, 900)


def test_publish_post_without_time_goes_live_now():
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)

    services.publish_post(post=post)

    post.refresh_from_db()
    assert post.is_live()


def test_publish_post_keeps_a_scheduled_time():
    post = PostFactory(status=Post.Status.DRAFT)
    scheduled = post.publish_at

    services.publish_post(post=post)

    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED
    assert post.publish_at == scheduled


def test_unpublish_post_hides_it_from_readers():
    post = PostFactory()

    services.unpublish_post(post=post)

    assert not Post.objects.published().exists()
