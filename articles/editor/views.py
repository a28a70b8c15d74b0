"""The editor's staff-only endpoints: pictures, live preview, autosave, history.

Each is wrapped by the admin site (staff, two-factor, CSRF) in `urls.py` and
checks the post permissions of the PostAdmin it is given.
"""

import difflib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from articles.editor import services
from articles.editor.admin_text import coach_time
from articles.editor.forms import AutosaveForm, PictureForm, PreviewForm
from articles.editor.models import PostRevision
from articles.editor.rendering import render_post_body
from articles.models import Post, SeriesPosition
from coaching.zones import coach_zone


def _post(request, model_admin, pk) -> Post | None:
    """The post named by `pk` she may change, None for a new one she may add."""
    if pk in (None, ""):
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    try:
        post = Post.objects.select_related("author", "series").get(pk=int(pk))
    except (ValueError, Post.DoesNotExist):
        raise Http404("No such post") from None
    if not model_admin.has_change_permission(request, post):
        raise PermissionDenied
    return post


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


@require_POST
def upload_picture(request, model_admin):
    post = _post(request, model_admin, request.POST.get("post"))
    form = PictureForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"error": _first_error(form)}, status=400)
    picture = services.upload_post_image(
        image=form.cleaned_data["image"],
        alt=form.cleaned_data["alt"],
        is_decorative=form.cleaned_data["is_decorative"],
        post=post,
        user=request.user,
    )
    return JsonResponse(
        {"url": picture.image.url, "alt": picture.alt, "width": picture.width}
    )


@require_POST
def autosave(request, model_admin):
    post = _post(request, model_admin, request.POST.get("post"))
    form = AutosaveForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _first_error(form)}, status=400)
    try:
        revision = services.autosave_post(
            post=post, user=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0]}, status=409)
    return JsonResponse({"saved_at": coach_time(revision.created_at)})


def _new_post_position(post: Post) -> SeriesPosition | None:
    """A post not saved yet comes last in its series."""
    if post.series_id is None:
        return None
    parts = Post.objects.published().filter(series_id=post.series_id)
    last = parts.oldest_first().last()
    total = parts.count() + 1
    previous = {"slug": last.slug, "title": last.title} if last else None
    return SeriesPosition(part=total, total=total, previous=previous, next=None)


def _preview_context(post: Post) -> dict:
    visible = Post.objects.published() | Post.objects.filter(pk=post.pk)
    if post.pk:
        position = visible.series_position(post)
        tags = list(post.tags.all())
    else:
        position, tags = _new_post_position(post), []
    return {
        "post": post,
        "tags": tags,
        "series_position": position,
        "related_posts": [],
        "is_preview": True,
    }


@require_POST
@never_cache
def preview(request, model_admin):
    """The article as readers will see it, from the text in the editor now."""
    post = _post(request, model_admin, request.POST.get("post"))
    if post is None:
        post = Post(author=request.user)
    for name, value in PreviewForm(request.POST).values().items():
        setattr(post, name, value)
    post.body_html = render_post_body(post.body)
    with timezone.override(coach_zone()):
        return render(request, "articles/_post_article.html", _preview_context(post))


@never_cache
@xframe_options_sameorigin
@csp_override({"frame-ancestors": ["'self'"]})
def preview_frame(request, model_admin, pk=None):
    """A full post page inside the post form; the editor fills in the article."""
    post = _post(request, model_admin, pk) or Post(author=request.user)
    context = _preview_context(post)
    response = render(request, "articles/editor/preview_frame.html", context)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _diff(old: str, new: str) -> list[tuple[str, str]]:
    """Changed lines with three lines around them: ("same"|"added"|"removed", line)."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    rows = []
    for group in matcher.get_grouped_opcodes(3):
        if rows:
            rows.append(("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [("same", line) for line in old_lines[i1:i2]]
                continue
            rows += [("removed", line) for line in old_lines[i1:i2]]
            rows += [("added", line) for line in new_lines[j1:j2]]
    return rows


def revision(request, model_admin, pk):
    """What changed from an earlier version to the post now, and Restore it."""
    revision = get_object_or_404(
        PostRevision.objects.select_related("post", "created_by")
        .exclude(post=None)
        .exclude(kind=PostRevision.Kind.AUTOSAVE),
        pk=pk,
    )
    post = _post(request, model_admin, revision.post_id)
    if request.method == "POST":
        services.restore_revision(revision=revision, user=request.user)
        messages.success(request, "The earlier version is back. It is saved.")
        return redirect(reverse("admin:articles_post_change", args=[post.pk]))
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "An earlier version",
        "opts": Post._meta,
        "post": post,
        "revision": revision,
        "title_changed": revision.title != post.title,
        "rows": _diff(revision.body, post.body),
    }
    with timezone.override(coach_zone()):
        return render(request, "articles/editor/revision.html", context)
