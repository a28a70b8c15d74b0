"""Shapes of the booking pages' input: the details form and the query strings."""

import secrets
import time
from datetime import UTC, datetime, timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_slug
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import format_html

from articles.models import Post
from bookings.models import (
    HELP_WITH_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    validate_time_zone,
)
from coaching.forms import NOT_SENT, TOO_FAST
from coaching.validators import EMAIL_MAX_LENGTH, validate_one_line
from coaching.zones import canonical_zone, valid_time_zones

STAMP_SALT = "bookings.form-stamp"
# A form left open longer is sent back to be checked, with a fresh stamp: a
# copied stamp cannot be replayed for long.
STAMP_MAX_AGE = timedelta(hours=4)
SOURCE_SLUG_MAX_LENGTH = Post._meta.get_field("slug").max_length

STORAGE_WORDING = (
    "I agree that my answers on this form are stored so the coach can arrange "
    "and prepare for our call. I can ask for them to be deleted at any time."
)
NEWS_WORDING = (
    "Send me occasional news and new blog posts by email. "
    "I can unsubscribe at any time."
)


def browser_mark(csrf_secret: str) -> str:
    """A short mark of one browser: a hash of the secret in its CSRF cookie."""
    return salted_hmac("bookings.browser", csrf_secret, algorithm="sha256").hexdigest()[
        :20
    ]


def new_stamp(browser: str) -> str:
    """A signed note of when and in which browser the form was shown, with a
    one-off id that spots a second send of the same form."""
    return signing.dumps(
        {"t": time.time(), "n": secrets.token_urlsafe(12), "b": browser},
        salt=STAMP_SALT,
    )


def read_stamp(value: str, *, browser: str) -> dict | None:
    """The stamp's contents, or None when missing, altered, older than
    STAMP_MAX_AGE or shown in another browser."""
    try:
        stamp = signing.loads(value or "", salt=STAMP_SALT, max_age=STAMP_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    if not isinstance(stamp, dict) or not isinstance(stamp.get("t"), int | float):
        return None
    if not constant_time_compare(str(stamp.get("b", "")), browser):
        return None
    return stamp


def clean_source_slug(value) -> str:
    """The `from` value (the post she came from) if shaped like a slug, else ""."""
    if not isinstance(value, str) or len(value) > SOURCE_SLUG_MAX_LENGTH:
        return ""
    try:
        validate_slug(value)
    except ValidationError:
        return ""
    return value


SLOT_FORMAT = "%Y-%m-%dT%H:%MZ"


# Every zone is within a day of UTC: a start this far inside the calendar's ends
# can be shown in any zone and moved by a day without overflowing.
SLOT_MARGIN = timedelta(days=2)


def parse_slot(value: str) -> datetime | None:
    """A slot start written as in addresses (2026-11-24T15:00Z), or None."""
    try:
        starts_at = datetime.strptime(value, SLOT_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None
    lowest = datetime.min.replace(tzinfo=UTC) + SLOT_MARGIN
    highest = datetime.max.replace(tzinfo=UTC) - SLOT_MARGIN
    return starts_at if lowest <= starts_at <= highest else None


def format_slot(starts_at: datetime) -> str:
    """A slot start as written in addresses and forms, in UTC."""
    return starts_at.astimezone(UTC).strftime(SLOT_FORMAT)


class BookingForm(forms.Form):
    """Her details for a consult call; the time itself comes from the address."""

    name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX_LENGTH,
        validators=[validate_one_line],
        error_messages={"required": "Please tell us your name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Your email",
        max_length=EMAIL_MAX_LENGTH,
        help_text="We send your booking confirmation here.",
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter a valid email address, like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=PHONE_MAX_LENGTH,
        required=False,
        validators=[validate_one_line],
        help_text="Only if you would like a text or call should anything change.",
        # A phone's number pad, and the number her browser knows.
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    help_with = forms.CharField(
        label="What would you most like help with?",
        required=False,
        max_length=HELP_WITH_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"Up to {HELP_WITH_MAX_LENGTH} characters. Only the coach "
            "sees your answer; it is never sent by email."
        ),
    )
    has_storage_consent = forms.BooleanField(
        label=STORAGE_WORDING,
        error_messages={
            "required": "Please tick this box so we can store your details and "
            "arrange the call."
        },
    )
    wants_news = forms.BooleanField(label=NEWS_WORDING, required=False)
    time_zone = forms.CharField(max_length=64, widget=forms.HiddenInput)
    stamp = forms.CharField(max_length=300, widget=forms.HiddenInput)
    # A trap for robots: hidden from people and screen readers (see the template).
    website = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(
        self,
        *args,
        fallback_zone: str,
        browser: str,
        source_slug: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fallback_zone = fallback_zone
        self.browser = browser
        self.stamp_refused = False
        self.fields["has_storage_consent"].help_text = format_html(
            'How we look after your details: our <a href="{}">privacy notice</a>.',
            reverse("privacy"),
        )
        # "from" is a Python keyword, so this field is added by name; a bad value
        # is dropped quietly, as on every page that reads it.
        self.fields["from"] = forms.CharField(
            required=False, strip=False, widget=forms.HiddenInput
        )
        if self.is_bound:
            self.data = self.data.copy()
            self.data["from"] = clean_source_slug(self.data.get("from"))
            for name in ("name", "phone"):
                # Pasted over two lines, it becomes one; other control
                # characters are refused by the field's validator.
                self.data[name] = " ".join(str(self.data.get(name, "")).split())
            self.stamp_refused = self._stamp() is None
            if self.stamp_refused:
                # A missing, altered, stale or foreign stamp counts as "just now":
                # she is asked to check her details and the next send carries a
                # good one.
                self.data["stamp"] = new_stamp(browser)
        else:
            self.initial.setdefault("stamp", new_stamp(browser))
            self.initial.setdefault("time_zone", fallback_zone)
            self.initial.setdefault("from", source_slug)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "name",
            "email",
            "phone",
            "help_with",
            "has_storage_consent",
            "wants_news",
            "time_zone",
            "stamp",
            "from",
        )

    @property
    def nonce(self) -> str:
        """The one-off id of the form as shown, used to spot a second submit."""
        stamp = self._stamp() if self.is_bound else None
        return str(stamp["n"]) if stamp and "n" in stamp else ""

    def _stamp(self) -> dict | None:
        return read_stamp(self.data.get("stamp", ""), browser=self.browser)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(NOT_SENT, code="trap")
        stamp = self._stamp()
        elapsed = time.time() - stamp["t"] if stamp else 0
        if self.stamp_refused or elapsed < settings.BOOKING_MIN_FILL_SECONDS:
            self.add_error(None, forms.ValidationError(TOO_FAST, code="too_fast"))
        try:
            validate_time_zone(cleaned.get("time_zone", ""))
            cleaned["time_zone"] = canonical_zone(cleaned["time_zone"])
        except ValidationError:
            self.data["time_zone"] = self.fallback_zone
            self.add_error(
                None,
                forms.ValidationError(
                    "We couldn't recognise your time zone, so times are now shown "
                    "in %(zone)s. Please check the time and send the form again.",
                    code="time_zone",
                    params={"zone": self.fallback_zone},
                ),
            )
        return cleaned

    @property
    def is_trap(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, "trap")


class SlotListQuery(forms.Form):
    """The query string of the times pages: zone and week (`from`: see source_post)."""

    tz = forms.CharField(required=False, max_length=64)
    week = forms.IntegerField(required=False, min_value=0, max_value=520)

    def value(self, name, default=None):
        """A cleaned value, or the default when it was absent or malformed."""
        self.is_valid()
        return self.cleaned_data.get(name) or default

    @property
    def zone(self) -> str | None:
        name = self.value("tz")
        return canonical_zone(name) if name in valid_time_zones() else None


class RescheduleForm(forms.Form):
    """The new time she picked on the reschedule page."""

    starts_at = forms.CharField(max_length=20)

    def clean_starts_at(self):
        starts_at = parse_slot(self.cleaned_data["starts_at"])
        if starts_at is None:
            raise forms.ValidationError("Please choose one of the times shown.")
        return starts_at
