"""The client record: list, page with timeline, status moves, privacy tools."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html

from bookings import services
from bookings.models import Client, ClientNote, Consent
from coaching.admin_filters import related_filter
from coaching.zones import coach_zone, time_zone_choices, valid_time_zones

from . import CoachTimeZoneMixin, record, wording
from .exports import clients_csv

FOLLOW_UP_FIELDS = ("follow_up_on", "follow_up_reason")


class ReadOnlyInline(admin.TabularInline):
    # Django's table with a named first column and no empty "Delete?" column.
    template = "admin/bookings/readonly_tabular.html"
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConsentInline(ReadOnlyInline):
    model = Consent
    fields = ["kind", "wording", "given_at"]
    readonly_fields = fields
    show_change_link = False
    verbose_name_plural = "what she agreed to"
    empty_text = "Nothing recorded: she has not ticked a consent box on the site."


class AddNoteInline(admin.StackedInline):
    """One empty box to write a new note; saved through the notes service."""

    model = ClientNote
    fields = ["body"]
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = "new note"
    verbose_name_plural = "add a note"
    template = "admin/bookings/add_note_inline.html"

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class ClientForm(forms.ModelForm):
    """Her details: her zone picked from a list, the follow-up date as a date."""

    time_zone = forms.ChoiceField(
        label="Her time zone",
        help_text="Emails to her show times in this zone.",
    )

    class Meta:
        model = Client
        fields = [
            "name",
            "email",
            "phone",
            "time_zone",
            "status",
            "has_news_consent",
            "follow_up_on",
            "follow_up_reason",
        ]
        widgets = {
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = time_zone_choices()
        current = self.initial.get("time_zone")
        if current and current not in valid_time_zones():
            # A zone stored before the list was checked stays choosable.
            choices = [(current, current), *choices]
        self.fields["time_zone"].choices = choices


@admin.register(Client)
class ClientAdmin(CoachTimeZoneMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "status",
        "next_consult",
        "follow_up_on",
        "came_from",
        "added_on",
    ]
    list_filter = [
        "status",
        (
            "source_post",
            related_filter("came from post", "Not from a post", only_used=True),
        ),
        "has_news_consent",
    ]
    list_select_related = ["source_post"]
    search_fields = ["name", "email"]
    search_help_text = "Search by name or email."
    date_hierarchy = "created_at"
    readonly_fields = ["source_post", "created_at", "updated_at"]
    fields = [*ClientForm.Meta.fields, *readonly_fields]
    form = ClientForm
    inlines = [AddNoteInline, ConsentInline]
    actions = ["export_csv"]
    change_form_template = "admin/bookings/client/change_form.html"

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *record.extra_inlines()]

    def has_delete_permission(self, request, obj=None):
        # "Erase her details…" is the way to remove a client; a plain delete
        # would also lose the call records the practice keeps.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_erase_permission(self, request) -> bool:
        return request.user.has_perm("bookings.delete_client")

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and obj.pk:
            context["timeline"] = record.timeline(obj)
            context["can_erase"] = self.has_erase_permission(request)
            context["title"] = "Client"
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).with_next_consult()

    @admin.display(description="next consult (your time)", ordering="next_consult_at")
    def next_consult(self, client):
        if client.next_consult_at is None:
            return "–"
        return wording.when(client.next_consult_at, with_year=True)

    @admin.display(description="came from post", ordering="source_post__title")
    def came_from(self, client):
        # A short title keeps the list's later columns on screen; the whole
        # title shows on hover and on her record.
        post = client.source_post
        if post is None:
            return "–"
        return format_html(
            '<span title="{}">{}</span>', post.title, wording.short_title(post.title)
        )

    @admin.display(description="added", ordering="created_at")
    def added_on(self, client):
        # The day is what matters here; her record shows the time.
        local = timezone.localtime(client.created_at, coach_zone())
        return formats.date_format(local)

    def save_model(self, request, obj, form, change):
        # Status moves and follow-ups each have a service (their one home): the
        # form's values go through them, the rest of her details are saved here.
        new_status = obj.status
        follow_up = [getattr(obj, name) for name in FOLLOW_UP_FIELDS]
        status_changed = change and "status" in form.changed_data
        follow_up_changed = any(name in form.changed_data for name in FOLLOW_UP_FIELDS)
        if status_changed:
            obj.status = form.initial["status"]
        if follow_up_changed:
            obj.follow_up_on = form.initial.get("follow_up_on") if change else None
            obj.follow_up_reason = form.initial.get("follow_up_reason") or ""
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if status_changed:
                services.change_client_status(
                    client=obj, to_status=new_status, by=request.user
                )
            if follow_up_changed:
                saved = services.set_follow_up(
                    client_id=obj.pk, on=follow_up[0], reason=follow_up[1] or ""
                )
                obj.follow_up_on = saved.follow_up_on
                obj.follow_up_reason = saved.follow_up_reason

    def save_formset(self, request, form, formset, change):
        if formset.model is not ClientNote:
            return super().save_formset(request, form, formset, change)
        # The admin's history reads these; the notes service did the saving.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            [],
            [],
            [],
        )
        for note_form in formset.forms:
            body = (note_form.cleaned_data or {}).get("body", "")
            if body.strip():
                services.add_client_note(
                    client_id=form.instance.pk, body=body, author=request.user
                )
        return None

    @admin.action(description="Download the selected clients as CSV")
    def export_csv(self, request, queryset):
        rows = queryset.select_related("source_post").order_by("name", "pk")
        response = HttpResponse(clients_csv(rows), content_type="text/csv")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="clients-{stamp}.csv"'
        return response

    # --- Privacy: export and erase one client ----------------------------------

    def get_urls(self):
        return [
            path(
                "<int:client_id>/export.json",
                self.admin_site.admin_view(self.export_view),
                name="bookings_client_export",
            ),
            path(
                "<int:client_id>/erase/",
                self.admin_site.admin_view(self.erase_view),
                name="bookings_client_erase",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, client_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        client = get_object_or_404(Client, pk=client_id)
        data = services.client_data_export(client_id=client.pk)
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="client-{client.pk}.json"'
        )
        response["Cache-Control"] = "no-store"
        return response

    def erase_view(self, request, client_id):
        if not self.has_erase_permission(request):
            raise PermissionDenied
        client = get_object_or_404(Client, pk=client_id)
        page = reverse("admin:bookings_client_change", args=[client.pk])
        if request.method == "POST":
            try:
                services.erase_client(client_id=client.pk, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                return redirect(page)
            self.message_user(
                request,
                "Her details were erased. Her past calls stay, without her name.",
                messages.SUCCESS,
            )
            return redirect(page)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET", "POST"])
        now = timezone.now()
        context = {
            **self.admin_site.each_context(request),
            "title": f"Erase {client.name}?",
            "client": client,
            "opts": self.opts,
            "future_calls": client.bookings.active().filter(starts_at__gt=now).count(),
            "all_calls": client.bookings.count(),
            "cancel_url": page,
            "also_erased": record.erase_notes(),
        }
        return TemplateResponse(request, "admin/bookings/client/erase.html", context)
