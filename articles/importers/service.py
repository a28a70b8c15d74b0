"""Import a WordPress or Squarespace export: posts, pictures and old addresses.

Each post is written in its own transaction, so a bad one fails alone and the
run goes on; pictures are fetched before that transaction opens.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from articles.importers import fields
from articles.importers.body import convert_body
from articles.importers.images import ImageCopier
from articles.importers.models import ImportedPost
from articles.importers.report import ImportReport
from articles.importers.wxr import Export, ExportError, Item, read_export
from articles.models import Post
from articles.redirects import Redirect, normalize_old_path
from articles.services import save_post


def check_export_size(size: int) -> None:
    """Refuse an export over the size cap with a message the coach can act on."""
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise ExportError(
            f"This file is {size / 1024 / 1024:.0f} MB; the limit is "
            f"{limit / 1024 / 1024:.0f} MB. Export posts only (Tools → Export → "
            "Posts), or a year at a time, and import each file."
        )


@dataclass
class _Run:
    export: Export
    author: object
    copier: ImageCopier
    report: ImportReport
    now: datetime
    attachments: dict[str, Item]


def import_export(*, source, author, dry_run: bool = False, now=None) -> ImportReport:
    """Import every post of an export (path or binary file); returns the report.

    Side effects (unless `dry_run`): posts, tags, series, redirects and import
    records written one post per transaction; pictures saved into MEDIA_ROOT.
    Raises ExportError when the file cannot be read at all.
    """
    if isinstance(source, str | Path):
        check_export_size(Path(source).stat().st_size)
    export = read_export(source)
    report = ImportReport(dry_run=dry_run)
    report.source = "Squarespace" if export.is_squarespace else "WordPress"
    run = _Run(
        export=export,
        author=author,
        copier=ImageCopier(dry_run=dry_run),
        report=report,
        now=now or timezone.now(),
        attachments={a.post_id: a for a in export.of_type("attachment")},
    )
    for item in export.items:
        if item.post_type == "post":
            _import_item(run, item)
        elif item.post_type == "page":
            report.skipped.append((item.title or item.link, "a page: only posts"))
    report.images_stored = sorted(set(run.copier.stored.values()))
    report.images_remote = sorted(run.copier.remote.items())
    if dry_run:
        report.images_to_fetch = sorted(run.copier.seen)
    return report


def _existing_record(run: _Run, item: Item) -> ImportedPost | None:
    records = ImportedPost.objects.select_related("post")
    if item.guid and (record := records.filter(guid=item.guid).first()):
        return record
    if item.post_id:
        return records.filter(
            source_site=run.export.site_url, source_id=item.post_id
        ).first()
    if item.link:  # an export with neither: the post's old address
        old_path = normalize_old_path(item.link)
        return records.filter(post__old_addresses__old_path=old_path).first()
    return None


def _import_item(run: _Run, item: Item) -> None:
    """Match an export post with an earlier import, then create, update or skip it."""
    report = run.report
    title, notes = fields.title_of(item)
    thumbnail = run.attachments.get(item.meta.get("_thumbnail_id", ""))
    digest = fields.source_hash(item, thumbnail)
    record = _existing_record(run, item)
    if record is not None and record.source_hash == digest:
        report.unchanged.append(title)
        return
    if record is not None and record.post.updated_at > record.post_updated_at:
        report.edited_here.append(title)
        return
    if not fields.plain_text(item.content) and "<img" not in item.content:
        report.skipped.append((title, "no text"))
        return
    if item.creator:
        report.authors.add(item.creator)
    post = record.post if record else Post(author=run.author)
    previous_slug = post.slug or None
    notes += _fill_post(run, item, post, title, thumbnail)
    if not report.dry_run:
        try:
            with transaction.atomic():
                notes += _write_post(run, item, post, previous_slug, digest, record)
        except (ValidationError, DatabaseError, ValueError, OSError) as exc:
            report.failed.append((title, _reason(exc)))
            return
    (report.updated if record else report.created).append(title)
    report.notes += [(title, note) for note in notes]


def _fill_post(run: _Run, item: Item, post: Post, title: str, thumbnail) -> list[str]:
    """Set the post's fields from the item (pictures fetched); returns notes."""
    body = convert_body(
        item.content,
        map_image=run.copier.local_url,
        gallery=lambda attrs: _gallery_pictures(run, item, attrs),
        is_rendered=run.export.is_squarespace,
    )
    run.report.shortcodes.update(body.shortcodes)
    post.status, post.publish_at, notes = fields.status_and_time(item, now=run.now)
    post.title, post.body = title, body.text
    post.summary = fields.summary_of(item, body.text, title)
    post.imported_from = run.report.source.lower()
    return _body_notes(body) + notes + _set_hero(run, post, thumbnail)


def _write_post(run, item, post, previous_slug, digest, record) -> list[str]:
    """Save the post, its tags, series, import record and old addresses."""
    notes = []
    post.slug = fields.unique_slug(item, post.title, exclude_pk=post.pk)
    if item.post_name and post.slug != fields.wanted_slug(item, post.title):
        notes.append(f"its address was taken: now /blog/{post.slug}/")
    tags, series, make_series = fields.tags_and_series(item)
    post.series = fields.the_series() if make_series else series
    save_post(post=post, previous_slug=previous_slug)
    post.tags.set(tags, clear=True)
    post.refresh_from_db(fields=["updated_at"])
    record = record or ImportedPost(post=post)
    record.source_site = run.export.site_url[:300]
    record.source_id = item.post_id[:40]
    record.guid = item.guid[:500]
    record.source_hash = digest
    record.post_updated_at = post.updated_at
    record.full_clean()
    record.save()
    run.report.redirects_added += _add_redirects(item, post)
    return notes


def _attachment_url(attachment: Item) -> str:
    return attachment.attachment_url or attachment.guid


def _gallery_pictures(run: _Run, item: Item, attrs: dict) -> list[tuple[str, str, str]]:
    """A [gallery]'s pictures: its `ids`, else the post's attached pictures."""
    ids = [i.strip() for i in attrs.get("ids", "").split(",") if i.strip()]
    if not ids:
        ids = [
            a.post_id for a in run.attachments.values() if a.parent_id == item.post_id
        ]
    found = [run.attachments[i] for i in ids if i in run.attachments]
    return [
        (
            _attachment_url(a),
            fields.plain_text(a.meta.get("_wp_attachment_image_alt", "")),
            fields.plain_text(a.excerpt),
        )
        for a in found
    ]


def _set_hero(run: _Run, post: Post, thumbnail: Item | None) -> list[str]:
    if thumbnail is None:
        return []
    name = run.copier.copy(_attachment_url(thumbnail))
    if run.copier.dry_run:
        return []
    if name is None:
        return ["featured image left out: it could not be downloaded"]
    if post.hero_image.name != name:
        post.hero_image = name
    alt = fields.plain_text(thumbnail.meta.get("_wp_attachment_image_alt", ""))
    alt = alt or fields.plain_text(thumbnail.excerpt)
    post.hero_alt = fields.fit(alt, Post._meta.get_field("hero_alt").max_length)
    post.hero_is_decorative = not alt
    return [] if alt else ["featured image has no description: marked decorative"]


def _old_paths(item: Item, post: Post) -> set[str]:
    paths = set()
    if item.link:
        paths.add(normalize_old_path(item.link))
    if item.post_id.isdigit():
        paths.add(f"/?p={item.post_id}")
    dated = fields._gmt(item.post_date)
    if dated and item.post_name:
        paths.add(f"/{dated:%Y/%m/%d}/{item.post_name.strip('/')}")
    own = normalize_old_path(post.get_absolute_url())
    return {p for p in paths if p not in ("/", own)}


def _add_redirects(item: Item, post: Post) -> int:
    added = 0
    for old_path in sorted(_old_paths(item, post)):
        if Redirect.objects.filter(old_path=old_path).exists():
            continue
        redirect = Redirect(old_path=old_path, post=post)
        redirect.full_clean()
        redirect.save()
        added += 1
    return added


def _body_notes(body) -> list[str]:
    notes = []
    if body.removed:
        removed = ", ".join(f"{n} {name}" for name, n in sorted(body.removed.items()))
        notes.append(f"removed from the text for safety: {removed}")
    if body.dynamic_blocks:
        names = ", ".join(sorted(body.dynamic_blocks))
        notes.append(f"blocks WordPress builds on the fly, left out: {names}")
    return notes


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return f"could not be saved ({type(exc).__name__})"
