"""Availability on one page: weekly hours, time off and call settings together."""

import copy

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from bookings.models import ConsultSettings, TimeOff, WeeklyWindow
from bookings.services.availability import free_times_preview, save_availability
from coaching import dates
from coaching.zones import coach_zone, coach_zone_name

from .calendars import calendars_context

SETTINGS_FIELDS = [
    "call_minutes",
    "slot_step_minutes",
    "min_notice_hours",
    "horizon_days",
    "max_per_day",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "change_cutoff_hours",
    "call_method",
    "video_link",
    "call_details",
    "contact_phone",
    "reminder_hours",
]
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ConsultSettings
        fields = SETTINGS_FIELDS
        widgets = {"call_details": forms.Textarea(attrs={"rows": 3})}


def _labelled(widget, label: str):
    """The widget with a spoken label: rows in a table have no <label> each."""
    widget = copy.deepcopy(widget) if isinstance(widget, forms.Widget) else widget()
    widget.attrs["aria-label"] = label
    return widget


class WindowForm(forms.ModelForm):
    class Meta:
        model = WeeklyWindow
        fields = ["weekday", "starts_at", "ends_at"]
        widgets = {
            "weekday": _labelled(forms.Select, "Day"),
            "starts_at": _labelled(TIME, "From"),
            "ends_at": _labelled(TIME, "Until"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An empty row's day reads "Pick a day", not Django's "- Select an option -".
        day = self.fields["weekday"]
        day.choices = [("", "Pick a day"), *[c for c in day.choices if c[0] != ""]]


def _date_and_time(label: str) -> dates.SplitDateTimeInput:
    """A date picker and a time control, each with its spoken label."""
    widget = dates.SplitDateTimeInput()
    date_input, time_input = widget.widgets
    date_input.attrs["aria-label"] = f"{label}, date"
    time_input.attrs["aria-label"] = f"{label}, time"
    return widget


class TimeOffForm(forms.ModelForm):
    # The same controls as the post form: her zone, no day-first or month-first.
    starts_at = dates.SplitDateTimeField(widget=_date_and_time("Time off from"))
    ends_at = dates.SplitDateTimeField(widget=_date_and_time("Time off until"))

    class Meta:
        model = TimeOff
        fields = ["starts_at", "ends_at", "note"]
        widgets = {"note": _labelled(forms.TextInput, "Note")}


WindowFormSet = forms.modelformset_factory(
    WeeklyWindow, form=WindowForm, extra=2, can_delete=True
)
TimeOffFormSet = forms.modelformset_factory(
    TimeOff, form=TimeOffForm, extra=1, can_delete=True
)


def _kept(formset, names: list[str]) -> list[tuple]:
    """The rows she keeps: filled in and not marked for removal."""
    return [
        tuple(form.cleaned_data[name] for name in names)
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def availability_view(request, site, *, add_calendar_form=None):
    """GET shows the page; POST checks all three parts, saves them together.

    With `add_calendar_form` (a calendar that could not be added) the page is
    shown again with what she typed in that form, and her hours as saved.
    """
    cfg = ConsultSettings.load()
    now = timezone.now()
    windows_qs = WeeklyWindow.objects.order_by("weekday", "starts_at")
    time_off_qs = TimeOff.objects.filter(ends_at__gte=now).order_by("starts_at")
    posted = request.method == "POST" and add_calendar_form is None
    data = request.POST if posted else None
    with timezone.override(coach_zone()):
        settings_form = SettingsForm(data, instance=cfg, prefix="cfg")
        windows = WindowFormSet(data, queryset=windows_qs, prefix="win")
        time_off = TimeOffFormSet(data, queryset=time_off_qs, prefix="off")
        problems = []
        forms_valid = data is not None and all(
            [settings_form.is_valid(), windows.is_valid(), time_off.is_valid()]
        )
        if forms_valid:
            try:
                save_availability(
                    settings_values=settings_form.cleaned_data,
                    windows=_kept(windows, ["weekday", "starts_at", "ends_at"]),
                    time_off=_kept(time_off, ["starts_at", "ends_at", "note"]),
                    now=now,
                )
            except ValidationError as exc:
                problems = exc.messages
            else:
                messages.success(request, "Your hours are saved.")
                return redirect("admin:bookings_availability")
        context = {
            **site.each_context(request),
            "title": "Your hours for consult calls",
            "zone_name": coach_zone_name(),
            "settings_form": settings_form,
            "windows": windows,
            "time_off": time_off,
            "problems": problems,
            "preview": free_times_preview(zone=coach_zone(), now=now),
            **calendars_context(
                request, cfg=cfg, now=now, add_calendar_form=add_calendar_form
            ),
        }
        response = TemplateResponse(request, "admin/office/availability.html", context)
        return response.render()
