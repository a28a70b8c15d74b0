"""The coach's back office for consult calls: settings, hours, clients, bookings.

Every page here shows and takes times in the coach's own zone, whatever zone her
browser reports, so what she types is what clients are offered.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from bookings import emails, services
from bookings.models import (
    Booking,
    ConsultSettings,
    TimeOff,
    WeeklyWindow,
)
from coaching.zones import coach_zone
from outbox.models import Message

from . import wording

BOTH_PAGES = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]
# The Held / No-show buttons: what each does and how the result is worded.
OUTCOMES = {
    "held": (services.mark_booking_held, "marked as held"),
    "no_show": (services.mark_booking_no_show, "marked as a no-show"),
}


class CoachTimeZoneMixin:
    """Render and read every date and time on these pages in the coach's zone."""

    @staticmethod
    def _rendered(response):
        # Admin views return lazy TemplateResponses; render while the zone is on.
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        return response

    def changelist_view(self, request, extra_context=None):
        with timezone.override(coach_zone()):
            return self._rendered(super().changelist_view(request, extra_context))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with timezone.override(coach_zone()):
            return self._rendered(
                super().changeform_view(request, object_id, form_url, extra_context)
            )


class AdministratorOnlyMixin:
    """Lists the coach reaches through one page of her own (the hours page).

    Her group holds these permissions for that page; the raw lists beside it
    are an administrator's, so she never meets the same rows twice.
    """

    def has_module_permission(self, request):
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(ConsultSettings)
class ConsultSettingsAdmin(AdministratorOnlyMixin, admin.ModelAdmin):
    """One place to change the call settings: the availability page.

    The settings, weekly hours and time off are saved there together, under the
    lock bookings take; this entry in the admin's list leads to it.
    """

    def has_add_permission(self, request):
        return False  # the one row is made by ConsultSettings.load()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return HttpResponseRedirect(reverse("admin:bookings_availability"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:bookings_availability"))


@admin.register(WeeklyWindow)
class WeeklyWindowAdmin(AdministratorOnlyMixin, CoachTimeZoneMixin, admin.ModelAdmin):
    list_display = ["weekday", "starts_at", "ends_at"]
    list_display_links = ["weekday", "starts_at"]
    list_filter = ["weekday"]
    ordering = ["weekday", "starts_at"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "title": "Weekly hours for consult calls",
        }
        return super().changelist_view(request, extra_context)


@admin.register(TimeOff)
class TimeOffAdmin(AdministratorOnlyMixin, CoachTimeZoneMixin, admin.ModelAdmin):
    list_display = ["starts_at", "ends_at", "note"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming"), ("past", "Past")]

    def queryset(self, request, queryset):
        if self.value() == "upcoming":
            return queryset.upcoming()
        if self.value() == "past":
            return queryset.past()
        return queryset


@admin.register(Booking)
class BookingAdmin(CoachTimeZoneMixin, admin.ModelAdmin):
    list_display = ["starts", "client", "status_in_words", "time_zone"]
    list_filter = ["status", WhenFilter]
    search_fields = ["client__name", "client__email"]
    date_hierarchy = "starts_at"
    list_select_related = ["client", "rescheduled_to"]
    change_form_template = "admin/bookings/booking/change_form.html"
    fields = [
        "client",
        "starts_at",
        "ends_at",
        "status_in_words",
        "time_zone",
        "help_with",
        "source_post",
        "rescheduled_from",
        "created_at",
        "cancelled_at",
        "emails",
    ]
    readonly_fields = fields
    actions = ["mark_held", "mark_no_show", "cancel"]

    @admin.display(description="emails about this call")
    def emails(self, booking):
        rows = Message.objects.for_key_prefix(emails.key_prefix(booking.pk))
        if not rows:
            return "None yet."
        lines = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    emails.kind_label(row.kind),
                    wording.when(row.sent_at or row.due_at, with_year=True),
                    row.get_status_display(),
                    row.last_error or row.void_reason,
                )
                for row in rows.order_by("due_at", "pk")
            ),
        )
        failed = rows.filter(status=Message.Status.FAILED).exists()
        link = (
            reverse("admin:outbox_message_changelist")
            + "?"
            + urlencode({"q": emails.key_prefix(booking.pk)})
        )
        return format_html(
            '<table><thead><tr><th scope="col">Email</th><th scope="col">Due or '
            'sent (your time)</th><th scope="col">Status</th><th scope="col">Note'
            '</th></tr></thead><tbody>{}</tbody></table><p><a href="{}">{}</a></p>',
            lines,
            link,
            "Resend a failed email" if failed else "See these emails",
        )

    @admin.display(description="starts (your time)", ordering="starts_at")
    def starts(self, booking):
        return wording.when(booking.starts_at, with_year=True)

    @admin.display(description="status", ordering="status")
    def status_in_words(self, booking):
        return wording.call_status(booking)

    # --- Held / No-show buttons --------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:booking_id>/outcome/",
                self.admin_site.admin_view(self.outcome_view),
                name="bookings_booking_outcome",
            ),
            *super().get_urls(),
        ]

    def outcome_view(self, request, booking_id):
        """POST from a Held / No-show button: one service call, then back."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        booking = get_object_or_404(
            Booking.objects.select_related("client"), pk=booking_id
        )
        if not self.has_change_permission(request, booking):
            raise PermissionDenied
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("admin:bookings_booking_change", args=[booking.pk])
        outcome = OUTCOMES.get(request.POST.get("outcome", ""))
        if outcome is None:
            self.message_user(request, "Choose Held or No-show.", messages.ERROR)
            return HttpResponseRedirect(back)
        service, done = outcome
        try:
            service(booking_id=booking.pk)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.WARNING)
            return HttpResponseRedirect(back)
        other = "No-show" if service is services.mark_booking_held else "Held"
        self.message_user(
            request,
            f"{booking.client.name}'s call on {wording.when(booking.starts_at)} "
            f"{done}. Wrong one? Use “Change to {other.lower()}” beside the call.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(back)

    def render_change_form(self, request, context, *args, **kwargs):
        booking = context.get("original")
        context["outcomes"] = (
            wording.outcome_choices(booking, timezone.now()) if booking else []
        )
        # Nothing on a call's page is typed in: its changes are the buttons
        # and actions, so there is no Save to press (or to wonder about).
        context.update(title="Call", show_save=False, show_save_and_continue=False)
        return super().render_change_form(request, context, *args, **kwargs)

    def has_add_permission(self, request):
        # Calls are booked through the booking page, which checks the calendar.
        return False

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    def _apply(self, request, queryset, service, done: str, **kwargs):
        changed, refused = 0, []
        for booking in queryset.select_related("client"):
            try:
                service(booking_id=booking.pk, **kwargs)
            except ValidationError as exc:
                refused.append(f"{booking}: {' '.join(exc.messages)}")
            else:
                changed += 1
        if changed:
            self.message_user(
                request, f"{wording.calls(changed)} {done}.", messages.SUCCESS
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description="Mark as held", permissions=["change"])
    def mark_held(self, request, queryset):
        self._apply(request, queryset, services.mark_booking_held, "marked as held")

    @admin.action(description="Mark as no-show", permissions=["change"])
    def mark_no_show(self, request, queryset):
        self._apply(
            request, queryset, services.mark_booking_no_show, "marked as a no-show"
        )

    @admin.action(
        description="Cancel the call (her link to change it stops working)",
        permissions=["change"],
        location=BOTH_PAGES,
    )
    def cancel(self, request, queryset):
        self._apply(
            request, queryset, services.cancel_booking, "cancelled", by_coach=True
        )


from .clients import ClientAdmin  # noqa: E402
from .urls import office_urls  # noqa: E402

__all__ = ["BookingAdmin", "ClientAdmin", "office_urls"]
