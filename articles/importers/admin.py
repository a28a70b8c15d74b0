"""Back office: the import page (upload, preview, import) and the redirect table."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from articles.importers import runs
from articles.importers.forms import ExportUploadForm
from articles.importers.models import ImportRun
from articles.importers.service import import_export
from articles.importers.wxr import ExportError
from articles.redirects import Redirect

SESSION_UPLOAD = "articles_import_upload"


def _report_data(report) -> dict:
    return {"summary": report.summary(), "sections": report.sections()}


def import_view(request, model_admin):
    """Upload an export, see what it would do, then import it in the background."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import posts from WordPress or Squarespace",
        "form": ExportUploadForm(),
    }
    if request.method == "POST" and "token" in request.POST:
        return _start(request)
    if request.method == "POST":
        context["form"] = form = ExportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            context.update(_preview(request, form))
    elif request.GET.get("run", "").isdigit():
        context["run"] = get_object_or_404(
            ImportRun, pk=request.GET["run"], created_by=request.user
        )
    return TemplateResponse(request, "admin/articles/post/import.html", context)


def _preview(request, form) -> dict:
    upload = form.cleaned_data["export"]
    token = runs.store_upload(upload)
    try:
        report = import_export(
            source=runs.upload_path(token), author=request.user, dry_run=True
        )
    except ExportError as exc:
        runs.upload_path(token).unlink(missing_ok=True)
        form.add_error("export", str(exc))
        return {}
    request.session[SESSION_UPLOAD] = {"token": token, "name": upload.name}
    return {"preview": _report_data(report), "token": token}


def _start(request):
    stored = request.session.pop(SESSION_UPLOAD, None) or {}
    token = request.POST["token"]
    path = runs.upload_path(token)
    if token != stored.get("token") or path is None or not path.exists():
        messages.error(request, "That upload was already imported or has expired.")
        return redirect("admin:articles_post_import")
    run = runs.start_import(token=token, user=request.user, file_name=stored["name"])
    return redirect(reverse("admin:articles_post_import") + f"?run={run.pk}")


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ("old_path", "post", "new_path", "created_at")
    search_fields = ("old_path", "new_path", "post__title")
    raw_id_fields = ("post",)
    fields = ("old_path", "post", "new_path")
