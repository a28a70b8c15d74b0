"""Signed links in newsletter emails: confirm a sign-up, leave the list."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from coaching.links import absolute_url

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


def make_confirm_token(subscriber) -> str:
    """A link token that confirms this sign-up until the sign-up expires."""
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber.pk))


def read_confirm_token(token: str) -> int | None:
    """The subscriber id in a confirm token, or None when bad, altered or expired."""
    max_age = settings.NEWSLETTER_CONFIRM_DAYS * 24 * 60 * 60
    try:
        value = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=max_age
        )
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def make_unsubscribe_token(subscriber) -> str:
    """A lasting per-subscriber token: the credential of the unsubscribe link."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))


def read_unsubscribe_token(token: str) -> int | None:
    """The subscriber id in an unsubscribe token, or None when bad or altered."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def confirm_url(subscriber) -> str:
    """The absolute address of the confirm page, for emails (no request needed)."""
    path = reverse(
        "newsletter:confirm", kwargs={"token": make_confirm_token(subscriber)}
    )
    return absolute_url(path)


def unsubscribe_url(subscriber) -> str:
    """The absolute HTTPS address used by List-Unsubscribe and the visible link."""
    token = make_unsubscribe_token(subscriber)
    return absolute_url(reverse("newsletter:unsubscribe", kwargs={"token": token}))
