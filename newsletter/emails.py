"""Newsletter messages: which outbox rows a sign-up or a post needs, and their
content, rendered at send time by the outbox through the builder registered here.
"""

import re
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from coaching.links import absolute_url
from newsletter.models import Subscriber
from newsletter.tokens import confirm_url, unsubscribe_url
from outbox import services as outbox
from outbox.builders import Record, Skip
from outbox.rendering import render_message

KIND_CONFIRM = "newsletter.confirm"
KIND_POST = "newsletter.post"
KIND_TEST = "newsletter.test"
# Attributes in sanitised post HTML (always double-quoted by nh3) and Markdown
# links that point inside the site: made absolute for mail programs.
_RELATIVE_HTML = re.compile(r'(\s(?:href|src)=")/(?!/)')
_RELATIVE_MARKDOWN = re.compile(r"(\]\()/(?!/)")


def post_key(post_id: int, subscriber_id: int) -> str:
    """The outbox key of one post's email to one subscriber."""
    return f"{post_key_prefix(post_id)}sub:{subscriber_id}"


def post_key_prefix(post_id: int) -> str:
    """The start of the outbox keys of every email of one post."""
    return f"newsletter:post:{post_id}:"


def confirm_key_prefix(subscriber_id: int) -> str:
    """The start of the outbox keys of one subscriber's confirmation emails."""
    return f"newsletter:confirm:{subscriber_id}:"


def queue_confirmation(subscriber: Subscriber, *, now: datetime) -> None:
    """Queue her confirmation email (one per address per hour, by its key)."""
    outbox.enqueue(
        kind=KIND_CONFIRM,
        key=f"{confirm_key_prefix(subscriber.pk)}{now:%Y%m%d%H}",
        to_email=subscriber.email,
        stream="transactional",
        context={"subscriber_id": subscriber.pk},
    )


def post_rows(post_id: int, subscribers) -> list[dict]:
    """Outbox rows for one post to (pk, email) pairs; the claim job sends them."""
    return [
        {
            "kind": KIND_POST,
            "key": post_key(post_id, pk),
            "to_email": email,
            "context": {"post_id": post_id, "subscriber_id": pk},
        }
        for pk, email in subscribers
    ]


def queue_test(post, *, to_email: str, now: datetime) -> None:
    """Queue one copy of a post's email to the coach."""
    outbox.enqueue(
        kind=KIND_TEST,
        key=f"newsletter:test:{post.pk}:{now:%Y%m%d%H%M%S%f}",
        to_email=to_email,
        stream="transactional",
        context={"post_id": post.pk},
    )


def absolute_html(html: str) -> str:
    """Site-relative links and images in sanitised HTML made absolute."""
    return _RELATIVE_HTML.sub(rf"\g<1>{settings.SITE_URL}/", html)


def absolute_markdown(text: str) -> str:
    """Site-relative Markdown links made absolute, for the plain-text part."""
    return _RELATIVE_MARKDOWN.sub(rf"\g<1>{settings.SITE_URL}/", text)


def render_email(name: str, context: dict) -> EmailMultiAlternatives:
    """Subject, plain text and HTML from templates/newsletter/email/<name>*."""
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "site_url": settings.SITE_URL,
        "postal_address": settings.NEWSLETTER_POSTAL_ADDRESS,
        **context,
    }
    return render_message(f"newsletter/email/{name}", context)


def post_email(post, *, subscriber: Subscriber | None) -> EmailMultiAlternatives:
    """A post as an email; without a subscriber it is the coach's test copy."""
    leave_url = unsubscribe_url(subscriber) if subscriber else settings.SITE_URL
    hero_url = absolute_url(post.hero_image.url) if post.hero_image else ""
    message = render_email(
        "post",
        {
            "post": post,
            "subscriber": subscriber,
            "is_test": subscriber is None,
            "body_html": absolute_html(post.body_html),
            "body_text": absolute_markdown(post.body),
            "hero_url": hero_url,
            "post_url": absolute_url(post.get_absolute_url()),
            "book_url": absolute_url(f"{reverse('bookings:book')}?from={post.slug}"),
            "disclaimer_url": absolute_url(reverse("disclaimer")),
            "unsubscribe_url": leave_url,
        },
    )
    if subscriber is not None:
        # RFC 2369 and RFC 8058: providers show an unsubscribe button that POSTs.
        message.extra_headers["List-Unsubscribe"] = f"<{leave_url}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def _subscriber(message, *, statuses) -> Subscriber:
    pk = message.context.get("subscriber_id")
    subscriber = Subscriber.objects.filter(pk=pk, status__in=statuses).first()
    if subscriber is None:
        raise Skip("subscriber gone or no longer on the list")
    return subscriber


def _post(message):
    from articles.models import Post

    post = Post.objects.published().filter(pk=message.context.get("post_id")).first()
    if post is None:
        raise Skip("post no longer live")
    return post


def build(message) -> EmailMultiAlternatives:
    """Render a newsletter outbox row at send time (outbox builder)."""
    if message.kind == KIND_CONFIRM:
        subscriber = _subscriber(message, statuses=[Subscriber.Status.PENDING])
        return render_email(
            "confirm",
            {"subscriber": subscriber, "confirm_url": confirm_url(subscriber)},
        )
    if message.kind == KIND_POST:
        subscriber = _subscriber(message, statuses=[Subscriber.Status.SUBSCRIBED])
        return post_email(_post(message), subscriber=subscriber)
    if message.kind == KIND_TEST:
        from articles.models import Post

        post = Post.objects.filter(pk=message.context.get("post_id")).first()
        if post is None:
            raise Skip("post deleted")
        return post_email(post, subscriber=None)
    raise Skip(f"unknown newsletter message kind {message.kind}")


DESCRIPTIONS = {
    KIND_CONFIRM: "Newsletter: please confirm your address",
    KIND_POST: "Newsletter: a new post",
    KIND_TEST: "Newsletter: test copy to you",
}


def describe(message) -> str:
    """A newsletter message in plain words (outbox)."""
    return DESCRIPTIONS.get(message.kind, "Newsletter email")


def record(message) -> Record | None:
    """The subscriber's page, where her address and status are (outbox)."""
    pk = message.context.get("subscriber_id")
    if not pk or not Subscriber.objects.filter(pk=pk).exists():
        return None
    url = reverse("admin:newsletter_subscriber_change", args=[pk])
    return Record(url, "Her subscription")
