from datetime import UTC, datetime

import pytest

from articles.importers import service
from articles.importers.service import import_export
from articles.importers.wxr import ExportError
from articles.models import Post

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
LONG_TITLE = "Healing the gut " * 30


@pytest.fixture
def hostile(export_file, coach):
    path = export_file("hostile.xml", LONG_TITLE=LONG_TITLE)
    return import_export(source=path, author=coach, now=NOW)


def test_import_sanitises_scripts_frames_and_handlers(hostile, client):
    post = Post.objects.get(slug="scripts")

    html = client.get(post.get_absolute_url()).content.decode()
    assert post.title == "Scripts and frames"
    for bad in ("steal", "evil.example", "javascript:", "display:none"):
        assert bad not in post.body and bad not in post.body_html
    assert "alert('title')" not in html
    assert "youtube.com/embed/xyz" in post.body_html
    assert any("removed from the text for safety" in n for _, n in hostile.notes)


def test_import_cuts_long_titles(hostile):
    post = Post.objects.get(slug="same-slug")

    assert len(post.title) <= 200 and post.title.endswith("…")
    assert (post.title, "title cut to 200 characters") in hostile.notes


def test_import_numbers_duplicate_slugs(hostile):
    post = Post.objects.get(title="Same slug again")

    assert post.slug == "same-slug-2"
    assert ("Same slug again", "its address was taken: now /blog/same-slug-2/") in (
        hostile.notes
    )


def test_import_keeps_unbelievable_dates_as_drafts(hostile):
    old = Post.objects.get(slug="from-1970")
    far = Post.objects.get(title="From the far future")

    assert old.status == far.status == Post.Status.DRAFT
    assert old.publish_at is None and far.publish_at is None
    assert ("From 1970", "no usable date: kept as a draft") in hostile.notes


def test_import_never_takes_a_reserved_slug(hostile):
    assert Post.objects.get(title="From the far future").slug == "feed-post"


def test_import_schedules_published_posts_dated_ahead(hostile):
    post = Post.objects.get(slug="next-month")

    assert post.status == Post.Status.PUBLISHED and not post.is_live(now=NOW)


def test_import_refuses_huge_files_before_reading(tmp_path, coach):
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)

    with pytest.raises(ExportError, match="200 MB; the limit is 50 MB"):
        import_export(source=path, author=coach)
    assert Post.objects.count() == 0


def test_import_failing_post_writes_nothing_and_run_goes_on(
    export_file, coach, monkeypatch
):
    real = service._add_redirects

    def broken(item, post):
        if item.post_id == "12":
            raise ValueError("boom")
        return real(item, post)

    monkeypatch.setattr(service, "_add_redirects", broken)

    report = import_export(source=export_file("wordpress.xml"), author=coach, now=NOW)

    assert report.failed == [("Gut bacteria 101", "could not be saved (ValueError)")]
    assert not Post.objects.filter(slug="gut-bacteria-101").exists()
    assert Post.objects.count() == 3


def test_import_squarespace_export(export_file, coach, client):
    report = import_export(source=export_file("squarespace.xml"), author=coach)

    post = Post.objects.get(slug="my-aip-journey")
    assert report.source == "Squarespace" and post.imported_from == "squarespace"
    assert post.publish_at == datetime(2020, 5, 4, 14, 30, tzinfo=UTC)
    assert post.series.slug == "msmonday"
    assert "<p>When I started the autoimmune protocol I felt lost.</p>" in (
        post.body_html
    )
    assert "<figcaption><p>Greens at every meal</p></figcaption>" in post.body_html
    assert "?format=" not in post.body
    assert "sqs-" not in post.body and "noscript" not in post.body
    assert "/media/articles/imported/" in post.body
    assert report.images_remote[0][0] == "https://images.invalid/content/v1/gone.jpg"
    assert "https://images.invalid/content/v1/gone.jpg" in post.body
    assert client.get("/blog/2020/5/4/my-aip-journey").status_code == 301


def test_import_skips_posts_without_text(export_file, coach):
    path = export_file("wordpress.xml")
    path.write_text(path.read_text().replace("Notes on sleep.", "  "))

    report = import_export(source=path, author=coach, now=NOW)

    assert ("Half-written: sleep", "no text") in report.skipped
    assert Post.objects.count() == 3
