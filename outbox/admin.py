"""The outbox in the coach's words: what, to whom, when (her zone), how it went.

Keys, the context JSON, leases and Message-IDs sit behind a "Technical details"
fold. "Send it again" goes through the resend service; the app that wrote a
message renders it at send time, so it goes to the address on the record now.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from outbox import builders, presentation, services
from outbox.models import Message


def emails(count: int) -> str:
    """ "1 email", "3 emails"."""
    return f"{count} email" if count == 1 else f"{count} emails"


class WhichEmailFilter(admin.SimpleListFilter):
    """The kinds of email in the table, named as the apps that send them say."""

    title = "which email"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        kinds = (
            Message.objects.order_by("kind").values_list("kind", flat=True).distinct()
        )
        named = {kind: builders.describe(Message(kind=kind)) for kind in kinds}
        return sorted(named.items(), key=lambda item: item[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(kind=self.value())
        return queryset


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The outbox, failed messages first; read-only apart from "Send it again"."""

    list_display = ["what", "to_whom", "due_or_sent", "status_in_words", "why_failed"]
    list_filter = ["status", WhichEmailFilter]
    search_fields = ["to_email", "key"]
    search_help_text = "Search by email address."
    date_hierarchy = "created_at"
    actions = ["resend"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "what",
                    "to_whom",
                    "due_or_sent",
                    "status_in_words",
                    "why_failed",
                    "void_reason",
                ]
            },
        ),
        (
            "Technical details",
            {
                "classes": ["collapse"],
                "fields": [
                    "kind",
                    "key",
                    "stream",
                    "to_email",
                    "context",
                    "status",
                    "due_at",
                    "sent_at",
                    "attempts",
                    "last_error",
                    "lease_until",
                    "message_id",
                    "created_at",
                ],
            },
        ),
    ]
    readonly_fields = [f for _title, opts in fieldsets for f in opts["fields"]]
    change_form_template = "admin/outbox/message/change_form.html"
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

    @admin.display(description="email")
    def what(self, message):
        return builders.describe(message)

    @admin.display(description="to", ordering="to_email")
    def to_whom(self, message):
        record = builders.record_for(message)
        if record is None:
            return message.to_email
        return format_html(
            '{}<br><a href="{}">{}</a>', message.to_email, record.url, record.label
        )

    @admin.display(description="due or sent (your time)", ordering="due_at")
    def due_or_sent(self, message):
        if message.sent_at:
            return f"Sent {presentation.when(message.sent_at)}"
        return f"Due {presentation.when(message.due_at)}"

    @admin.display(description="status", ordering="status")
    def status_in_words(self, message):
        return presentation.status_in_words(message)

    @admin.display(description="why it failed")
    def why_failed(self, message):
        return presentation.why_failed(message) or "–"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_resend": self.has_resend_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only; "Send it again" goes through the service.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("outbox.change_message")

    def get_urls(self):
        return [
            path(
                "<int:message_id>/send-again/",
                self.admin_site.admin_view(self.send_again_view),
                name="outbox_message_send_again",
            ),
            *super().get_urls(),
        ]

    def send_again_view(self, request, message_id):
        """The "Send it again" button of one failed email (POST)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_resend_permission(request):
            raise PermissionDenied
        message = get_object_or_404(Message, pk=message_id)
        try:
            services.resend_message(message_id=message.pk)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.WARNING)
        else:
            self.message_user(
                request,
                "Queued to send again, to the address on the record now.",
                messages.SUCCESS,
            )
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("admin:outbox_message_change", args=[message.pk])
        return HttpResponseRedirect(back)

    @admin.action(
        description="Send the selected failed emails again", permissions=["resend"]
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
            self.message_user(
                request,
                f"{emails(resent)} queued to send again, "
                "to the addresses on the records now.",
            )
        if skipped:
            self.message_user(
                request,
                f"{emails(skipped)} left alone: only emails that could not be sent "
                "can be sent again.",
                messages.WARNING,
            )
