"""Date and time inputs that cannot be read two ways, for every staff form.

The browser's own date and time controls send ISO values (2026-12-02, 07:00)
whatever its language; typed text in any other shape is refused with a message
rather than guessed. Times are read in the active zone, which on staff pages
is always the coach's (coaching.middleware).
"""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from coaching.zones import coach_zone_label

DATE_MESSAGE = "Enter the date as year-month-day, e.g. 2026-12-02 (or pick it)."
TIME_MESSAGE = "Enter the time as hours:minutes, e.g. 07:00 (or pick it)."


class DateInput(forms.DateInput):
    """The browser's date picker, with her today for the Today/Tomorrow buttons.

    The picker's own "today" is the browser's; staff_dates.js offers hers,
    read when the page is drawn (staff pages run in her zone).
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-her-today"] = timezone.localdate().isoformat()
        return context


class TimeInput(forms.TimeInput):
    """The browser's time control; shows seconds only for a time that has them."""

    input_type = "time"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%H:%M:%S" if value.second else "%H:%M")
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if getattr(value, "second", 0):
            # A saved time with seconds must go back unchanged (step 60 refuses it).
            context["widget"]["attrs"]["step"] = "1"
        return context


class SplitDateTimeInput(forms.SplitDateTimeWidget):
    """A date picker and a time control side by side."""

    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(
            self, (DateInput(attrs=attrs), TimeInput(attrs=attrs)), attrs
        )


class DateField(forms.DateField):
    """A date typed only as 2026-12-02; `12/02/2026` gets a message, not a guess."""

    widget = DateInput
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": DATE_MESSAGE}


class TimeField(forms.TimeField):
    widget = TimeInput
    input_formats = ["%H:%M:%S", "%H:%M"]
    default_error_messages = {"invalid": TIME_MESSAGE}


FIRST_YEAR, LAST_YEAR = 1900, 2999
YEARS_MESSAGE = f"Enter a date between the years {FIRST_YEAR} and {LAST_YEAR}."


class ClockChangeInWords:
    """Django's "couldn't be interpreted in time zone …; it may be ambiguous or
    it may not exist", said as she would: the wall time, and why. Years no
    record of hers needs (0001, 9999: the database cannot even store some of
    them in UTC) are refused with a message too."""

    def clean(self, value):
        try:
            cleaned = super().clean(value)
        except forms.ValidationError as exc:
            for error in exc.error_list:
                if error.code == "ambiguous_timezone":
                    raise forms.ValidationError(
                        clock_change_message(error.params["datetime"]),
                        code="ambiguous_timezone",
                    ) from exc
            raise
        if cleaned is not None and not FIRST_YEAR <= cleaned.year <= LAST_YEAR:
            raise forms.ValidationError(YEARS_MESSAGE, code="year")
        return cleaned


def clock_change_message(wall_time) -> str:
    when = date_format(wall_time, "g:i a") + " on " + date_format(wall_time, "j F Y")
    zone = coach_zone_label()  # staff pages always run in her zone
    return (
        f"{when} happens twice or not at all in {zone}: the clocks change that "
        "night. Pick a time an hour earlier or later."
    )


class DateTimeField(ClockChangeInWords, forms.DateTimeField):
    """One date-and-time box (the browser's own), read in the active zone."""

    widget = forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
    )
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
    default_error_messages = {
        "invalid": "Enter a date and time, e.g. 2026-12-02 at 10:30 (or pick it)."
    }


class SplitDateTimeField(ClockChangeInWords, forms.SplitDateTimeField):
    """A date and a time, read in the active zone (on staff pages, the coach's)."""

    widget = SplitDateTimeInput
    default_error_messages = {
        "invalid_date": DATE_MESSAGE,
        "invalid_time": TIME_MESSAGE,
    }

    def __init__(self, **kwargs):
        kwargs.pop("input_date_formats", None)
        kwargs.pop("input_time_formats", None)
        super().__init__(
            input_date_formats=DateField.input_formats,
            input_time_formats=TimeField.input_formats,
            **kwargs,
        )


# What the admin uses for each kind of model field (instead of its text boxes
# with JavaScript calendars, whose "You are N hours behind" note compares the
# browser's clock with the page's zone).
ADMIN_FORMFIELDS = {
    "DateTimeField": {"form_class": SplitDateTimeField, "widget": SplitDateTimeInput},
    "DateField": {"form_class": DateField, "widget": DateInput},
    "TimeField": {"form_class": TimeField, "widget": TimeInput},
}
