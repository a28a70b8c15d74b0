from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When

from outbox import services
from outbox.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The outbox, failed messages first; read-only apart from "Resend"."""

    list_display = [
        "id",
        "kind",
        "status",
        "to_email",
        "due_at",
        "sent_at",
        "attempts",
        "last_error",
        "stream",
    ]
    list_filter = ["status", "stream", "kind"]
    search_fields = ["to_email", "key"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = [
        "kind",
        "key",
        "stream",
        "to_email",
        "context",
        "status",
        "due_at",
        "attempts",
        "last_error",
        "lease_until",
        "sent_at",
        "message_id",
        "created_at",
        "void_reason",
    ]
    readonly_fields = fields
    # Failed messages lead: they are the ones the coach may need to act on.
    ordering = [
        Case(
            When(status=Message.Status.FAILED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ).asc(),
        "-due_at",
        "-id",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only; "Resend" goes through the service.
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("outbox.change_message")

    @admin.action(
        description="Resend the selected failed messages", permissions=["resend"]
    )
    def resend(self, request, queryset):
        resent = skipped = 0
        for pk in queryset.values_list("pk", flat=True):
            try:
                services.resend_message(message_id=pk)
            except ValidationError:
                skipped += 1
            else:
                resent += 1
        if resent:
            self.message_user(request, f"{resent} message(s) queued again.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} message(s) skipped: only failed messages can be resent.",
                messages.WARNING,
            )
