"""The post screen's form: the text, and one publishing action at a time.

The status and the publish time are not fields: they change only through an
action (Save draft, Publish now, Schedule…, Unpublish), so saving a post
without touching its time can never move it.
"""

import hashlib
from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import from_current_timezone
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles import publishing
from articles.models import Post
from coaching import dates

SAVE, PUBLISH, SCHEDULE, UNPUBLISH = "save", "publish", "schedule", "unpublish"
ACTIONS = (SAVE, PUBLISH, SCHEDULE, UNPUBLISH)
# A post is scheduled at most this far ahead (and never into years the
# database cannot store in UTC).
SCHEDULE_AHEAD = timedelta(days=5 * 365 + 1)
CONFIRM_HINT = "Press “Yes” below to go ahead."


# What makes one saved version of a post differ from another.
VERSION_FIELDS = ("updated_at", "status", "publish_at", "title", "slug", "body")


def stamp(values: dict) -> str:
    """A short fingerprint of one saved version of a post (empty for a new one)."""
    if not values.get("updated_at"):
        return ""
    text = "\x1f".join(str(values[name]) for name in VERSION_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class PostForm(forms.ModelForm):
    publish_on = dates.DateField(label="Date", required=False)
    publish_time = dates.TimeField(label="Time", required=False)
    # Holds the line to confirm (as its error); the confirming button is "_confirm".
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput)
    redirect_to = forms.CharField(
        label="Send readers of the emailed link to",
        required=False,
        max_length=500,
        help_text="An address on this site, e.g. /blog/ (empty: “not found”).",
    )
    opened_at = forms.CharField(widget=forms.HiddenInput, required=False)
    action = forms.ChoiceField(
        choices=[(a, a) for a in ACTIONS], required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Post
        fields = (
            "title",
            "slug",
            "summary",
            "body",
            "series",
            "tags",
            "is_for_subscribers",
            "hero_image",
            "hero_alt",
            "hero_is_decorative",
            "social_image",
            "seo_title",
            "meta_description",
            "reviewed_on",
            "author",
        )
        # Her words for the fields (the columns keep their names).
        labels = {
            "slug": "Web address",
            "body": "Text",
            "hero_image": "Main picture",
            "hero_alt": "Main picture description",
            "hero_is_decorative": "The main picture is only decorative",
            "social_image": "Picture for sharing",
            "reviewed_on": "Last checked on",
            "author": "Written by",
        }
        help_texts = {
            "slug": (
                "The end of the post's web address, e.g. what-is-leaky-gut. "
                "Changing it later keeps old links working."
            ),
            "body": (
                "Type **bold**, *italic*, ## Heading or - list item. A blank line "
                "starts a new paragraph."
            ),
            "hero_image": "The large picture at the top of the post (optional).",
        }

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self.live_at = None
        self.fields["opened_at"].initial = stamp(
            {name: getattr(self.instance, name) for name in VERSION_FIELDS}
        )
        if self.instance.publish_at and publishing.is_scheduled(
            self.instance, now=self.now
        ):
            local = timezone.localtime(self.instance.publish_at)
            self.fields["publish_on"].initial = local.date()
            self.fields["publish_time"].initial = local.time()

    def clean_redirect_to(self):
        value = self.cleaned_data["redirect_to"].strip()
        if value and not (value.startswith("/") and value[1:2] not in ("/", "\\")):
            raise ValidationError("Start with / for a page of this site, e.g. /blog/.")
        if value and value.rstrip("/") == self.instance.get_absolute_url().rstrip("/"):
            raise ValidationError("That is the post's own address: pick another page.")
        return value

    def clean_action(self):
        # The pressed button names the action (a confirming one, "_confirm", names
        # what it confirms); Enter in a text box saves.
        action = self.data.get("_confirm") or self.data.get("_action")
        return action if action in ACTIONS else SAVE

    @property
    def pending_action(self) -> str:
        """The action waiting for her “Yes”."""
        return self.cleaned_data.get("action", SAVE) if self.is_bound else SAVE

    def clean(self):
        cleaned = super().clean()
        self._refuse_stale()
        action = cleaned.get("action") or SAVE
        if action == SCHEDULE:
            self._read_schedule(cleaned)
        return cleaned

    def _post_clean(self):
        super()._post_clean()  # the post now holds what she typed (series, email)
        action = self.cleaned_data.get("action") or SAVE
        if action in (PUBLISH, SCHEDULE, UNPUBLISH) and not self.errors:
            self._ask_first(action, self.cleaned_data)

    @property
    def needs_confirmation(self) -> bool:
        """Valid but for the “Yes, go ahead” tick: the line is in its error."""
        return set(self.errors) == {"confirmed"}

    def _refuse_stale(self):
        opened = self.cleaned_data.get("opened_at")
        if not self.instance.pk or not opened:
            return
        current = Post.objects.filter(pk=self.instance.pk).values(*VERSION_FIELDS)
        current = current.first()
        if current is not None and stamp(current) != opened:
            url = reverse("admin:articles_post_change", args=[self.instance.pk])
            raise ValidationError(
                format_html(
                    "This post was changed elsewhere (another tab?) since you "
                    "opened it, so nothing was saved. Your text is kept below: "
                    'copy what you need, then <a href="{}">reload the post</a>.',
                    url,
                ),
                code="stale",
            )

    def _read_schedule(self, cleaned):
        if self.instance.is_live(now=self.now):
            raise ValidationError(
                "This post is live. Unpublish it first if it should go live later."
            )
        day, time = cleaned.get("publish_on"), cleaned.get("publish_time")
        if "publish_on" in self.errors or "publish_time" in self.errors:
            return
        if day is None:
            self.add_error("publish_on", "Pick the day it goes live.")
        if time is None:
            self.add_error("publish_time", "Pick the time it goes live.")
        if day is None or time is None:
            return
        wall_time = datetime.combine(day, time)
        if wall_time > timezone.make_naive(self.now) + SCHEDULE_AHEAD:
            self.add_error(
                "publish_on",
                "That is more than five years ahead. Pick a day within the next "
                "five years.",
            )
            return
        try:
            # Read in the active zone: on staff pages always the coach's.
            when = from_current_timezone(wall_time)
        except ValidationError:
            self.add_error("publish_time", dates.clock_change_message(wall_time))
            return
        if when <= self.now:
            self.add_error(
                "publish_on",
                f"{publishing.when_words(when)} has already passed. Pick a later "
                "time, or use “Publish now”.",
            )
            return
        self.live_at = when

    def _ask_first(self, action, cleaned):
        if self.data.get("_confirm") == action:
            return
        post = self.instance
        if action == UNPUBLISH:
            line = publishing.unpublish_line(post)
        else:
            live_at = self.now if action == PUBLISH else self.live_at
            line = publishing.publish_line(post, live_at=live_at, now=self.now)
        self.add_error("confirmed", f"{line} {CONFIRM_HINT}")
