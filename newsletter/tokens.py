"""Links in newsletter emails: confirm a sign-up, leave the list.

A link carries the subscriber's random `link_key`, signed for one purpose (a
confirm link cannot be used as another kind of link, and expires): it says
nothing about her row or how many subscribers there are. Links sent before keys
existed carried the row id (`12:1xYZXB:…`); they keep working, with the same
signature check and expiry, until they are no longer in anyone's mailbox.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from coaching.links import absolute_url

CONFIRM_SALT = "newsletter.confirm"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


def _confirm_signer():
    return signing.TimestampSigner(salt=CONFIRM_SALT)


def _unsubscribe_signer():
    return signing.Signer(salt=UNSUBSCRIBE_SALT)


def _subscriber_id(value: str) -> int | None:
    """The row a signed value names: a link key, or the id of an old link."""
    from newsletter.models import Subscriber

    if value.isdigit():  # a link sent before link keys
        return int(value)
    return (
        Subscriber.objects.filter(link_key=value).values_list("pk", flat=True).first()
    )


def make_confirm_token(subscriber) -> str:
    """A link token that confirms this sign-up until the sign-up expires."""
    return _confirm_signer().sign(subscriber.link_key)


def read_confirm_token(token: str) -> int | None:
    """The subscriber id behind a confirm token, or None when bad, altered,
    expired or unknown."""
    max_age = settings.NEWSLETTER_CONFIRM_DAYS * 24 * 60 * 60
    try:
        value = _confirm_signer().unsign(token, max_age=max_age)
    except signing.BadSignature:
        return None
    return _subscriber_id(value)


def make_unsubscribe_token(subscriber) -> str:
    """A lasting per-subscriber token: the credential of the unsubscribe link."""
    return _unsubscribe_signer().sign(subscriber.link_key)


def read_unsubscribe_token(token: str) -> tuple[bool, int | None]:
    """(Whether the site made this token, the subscriber id behind it).

    A genuine token whose subscriber is gone (erased) gives (True, None): she
    is off the list, which is what the link asks for.
    """
    try:
        value = _unsubscribe_signer().unsign(token)
    except signing.BadSignature:
        return False, None
    return True, _subscriber_id(value)


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
