"""Responsive copies of hero images, made with Pillow into MEDIA_ROOT."""

import logging
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (480, 800, 1200)
RENDITION_DIR = "articles/renditions"


def rendition_name(image_name: str, width: int) -> str:
    """Storage name of the copy of `image_name` scaled to `width` pixels."""
    stem = PurePosixPath(image_name).stem
    return f"{RENDITION_DIR}/{stem}-{width}w.webp"


def rendition_widths(original_width: int | None) -> list[int]:
    """Widths worth making: the standard ones narrower than the original."""
    if not original_width:
        return []
    return [w for w in RENDITION_WIDTHS if w < original_width]


def _make_rendition(image_name: str, width: int) -> None:
    with default_storage.open(image_name, "rb") as source:
        image = ImageOps.exif_transpose(Image.open(source))
        image.load()
    height = round(image.height * width / image.width)
    scaled = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    scaled = scaled.resize((width, height), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    scaled.save(buffer, format="WEBP", quality=80, method=4)
    default_storage.save(
        rendition_name(image_name, width), ContentFile(buffer.getvalue())
    )


def ensure_renditions(image_name: str, original_width: int | None) -> list[int]:
    """Make any missing scaled copies of an image; returns the widths available.

    Side effect: writes WebP files under MEDIA_ROOT/articles/renditions/.
    A broken upload yields no copies (the original is still shown), never an error.
    """
    available = []
    for width in rendition_widths(original_width):
        name = rendition_name(image_name, width)
        if not default_storage.exists(name):
            try:
                _make_rendition(image_name, width)
            except (OSError, UnidentifiedImageError, ValueError):
                logger.warning("could not scale hero image to %spx", width)
                continue
        available.append(width)
    return available
