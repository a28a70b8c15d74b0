"""Her own calendars on *Your hours*: add, choose, remove, and "why not offered"."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from bookings.services.explain import why_not_offered
from calendars import services
from calendars.models import Calendar, CalendarSource
from coaching import dates

HOURS_PAGE = "admin:bookings_availability"


class AddCalendarForm(forms.Form):
    address = forms.CharField(
        label="Calendar address or CalDAV server",
        max_length=2000,
        help_text=(
            "The secret iCal address of a calendar (https:// or webcal://), or "
            "the address of a CalDAV server (iCloud: https://caldav.icloud.com/)."
        ),
    )
    name = forms.CharField(label="Name (for you)", max_length=100, required=False)
    username = forms.CharField(label="CalDAV user name", max_length=200, required=False)
    password = forms.CharField(
        label="CalDAV app password",
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Only for a CalDAV account: an app password, not your main one.",
    )
    write = forms.BooleanField(
        label="Write my calls into this account's first calendar", required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("username") and not data.get("password"):
            self.add_error("password", "A CalDAV account needs its app password.")
        return data


class WhyForm(forms.Form):
    why = dates.DateTimeField(label="Time")

    def clean_why(self):
        """A moment the booking page could ever offer: from a year back to a
        year ahead (anything else is not a time she needs explained)."""
        value = self.cleaned_data["why"]
        now = timezone.now()
        if not now - timedelta(days=366) <= value <= now + timedelta(days=366):
            raise ValidationError(
                "Pick a time within a year of today: calls are offered "
                "at most a few weeks ahead."
            )
        return value


def calendars_context(request, *, cfg, now, add_calendar_form=None) -> dict:
    """What the Calendars section and the explanation show (reads only)."""
    context = {
        "calendar_sources": list(
            CalendarSource.objects.prefetch_related("calendars").order_by("name")
        ),
        "add_calendar_form": add_calendar_form or AddCalendarForm(prefix="cal"),
        "why_form": WhyForm(),
    }
    if "why" in request.GET:
        form = WhyForm(request.GET)
        context["why_form"] = form
        if form.is_valid():
            starts_at = form.cleaned_data["why"]
            context["why_time"] = starts_at
            context["why_reasons"] = why_not_offered(starts_at, now=now, cfg=cfg)
    return context


@require_POST
def add_calendar_view(request, site):
    """Add an iCal address or a CalDAV account, then back to Your hours.

    When it cannot be added, the page comes back with the reason and what she
    typed (all but the password, which is never sent back to the browser).
    """
    from .availability import availability_view  # that module imports this one

    form = AddCalendarForm(request.POST, prefix="cal")
    if not form.is_valid():
        messages.error(
            request, "The calendar was not added. The reason is beside the form below."
        )
        return availability_view(request, site, add_calendar_form=form)
    data = form.cleaned_data
    try:
        source = services.add_calendar(
            address=data["address"],
            name=data["name"],
            username=data["username"],
            password=data["password"],
            write=data["write"],
        )
    except ValidationError as exc:
        messages.error(request, f"The calendar was not added. {' '.join(exc.messages)}")
        return availability_view(request, site, add_calendar_form=form)
    messages.success(request, f"“{source.name}” is added.")
    return redirect(HOURS_PAGE)


@require_POST
def update_calendar_view(request, site, calendar_id: int):
    """Save what she chose for one calendar."""
    calendar = get_object_or_404(Calendar, pk=calendar_id)
    try:
        services.update_calendar_choices(
            calendar_id=calendar.pk,
            is_counted=request.POST.get("is_counted") == "on",
            has_blocking_all_day=request.POST.get("has_blocking_all_day") == "on",
            is_write_target=request.POST.get("is_write_target") == "on",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"“{calendar}” is saved.")
    return redirect(HOURS_PAGE)


@require_POST
def remove_calendar_view(request, site, source_id: int):
    """Forget a calendar (its secrets and busy times with it)."""
    source = get_object_or_404(CalendarSource, pk=source_id)
    services.remove_calendar_source(source_id=source.pk)
    messages.success(request, f"“{source.name}” is removed.")
    return redirect(HOURS_PAGE)
