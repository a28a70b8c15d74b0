from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles import services
from articles.images import make_renditions
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

    post.refresh_from_db()
    assert [copy["width"] for copy in post.hero_renditions] == [480, 800, 1200]
    for copy in post.hero_renditions:
        assert (media_root / copy["name"]).exists()
    assert (post.hero_width, post.hero_height) == (1600, 900)


def photo_upload(width, height, image_format, name):
    """A noisy picture: scaled copies of it are not trivially small."""
    buffer = BytesIO()
    image = Image.effect_noise((width, height), 64).convert("RGB")
    image.save(buffer, format=image_format, quality=30)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_scaled_copy_heavier_than_the_original_is_not_used(
    media_root, django_capture_on_commit_callbacks
):
    # A heavily compressed JPEG: good copies of it weigh more than the original.
    upload = photo_upload(1300, 700, "JPEG", "tiny.jpg")
    original_size = upload.size
    post = PostFactory.build(author=UserFactory(), hero_image=upload, hero_alt="x")

    with django_capture_on_commit_callbacks(execute=True):
        services.save_post(post=post)

    post.refresh_from_db()
    for copy in post.hero_renditions:
        assert (media_root / copy["name"]).stat().st_size < original_size
    assert 1200 not in [copy["width"] for copy in post.hero_renditions]


def test_scaled_copy_is_the_smallest_of_the_formats_made(media_root):
    upload = photo_upload(1000, 600, "PNG", "flat.png")
    name = default_storage.save("articles/hero/flat.png", upload)

    made = make_renditions(name, 1000)

    for copy in made:
        webp = _encoded_size(media_root / name, copy["width"], "WEBP")
        png = _encoded_size(media_root / name, copy["width"], "PNG")
        assert (media_root / copy["name"]).stat().st_size == min(webp, png)


def _encoded_size(path, width, image_format):
    image = Image.open(path)
    height = round(image.height * width / image.width)
    scaled = image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    if image_format == "WEBP":
        scaled.save(buffer, format="WEBP", quality=80, method=4)
    else:
        scaled.save(buffer, format=image_format, optimize=True)
    return len(buffer.getvalue())


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


def test_publish_post_now_puts_a_draft_live_at_the_clock():
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)

    services.publish_post_now(post=post)

    post.refresh_from_db()
    assert post.is_live()


def test_publish_post_now_keeps_a_live_post_time_to_the_second():
    post = PostFactory()
    live_at = post.publish_at

    services.publish_post_now(post=post)

    post.refresh_from_db()
    assert post.publish_at == live_at


def test_schedule_post_refuses_a_time_that_has_passed():
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)

    with pytest.raises(ValidationError, match="That time has passed"):
        services.schedule_post(post=post, publish_at=timezone.now())

    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
