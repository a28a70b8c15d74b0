"""A post's Markdown as the page shows it: sanitised, pictures scaled, lazy."""

import html as html_entities
import re
from urllib.parse import unquote

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.html import format_html

from articles.editor.models import PostImage
from coaching.markdown import render_markdown

PICTURE_SIZES = "(min-width: 800px) 736px, 100vw"
# nh3 writes every tag back the same way: attributes double-quoted and escaped.
IMG_TAG = re.compile(r"<img ([^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def render_post_body(text: str) -> str:
    """Sanitised HTML of a post; pictures uploaded in the editor get their copies.

    Reads the PostImage rows the text refers to (one query); writes nothing.
    """
    html = render_markdown(text)
    images = _images_by_address(html)
    return IMG_TAG.sub(lambda match: _img(match, images), html)


def _media_name(src: str) -> str | None:
    media_url = settings.MEDIA_URL
    if not src.startswith(media_url):
        return None
    return unquote(src.removeprefix(media_url))


def _images_by_address(html: str) -> dict[str, PostImage]:
    names = {
        name
        for attributes in IMG_TAG.findall(html)
        if (name := _media_name(dict(ATTRIBUTE.findall(attributes)).get("src", "")))
    }
    if not names:
        return {}
    return {
        image.image.name: image for image in PostImage.objects.filter(image__in=names)
    }


def _img(match, images: dict[str, PostImage]) -> str:
    attributes = dict(ATTRIBUTE.findall(match.group(1)))
    name = _media_name(attributes.get("src", ""))
    image = images.get(name) if name else None
    if image is None:
        return match.group(0).replace("<img ", '<img loading="lazy" ', 1)
    candidates = [
        f"{default_storage.url(copy['name'])} {copy['width']}w"
        for copy in image.renditions
    ]
    srcset = ""
    if candidates and image.width:
        srcset = ", ".join([*candidates, f"{image.image.url} {image.width}w"])
    # Values come back unescaped from the tag nh3 wrote, so escape them again.
    alt = html_entities.unescape(attributes.get("alt", ""))
    if srcset:
        return format_html(
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
            'loading="lazy" decoding="async">',
            image.image.url, srcset, PICTURE_SIZES, image.width, image.height, alt,
        )  # fmt: skip
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" loading="lazy" '
        'decoding="async">',
        image.image.url, image.width, image.height, alt,
    )  # fmt: skip
