"""Shapes of the newsletter pages' input."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS

from coaching.forms import NOT_SENT, TOO_FAST
from coaching.validators import EMAIL_MAX_LENGTH, is_header_name
from newsletter.models import Subscriber

STAMP_SALT = "newsletter.form-stamp"


# Unlike the booking form's stamp, this one names no browser and never expires:
# the subscribe form sits on cached pages served to many visitors for a long
# time. It only proves the form was shown some seconds before it was sent.
def new_stamp() -> str:
    """A signed note of when the subscribe form was shown."""
    return signing.dumps({"t": time.time()}, salt=STAMP_SALT)


def seconds_since_shown(value: str) -> float:
    """Seconds since the form with this stamp was shown; 0 when bad or missing."""
    try:
        stamp = signing.loads(value or "", salt=STAMP_SALT)
    except signing.BadSignature:
        return 0
    shown_at = stamp.get("t") if isinstance(stamp, dict) else None
    return time.time() - shown_at if isinstance(shown_at, int | float) else 0


# Where a form on the site may say it was sent from.
FORM_SOURCES = [
    (Subscriber.Source.POST, "post"),
    (Subscriber.Source.HOME, "home"),
    (Subscriber.Source.PAGE, "page"),
]


class SubscribeForm(forms.Form):
    """Email, optional first name; the consent wording is shown beside the button."""

    email = forms.EmailField(
        label="Your email",
        max_length=EMAIL_MAX_LENGTH,
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter a valid email address, like name@example.com.",
        },
    )
    first_name = forms.CharField(
        label="First name (optional)",
        max_length=Subscriber._meta.get_field("first_name").max_length,
        required=False,
    )
    source = forms.ChoiceField(
        choices=FORM_SOURCES, required=False, widget=forms.HiddenInput
    )
    stamp = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)
    # A trap for robots, hidden from people and screen readers.
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.SlugField(
            required=False, max_length=200, widget=forms.HiddenInput
        )
        if not self.is_bound:
            self.initial.setdefault("stamp", new_stamp())
            self.initial.setdefault("source", Subscriber.Source.PAGE)

    def clean_first_name(self):
        name = self.cleaned_data["first_name"].strip()
        if not is_header_name(name):
            raise forms.ValidationError("Please give just your first name.")
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(NOT_SENT, code="trap")
        elapsed = seconds_since_shown(self.data.get("stamp", ""))
        if elapsed < settings.NEWSLETTER_MIN_FILL_SECONDS:
            self.data = self.data.copy()
            self.data["stamp"] = new_stamp()
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        return cleaned

    @property
    def is_trap(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, "trap")
