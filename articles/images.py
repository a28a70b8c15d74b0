"""Responsive copies of hero images, made with Pillow into MEDIA_ROOT.

Copies are made when a post is saved, never while a page renders. At each width
the smallest of a WebP and a copy in the original's format is kept, and a width
whose smallest copy is heavier than the original file is skipped: the original
serves it better.
"""

import logging
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (480, 800, 1200)
RENDITION_DIR = "articles/renditions"
# Pillow format name and file extension of the copies besides WebP.
SAME_FORMAT = {"JPEG": "jpg", "PNG": "png"}


def rendition_name(image_name: str, width: int, extension: str = "webp") -> str:
    """Storage name of the copy of `image_name` scaled to `width` pixels."""
    stem = PurePosixPath(image_name).stem
    return f"{RENDITION_DIR}/{stem}-{width}w.{extension}"


def rendition_widths(original_width: int | None) -> list[int]:
    """Widths worth making: the standard ones narrower than the original."""
    if not original_width:
        return []
    return [w for w in RENDITION_WIDTHS if w < original_width]


def _encoded(image: Image.Image, image_format: str) -> bytes:
    buffer = BytesIO()
    if image_format == "WEBP":
        image.save(buffer, format="WEBP", quality=80, method=4)
    elif image_format == "JPEG":
        image.convert("RGB").save(buffer, format="JPEG", quality=80, optimize=True)
    else:
        image.save(buffer, format=image_format, optimize=True)
    return buffer.getvalue()


def _smallest_copy(image, source_format, width) -> tuple[str, bytes]:
    height = round(image.height * width / image.width)
    scaled = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    scaled = scaled.resize((width, height), Image.Resampling.LANCZOS)
    copies = [("webp", _encoded(scaled, "WEBP"))]
    if extension := SAME_FORMAT.get(source_format):
        copies.append((extension, _encoded(scaled, source_format)))
    return min(copies, key=lambda copy: len(copy[1]))


def make_renditions(image_name: str, original_width: int | None) -> list[dict]:
    """Write the scaled copies of an image; returns [{"width", "name"}] to use.

    Side effect: writes files under MEDIA_ROOT/articles/renditions/.
    A broken upload yields no copies (the original is still shown), never an error.
    """
    widths = rendition_widths(original_width)
    if not widths:
        return []
    try:
        original_size = default_storage.size(image_name)
        with default_storage.open(image_name, "rb") as source:
            opened = Image.open(source)
            source_format = opened.format
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (OSError, UnidentifiedImageError, ValueError):
        logger.warning("could not read a hero image to scale it")
        return []
    made = []
    for width in widths:
        try:
            extension, data = _smallest_copy(image, source_format, width)
        except (OSError, ValueError):
            logger.warning("could not scale hero image to %spx", width)
            continue
        if len(data) >= original_size:
            continue  # heavier than the original: the original serves this width
        name = rendition_name(image_name, width, extension)
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(data))
        made.append({"width": width, "name": name})
    return made
