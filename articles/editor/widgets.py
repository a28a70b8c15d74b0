"""The post body's editor: EasyMDE (from npm) over the Markdown textarea."""

from functools import cache

from django import forms
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from articles.editor import services
from articles.editor.admin_text import coach_time
from coaching.zones import coach_zone_name

VENDOR_FILES = (
    "vendor/easymde/easymde.min.css",
    "vendor/easymde/easymde.min.js",
    "vendor/turndown/turndown.browser.umd.js",
)


@cache
def vendor_installed() -> bool:
    """Whether `make install` (npm ci) put the editor's libraries in place."""
    return all(
        finders.find(name) or staticfiles_storage.exists(name) for name in VENDOR_FILES
    )


class EditorWidget(forms.Textarea):
    """A Markdown textarea with a toolbar, pictures, live preview and autosave.

    Without the npm libraries (no `npm` at install time) it stays a plain textarea.
    """

    template_name = "articles/editor/widget.html"

    def __init__(self, *, post=None, user=None, attrs=None):
        super().__init__(attrs={"rows": 20, **(attrs or {})})
        self.post = post
        self.user = user

    @property
    def media(self):
        if not vendor_installed():
            return forms.Media()
        return forms.Media(
            css={"all": ["vendor/easymde/easymde.min.css", "css/editor.css"]},
            js=[
                "vendor/easymde/easymde.min.js",
                "vendor/turndown/turndown.browser.umd.js",
                "js/editor/paste.js",
                "js/editor/editor.js",
            ],
        )

    def render(self, name, value, attrs=None, renderer=None):
        # The site's engine, which finds templates/ (the form renderer looks only
        # in apps); the widget's markup is in one template either way.
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))  # noqa: S308

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        post = self.post if self.post is not None and self.post.pk else None
        frame_args = [post.pk] if post else []
        context["editor"] = {
            "enabled": vendor_installed(),
            "post": post.pk if post else "",
            "version": post.updated_at.isoformat() if post else "",
            "picture_url": reverse("admin:articles_post_editor_picture"),
            "preview_url": reverse("admin:articles_post_editor_preview"),
            "frame_url": reverse("admin:articles_post_editor_frame", args=frame_args),
            "autosave_url": reverse("admin:articles_post_editor_autosave"),
            "pending": self._pending(post),
            "zone": coach_zone_name(),
        }
        return context

    def _pending(self, post) -> dict | None:
        if self.user is None:
            return None
        autosave = services.pending_autosave(post=post, user=self.user)
        if autosave is None:
            return None
        return {
            "title": autosave.title,
            "body": autosave.body,
            "saved_at": coach_time(autosave.created_at),
        }
