"""Back office: the import page (upload, preview, import) and the redirect table."""

import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.importers.forms import ExportUploadForm
from articles.importers.service import import_export
from articles.importers.wxr import ExportError
from articles.redirects import Redirect

SESSION_UPLOAD = "articles_import_upload"
SESSION_REPORT = "articles_import_report"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _upload_dir() -> Path:
    return Path(getattr(settings, "IMPORT_UPLOAD_DIR", settings.VAR_DIR / "imports"))


def _upload_path(token: str) -> Path:
    return _upload_dir() / f"{token}.xml"


def _save_upload(upload) -> str:
    token = secrets.token_hex(16)
    _upload_dir().mkdir(parents=True, exist_ok=True)
    with _upload_path(token).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def _report_data(report) -> dict:
    return {"summary": report.summary(), "sections": report.sections()}


def import_view(request, model_admin):
    """Upload an export, see what it would do, then import it."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import posts from WordPress or Squarespace",
        "form": ExportUploadForm(),
    }
    if request.method == "POST" and "token" in request.POST:
        return _run_import(request)
    if request.method == "POST":
        form = ExportUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            token = _save_upload(form.cleaned_data["export"])
            try:
                report = import_export(
                    source=_upload_path(token), author=request.user, dry_run=True
                )
            except ExportError as exc:
                _upload_path(token).unlink(missing_ok=True)
                form.add_error("export", str(exc))
            else:
                request.session[SESSION_UPLOAD] = token
                context.update(preview=_report_data(report), token=token)
    elif request.GET.get("done"):
        context["result"] = request.session.pop(SESSION_REPORT, None)
    return TemplateResponse(request, "admin/articles/post/import.html", context)


def _run_import(request):
    token = request.POST["token"]
    here = reverse("admin:articles_post_import")
    path = _upload_path(token) if _TOKEN.match(token) else None
    if token != request.session.get(SESSION_UPLOAD) or not path or not path.exists():
        messages.error(request, "That upload was already imported or has expired.")
        return redirect(here)
    try:
        report = import_export(source=path, author=request.user)
    except ExportError as exc:
        messages.error(request, str(exc))
        return redirect(here)
    finally:
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_UPLOAD, None)
    request.session[SESSION_REPORT] = _report_data(report)
    return redirect(f"{here}?done=1")


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "post", "new_path", "created_at")
    search_fields = ("old_path", "new_path", "post__title")
    raw_id_fields = ("post",)
    fields = ("old_path", "post", "new_path")
