"""The coach's blog screens: clear wording, publish times in her own zone."""

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timeuntil

from articles import services
from articles.editor.admin import PostEditorAdminMixin
from articles.importers import admin as import_admin
from articles.models import Post, Series, SlugRedirect
from coaching.zones import coach_zone, coach_zone_name


def live_wording(post, *, now=None) -> str:
    """“Draft”, “Live” or “Goes live in 3 days”, for the coach's post list."""
    now = now or timezone.now()
    if post.status != Post.Status.PUBLISHED or post.publish_at is None:
        return "Draft"
    if post.publish_at <= now:
        return "Live"
    return f"Goes live in {timeuntil(post.publish_at, now, depth=1)}"


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
    list_display = ("title", "visibility", "publish_time", "series")
    list_filter = ("status", "series", "tags")
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
            "Publishing",
            {
                "fields": (
                    "status",
                    "publish_at",
                    "series",
                    "tags",
                    "is_for_subscribers",
                )
            },
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

    def get_urls(self):
        import_url = path(
            "import/",
            self.admin_site.admin_view(lambda r: import_admin.import_view(r, self)),
            name="articles_post_import",
        )
        return [import_url, *super().get_urls()]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {"author": request.user.pk, **initial}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["publish_at"].help_text = (
            f"Date and time in your zone ({coach_zone_name()}). "
            "Empty when you publish means “now”."
        )
        return form

    # Times are typed and shown in the coach's zone, whatever the browser says.
    def changeform_view(self, request, *args, **kwargs):
        with timezone.override(coach_zone()):
            return super().changeform_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with timezone.override(coach_zone()):
            return super().changelist_view(request, *args, **kwargs)

    @admin.display(description="Status")
    def visibility(self, obj):
        return live_wording(obj)

    @admin.display(description="Publish time", ordering="publish_at")
    def publish_time(self, obj):
        if obj.publish_at is None:
            return "Not set"
        local = timezone.localtime(obj.publish_at, coach_zone())
        return local.strftime("%a %d %b %Y, %H:%M %Z")

    @admin.display(description="Preview")
    def preview_link(self, obj):
        if not obj or not obj.pk:
            return "Save the post first, then you can preview it."
        url = reverse("articles:preview", kwargs={"pk": obj.pk})
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Open a preview</a>', url
        )

    def save_model(self, request, obj, form, change):
        previous_slug = form.initial.get("slug") if change else None
        services.save_post(post=obj, previous_slug=previous_slug)

    @admin.action(description="Publish the selected posts")
    def publish_selected(self, request, queryset):
        for post in queryset:
            services.publish_post(post=post)
        self.message_user(
            request, f"{queryset.count()} post(s) published.", messages.SUCCESS
        )

    @admin.action(description="Unpublish the selected posts (back to draft)")
    def unpublish_selected(self, request, queryset):
        for post in queryset:
            services.unpublish_post(post=post)
        self.message_user(
            request, f"{queryset.count()} post(s) back to draft.", messages.SUCCESS
        )


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_slug", "post")
    search_fields = ("old_slug", "post__title")
    raw_id_fields = ("post",)
