"""What the post admin gets from the editor: its widget, its URLs, the history."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles.editor import services
from articles.editor.admin_text import coach_time
from articles.editor.urls import editor_urls
from articles.editor.widgets import EditorWidget
from coaching.zones import coach_zone_name

HISTORY_LENGTH = 20


class PostEditorAdminMixin:
    """Mixed into PostAdmin: the body editor, its endpoints and revision history."""

    def get_urls(self):
        return [*editor_urls(self), *super().get_urls()]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "body" in form.base_fields:
            form.base_fields["body"].widget = EditorWidget(post=obj, user=request.user)
        for field in form.base_fields.values():
            # The admin puts file inputs in a <fieldset> whose <legend> is no label.
            if isinstance(field.widget, forms.FileInput):
                field.widget.attrs.setdefault("aria-label", str(field.label))
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.record_revision(
            post=form.instance,
            user=request.user,
            revised=change and bool({"title", "body"} & set(form.changed_data)),
        )

    @admin.display(description="Saved versions")
    def revision_history(self, obj):
        if not obj or not obj.pk:
            return "Earlier versions appear here once the post is saved."
        revisions = obj.revisions.history().select_related("created_by")
        rows = [
            (
                reverse("admin:articles_post_editor_revision", args=[revision.pk]),
                coach_time(revision.created_at),
                revision.get_kind_display(),
                _who(revision.created_by),
            )
            for revision in revisions[:HISTORY_LENGTH]
        ]
        if not rows:
            return "No earlier versions yet."
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a> · {} by {}</li>',
            rows,
        )
        return format_html(
            "<p>Times in {}. Open a version to see what changed and restore it.</p>"
            '<ol class="post-revisions">{}</ol>',
            coach_zone_name(),
            items,
        )


def _who(user) -> str:
    if user is None:
        return "someone no longer here"
    return getattr(user, "public_name", "") or user.get_username()
