"""Export item fields turned into post fields: titles, slugs, dates, tags, series."""

import hashlib
import json
import re
from datetime import UTC, datetime
from urllib.parse import unquote

from bs4 import BeautifulSoup
from django.utils import timezone
from django.utils.text import Truncator, slugify

from articles.importers.wxr import Item, parse_pub_date
from articles.models import RESERVED_SLUGS, Post, Series
from articles.text import strip_control_chars

EARLIEST_YEAR = 1990
LATEST_YEAR = 2100
SERIES_KEY = "msmonday"
NOT_A_TAG = {"uncategorized", "uncategorised"}


def plain_text(html: str) -> str:
    """The words of an HTML fragment, on one line."""
    text = BeautifulSoup(strip_control_chars(html), "html.parser").get_text(" ")
    return " ".join(text.split())


def fit(text: str, length: int) -> str:
    """`text` cut at a word boundary to at most `length` characters."""
    return Truncator(text).chars(length, truncate="…")


def source_hash(item: Item, thumbnail: Item | None) -> str:
    """A fingerprint of everything the import reads from an item."""
    data = [item.title, item.content, item.excerpt, item.post_name, item.status,
            item.post_date_gmt, item.pub_date, sorted(item.categories)]  # fmt: skip
    if thumbnail is not None:
        alt = thumbnail.meta.get("_wp_attachment_image_alt")
        data += [thumbnail.attachment_url, alt]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def _gmt(value: str):
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def publish_time(item: Item) -> tuple[datetime | None, str | None]:
    """The post's time (GMT date, else pubDate) and why a date was refused, if so."""
    refused = None
    for candidate in (_gmt(item.post_date_gmt), parse_pub_date(item.pub_date)):
        if candidate is None:
            continue
        if EARLIEST_YEAR <= candidate.year <= LATEST_YEAR:
            return candidate, None
        refused = f"its date {candidate:%Y-%m-%d} is not believable"
    return None, refused


def status_and_time(item: Item, *, now) -> tuple[str, datetime | None, list[str]]:
    """publish → live at its date, future → scheduled, anything else → draft."""
    when, refused = publish_time(item)
    notes = [f"{refused}: ignored"] if refused else []
    if item.status not in ("publish", "future"):
        return Post.Status.DRAFT, None, notes
    if when is None:
        return Post.Status.DRAFT, None, [*notes, "no usable date: kept as a draft"]
    if when > now:
        notes.append(f"scheduled: goes live {timezone.localtime(when):%Y-%m-%d %H:%M}")
    return Post.Status.PUBLISHED, when, notes


def title_of(item: Item) -> tuple[str, list[str]]:
    """The title as plain text, cut to the field's length (noted if cut)."""
    limit = Post._meta.get_field("title").max_length
    title = plain_text(item.title) or f"Untitled post {item.post_id}".strip()
    if len(title) > limit:
        return fit(title, limit), [f"title cut to {limit} characters"]
    return title, []


def wanted_slug(item: Item, title: str) -> str:
    """The export's slug, else one from the title; never one the blog reserves."""
    limit = Post._meta.get_field("slug").max_length - 6
    base = slugify(unquote(item.post_name))[:limit].strip("-")
    base = base or slugify(title)[:limit].strip("-") or f"post-{item.post_id}"
    return f"{base}-post" if base in RESERVED_SLUGS else base


def unique_slug(item: Item, title: str, *, exclude_pk=None) -> str:
    """The wanted slug, numbered (-2, -3…) when another post has it."""
    base = wanted_slug(item, title)
    taken = Post.objects.exclude(pk=exclude_pk)
    slug, n = base, 1
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def summary_of(item: Item, body_text: str, title: str) -> str:
    """The excerpt, else the opening of the body, else the title; fits the field."""
    limit = Post._meta.get_field("summary").max_length
    text = plain_text(item.excerpt) or plain_text(body_text) or title
    return fit(text, limit)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def tags_and_series(item: Item) -> tuple[list[str], Series | None, bool]:
    """Tag names, the series a category names, and whether MSMonday must be made."""
    series_by_key = {}
    for series in Series.objects.all():
        series_by_key.setdefault(_key(series.title), series)
        series_by_key.setdefault(_key(series.slug), series)
    tags, series, make_series = {}, None, False
    for _domain, raw in item.categories:
        name = fit(plain_text(raw), 100)
        key = _key(name)
        if not key or key in NOT_A_TAG:
            continue
        if key in series_by_key or key == SERIES_KEY:
            series = series or series_by_key.get(key)
            make_series = make_series or (series is None and key == SERIES_KEY)
            continue
        tags.setdefault(name.lower(), name)
    return list(tags.values()), series, make_series


def the_series() -> Series:
    """The MSMonday series, made if the site has none yet."""
    series, _ = Series.objects.get_or_create(
        slug=SERIES_KEY, defaults={"title": "MSMonday"}
    )
    return series
