"""The shape of what the editor sends: a picture, an autosave, a preview."""

from pathlib import PurePosixPath

from django import forms
from PIL import Image

from articles.models import Series

MAX_IMAGE_BYTES = 15 * 1024 * 1024
# Pillow's format name and the extension the stored file gets.
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
NOT_A_PICTURE = (
    "This file is not a picture we can show (or it is damaged). "
    "Use a JPEG, PNG, WebP or GIF photo."
)


class PictureForm(forms.Form):
    image = forms.FileField(error_messages={"required": "Choose a picture first."})
    alt = forms.CharField(max_length=250, required=False, strip=True)
    is_decorative = forms.BooleanField(required=False)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > MAX_IMAGE_BYTES:
            size = upload.size / 1024 / 1024
            raise forms.ValidationError(
                f"This picture is {size:.0f} MB; the limit is 15 MB. "
                "Make it smaller (most phones can share a “medium” size) and try again."
            )
        try:
            # Decoding every pixel finds a file cut short, not only a wrong header.
            with Image.open(upload) as opened:
                image_format = opened.format
                opened.load()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise forms.ValidationError(NOT_A_PICTURE) from None
        if image_format not in IMAGE_FORMATS:
            raise forms.ValidationError(NOT_A_PICTURE)
        upload.seek(0)
        # Named for what it is: the page and the editor tell pictures by extension.
        stem = PurePosixPath(upload.name or "").stem[:80] or "picture"
        upload.name = f"{stem}.{IMAGE_FORMATS[image_format]}"
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("alt") and not cleaned.get("is_decorative"):
            self.add_error(
                "alt",
                "Describe the picture for readers who cannot see it, "
                "or tick “decorative”.",
            )
        return cleaned


class AutosaveForm(forms.Form):
    title = forms.CharField(max_length=200, required=False, strip=False)
    body = forms.CharField(required=False, strip=False)
    # The post's last save the page was opened with (empty for a new post).
    version = forms.DateTimeField(required=False)


class PreviewForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
    summary = forms.CharField(max_length=300, required=False)
    body = forms.CharField(required=False, strip=False)
    series = forms.ModelChoiceField(Series.objects.all(), required=False)
    reviewed_on = forms.DateField(required=False)

    def values(self) -> dict:
        """The fields that are valid; a half-typed date is simply left out."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors
        }
