"""The editor's addresses, under the post admin (admin:articles_post_editor_*)."""

from functools import partial

from django.urls import path

from articles.editor import views


def editor_urls(model_admin) -> list:
    """URL patterns of the editor's endpoints, each behind the admin site."""

    def view(function):
        wrapped = partial(function, model_admin=model_admin)
        return model_admin.admin_site.admin_view(_named(wrapped, function))

    return [
        path(
            "editor/picture/",
            view(views.upload_picture),
            name="articles_post_editor_picture",
        ),
        path(
            "editor/preview/", view(views.preview), name="articles_post_editor_preview"
        ),
        path(
            "editor/preview/frame/",
            view(views.preview_frame),
            name="articles_post_editor_frame",
        ),
        path(
            "editor/preview/frame/<int:pk>/",
            view(views.preview_frame),
            name="articles_post_editor_frame",
        ),
        path(
            "editor/autosave/",
            view(views.autosave),
            name="articles_post_editor_autosave",
        ),
        path(
            "editor/revision/<int:pk>/",
            view(views.revision),
            name="articles_post_editor_revision",
        ),
    ]


def _named(wrapped, function):
    """A partial that keeps the view's name and its decorators' markers."""
    wrapped.__name__ = function.__name__
    wrapped.__module__ = function.__module__
    wrapped.__dict__.update(function.__dict__)
    return wrapped
