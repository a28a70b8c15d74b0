"""The coach's blog screens: clear wording, publishing in plain actions.

Times are shown and read in her zone: the back office runs in it
(coaching.middleware). Other apps add to the post screen through
articles.extensions, never by replacing this admin.
"""

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, IntegerField, Value, When
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import forms as post_forms
from articles import publishing, services
from articles.editor.admin import PostEditorAdminMixin
from articles.extensions import post_admin_parts
from articles.importers import admin as import_admin
from articles.models import Post, Series, SlugRedirect, live_q, scheduled_q
from coaching.admin_filters import related_filter
from coaching.admin_site import SafeAutocompleteSelect


def _posts(count: int, what: str) -> str:
    return f"{count} post{'' if count == 1 else 's'} {what}."


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "post_count")
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}

    @admin.display(description="Posts")
    def post_count(self, obj):
        return obj.posts.count()


@admin.register(Post)
class PostAdmin(PostEditorAdminMixin, admin.ModelAdmin):
    form = post_forms.PostForm
    change_form_template = "admin/articles/post/change_form.html"
    list_display = ("title", "visibility", "series")
    list_filter = (
        "status",
        ("series", related_filter("series", "No series")),
        ("tags", related_filter("tags", "No tags")),
    )
    search_fields = ("title", "summary", "body")
    list_select_related = ("series",)
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("series",)
    readonly_fields = ("preview_link", "updated_at", "revision_history")
    actions = ("publish_selected", "unpublish_selected")
    date_hierarchy = "publish_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "preview_link")}),
        (
            "Where it appears",
            {"fields": ("series", "tags", "is_for_subscribers")},
        ),
        (
            "Pictures",
            {
                "fields": (
                    "hero_image",
                    "hero_alt",
                    "hero_is_decorative",
                    "social_image",
                )
            },
        ),
        (
            "Search engines and review",
            {
                "classes": ("collapse",),
                "fields": ("seo_title", "meta_description", "reviewed_on", "author"),
            },
        ),
        ("Earlier versions", {"fields": ("revision_history",)}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        view = self.admin_site.admin_view
        mine = [
            path(
                "import/",
                view(lambda r: import_admin.import_view(r, self)),
                name="articles_post_import",
            ),
            path("check/", view(self.check_view), name="articles_post_check"),
            path(
                "<int:pk>/check/",
                view(self.check_view),
                name="articles_post_check_change",
            ),
        ]
        return [*mine, *super().get_urls()]

    def check_view(self, request, pk=None):
        """What the pressed button would do, for the confirmation dialog (JSON)."""
        if request.method != "POST":
            raise Http404
        post = self.get_object(request, str(pk)) if pk else None
        if pk and post is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, post)
            if post
            else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        form_class = self.get_form(request, post, change=post is not None)
        form = form_class(request.POST, request.FILES, instance=post)
        valid = form.is_valid()
        line = form.errors["confirmed"][0] if form.needs_confirmation else ""
        line = line.removesuffix(post_forms.CONFIRM_HINT).strip()
        return JsonResponse({"valid": valid, "confirm": line})

    # Other apps' parts of the screen (the newsletter's send, its test email).
    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        for part in post_admin_parts():
            if part.lines:
                fieldsets.append((part.title, {"fields": list(part.lines)}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        lines = [line for part in post_admin_parts() for line in part.lines]
        return [*super().get_readonly_fields(request, obj), *lines]

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if self.actions is None or not self.has_change_permission(request):
            return actions
        for part in post_admin_parts():
            for func in part.actions:
                if action := self.get_action(func, action_location):
                    actions[action.name] = action
        return actions

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {"author": request.user.pk, **initial}

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        if form.is_bound and form.needs_confirmation:
            context["errors"] = []  # not an error: the line to confirm is shown
        context["publishing_state"] = publishing.state_line(form.instance)
        context["is_live"] = form.instance.is_live()
        context["is_scheduled"] = publishing.is_scheduled(form.instance, now=form.now)
        context["check_url"] = (
            reverse("admin:articles_post_check_change", args=[form.instance.pk])
            if form.instance.pk
            else reverse("admin:articles_post_check")
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def get_ordering(self, request):
        # Her list: scheduled posts first (soonest first), then drafts, then live
        # posts newest first. A column she clicks sorts by that column instead.
        now = timezone.now()
        shelf = Case(
            When(scheduled_q(now), then=Value(0)),
            When(live_q(now), then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
        soonest = Case(When(scheduled_q(now), then=F("publish_at")))
        return [
            shelf.asc(),
            soonest.asc(nulls_last=True),
            F("publish_at").desc(nulls_last=True),
        ]

    @admin.display(description="Status", ordering="publish_at")
    def visibility(self, obj):
        return publishing.state_line(obj, emailed=False)

    @admin.display(description="Preview in a new tab")
    def preview_link(self, obj):
        if not obj or not obj.pk:
            return "Once the post is saved, open it here as readers will see it."
        url = reverse("articles:preview", kwargs={"pk": obj.pk})
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Open the preview '
            "(opens a new tab)</a>",
            url,
        )

    def save_model(self, request, obj, form, change):
        previous_slug = form.initial.get("slug") if change else None
        services.save_post(post=obj, previous_slug=previous_slug)
        action = form.cleaned_data.get("action")
        if action == post_forms.PUBLISH:
            services.publish_post_now(post=obj, now=form.now)
        elif action == post_forms.SCHEDULE:
            services.schedule_post(post=obj, publish_at=form.live_at, now=form.now)
        elif action == post_forms.UNPUBLISH:
            services.unpublish_post(
                post=obj, redirect_to=form.cleaned_data.get("redirect_to", "")
            )
        obj.refresh_from_db(fields=["status", "publish_at", "updated_at"])

    def _said(self, request, obj):
        self.message_user(
            request, f"“{obj}”: {publishing.state_line(obj)}", messages.INFO
        )

    def response_add(self, request, obj, post_url_continue=None):
        self._said(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._said(request, obj)
        return super().response_change(request, obj)

    @admin.action(description="Publish the selected posts")
    def publish_selected(self, request, queryset):
        for post in queryset:
            services.publish_post(post=post)
        self.message_user(
            request, _posts(queryset.count(), "published"), messages.SUCCESS
        )

    @admin.action(description="Unpublish the selected posts (back to draft)")
    def unpublish_selected(self, request, queryset):
        for post in queryset:
            services.unpublish_post(post=post)
        self.message_user(
            request, _posts(queryset.count(), "back to draft"), messages.SUCCESS
        )


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_slug", "post")
    search_fields = ("old_slug", "post__title")
    raw_id_fields = ("post",)
