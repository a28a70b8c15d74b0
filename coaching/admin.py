from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from coaching.models import Page, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Author profile", {"fields": ("display_name", "bio")}),
    )


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("__str__", "title", "updated_at")
    fields = ("title", "intro", "body")
    readonly_fields = ()

    def has_add_permission(self, request):
        # The four pages exist from the start; they are edited, never added.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
