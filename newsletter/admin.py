"""The coach's newsletter screens: subscribers, import/export, each post's send."""

import csv

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from bookings.admin.record import Entry, add_record_part
from coaching.spreadsheets import safe_cell
from coaching.wording import short_title
from newsletter import services
from newsletter.models import PostSend, Subscriber
from outbox.builders import Record

EXPORT_COLUMNS = [
    "email",
    "first_name",
    "status",
    "source",
    "source_detail",
    "requested_at",
    "confirmed_at",
    "left_at",
    "consent_wording",
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: email (required), first_name and status (optional). "
        "Rows with status “unsubscribed” or “bounced” are kept as unsubscribed.",
    )
    list_name = forms.CharField(
        label="Where the list comes from",
        max_length=200,
        help_text="e.g. “Mailchimp list, exported March 2026”. Recorded as the source.",
    )
    wording = forms.CharField(
        label="What they agreed to",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The consent wording of the old sign-up form, as exactly as you can.",
    )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "status", "source", "requested_at", "client"]
    list_filter = ["status", "source", "requested_at", "confirmed_at"]
    search_fields = ["email", "first_name", "source_detail"]
    list_select_related = ["client"]
    date_hierarchy = "requested_at"
    fields = [
        "email",
        "first_name",
        "status",
        "client_link",
        "source",
        "source_detail",
        "consent_wording",
        "requested_at",
        "confirmed_at",
        "left_at",
        "confirmation_sent_at",
    ]
    readonly_fields = [f for f in fields if f not in ("first_name",)]
    actions = ["export_csv", "unsubscribe_selected"]
    change_list_template = "admin/newsletter/subscriber/change_list.html"

    def has_add_permission(self, request):
        # People join by confirming their address, or by an import of a list.
        return False

    @admin.display(description="client record")
    def client_link(self, obj):
        if obj.client_id is None:
            return "None: she has not booked a call."
        url = reverse("admin:bookings_client_change", args=[obj.client_id])
        return format_html('<a href="{}">{}</a>', url, obj.client)

    @admin.action(description="Download the selected subscribers as CSV")
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="subscribers-{stamp}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(EXPORT_COLUMNS)
        for row in queryset.order_by("pk").values_list(*EXPORT_COLUMNS).iterator():
            writer.writerow([safe_cell(value) for value in row])
        return response

    @admin.action(description="Unsubscribe the selected people")
    def unsubscribe_selected(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            services.leave_list(subscriber_id=pk)
        self.message_user(request, "They will get no more newsletter emails.")

    def get_urls(self):
        extra = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="newsletter_subscriber_import",
            )
        ]
        return extra + super().get_urls()

    def import_view(self, request):
        if not self.has_change_permission(request):
            return redirect("admin:index")
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = services.import_subscribers(
                    data=form.cleaned_data["file"].read(),
                    list_name=form.cleaned_data["list_name"],
                    wording=form.cleaned_data["wording"],
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                self.message_user(
                    request,
                    f"Added {result.added} subscribers and "
                    f"{result.added_as_unsubscribed} as unsubscribed; "
                    f"{result.already_known} were already known (left unchanged); "
                    f"{len(result.invalid_lines)} rows had no valid address"
                    + (
                        f" (lines {result.invalid_lines[:20]})."
                        if result.invalid_lines
                        else "."
                    ),
                    messages.SUCCESS,
                )
                return redirect("admin:newsletter_subscriber_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Import subscribers from a CSV file",
            "opts": self.model._meta,
        }
        return render(request, "admin/newsletter/subscriber/import.html", context)


@admin.register(PostSend)
class PostSendAdmin(admin.ModelAdmin):
    list_display = ["post_title", "status", "recipient_count", "progress", "created_at"]
    list_filter = ["status"]
    search_fields = ["post__title"]
    list_select_related = ["post"]
    fields = ["post", "status", "reason", "recipient_count", "progress", "created_at"]
    readonly_fields = fields
    actions = ["retry_failed"]

    def has_add_permission(self, request):
        return False

    def render_change_form(self, request, context, *args, **kwargs):
        # A mailing is read here, not typed: no Save to press.
        context.update(show_save=False, show_save_and_continue=False)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description="post", ordering="post__title")
    def post_title(self, obj):
        # A short title leaves room for the progress beside it.
        return short_title(obj.post.title)

    @admin.display(description="progress")
    def progress(self, obj):
        if obj.status != PostSend.Status.SENDING:
            return obj.reason or "Not emailed"
        counts = services.send_progress(obj)
        return (
            f"{counts.get('sent', 0)} sent, "
            f"{counts['pending'] + counts['sending'] + counts['planned']} queued, "
            f"{counts.get('failed', 0)} failed, {counts.get('void', 0)} skipped "
            f"of {counts['total']}"
        )

    @admin.action(description="Send the failed emails of the selected mailings again")
    def retry_failed(self, request, queryset):
        total = sum(services.retry_failed_emails(send=send) for send in queryset)
        self.message_user(request, f"{total} failed emails queued again.")


class SubscriberInline(admin.StackedInline):
    model = Subscriber
    fk_name = "client"
    fields = ["email", "status", "source", "confirmed_at", "left_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "newsletter subscription"
    verbose_name_plural = "newsletter subscription"
    template = "admin/readonly_stacked.html"
    empty_text = "She is not on the newsletter list."

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def subscription_timeline(client) -> list[Entry]:
    """Her newsletter steps for her client record's timeline."""
    subscriber = Subscriber.objects.filter(client=client).first()
    if subscriber is None:
        return []
    steps = [
        (subscriber.requested_at, "Newsletter: asked to join"),
        (subscriber.confirmed_at, "Newsletter: confirmed her address"),
        (subscriber.left_at, "Newsletter: left the list"),
    ]
    link = Record(
        reverse("admin:newsletter_subscriber_change", args=[subscriber.pk]),
        "Her subscription",
    )
    return [
        Entry(at, heading, link=link, kind="newsletter")
        for at, heading in steps
        if at is not None
    ]


ERASE_NOTE = "Her newsletter subscription goes too: she gets no more newsletters."


def add_to_client_record() -> None:
    """Her subscription on her client record: a box, timeline steps, an erase line.

    Called once from NewsletterConfig.ready(); the client admin stays bookings'.
    """
    add_record_part(
        inline=SubscriberInline,
        timeline=subscription_timeline,
        erase_note=ERASE_NOTE,
    )


# Parts of the blog's post screen, added in NewsletterConfig.ready().
@admin.display(description="emailed to subscribers")
def newsletter_send(post):
    send = PostSend.objects.filter(post=post).first() if post and post.pk else None
    if send is None:
        return "Not yet: sent once, when the post goes live (if ticked above)."
    url = reverse("admin:newsletter_postsend_change", args=[send.pk])
    return format_html('<a href="{}">{}</a>', url, send.get_status_display())


@admin.action(description="Send a test email of the selected post to me")
def send_test_to_me(modeladmin, request, queryset):
    to_email = request.user.email or settings.COACH_EMAIL
    for post in queryset[:3]:
        services.send_test_copy(post=post, to_email=to_email)
    modeladmin.message_user(request, f"Test email queued to {to_email}.")
