"""What email a post gets, in the words the coach reads before publishing.

Read-only; registered with the blog (articles.extensions) from NewsletterConfig.
The rules are those of `posts_to_send`: meant for subscribers (ticked, or of an
emailed series), not imported, live within the send window, never sent twice.
"""

from django.conf import settings

from articles.models import Series
from newsletter.models import PostSend, Subscriber, newest_sendable_cutoff


def _subscribers(count: int) -> str:
    return f"{count} subscriber" + ("" if count == 1 else "s")


def _a(word: str) -> str:
    """“an MSMonday”, “a Gut health”: by the sound of the first letter."""
    spelled = word[:2].isupper() and word[0] in "AEFHILMNORSX"
    vowel = word[:1].lower() in "aeiou"
    return f"an {word}" if spelled or vowel else f"a {word}"


def _series_names() -> str:
    slugs = settings.NEWSLETTER_SERIES_SLUGS
    titles = list(
        Series.objects.filter(slug__in=slugs).values_list("title", flat=True)
    ) or list(slugs)
    return " or ".join(titles)


def email_plan(post, *, live_at, now) -> str:
    """“It will be emailed to 312 subscribers.” or why it will not be."""
    send = PostSend.objects.filter(post_id=post.pk).first() if post.pk else None
    if send is not None:
        if send.status == PostSend.Status.SENDING:
            return (
                f"It will not be emailed again: it was already emailed to "
                f"{_subscribers(send.recipient_count)}."
            )
        return f"It will not be emailed: {send.reason or 'it was skipped'}."
    if post.imported_from:
        return "It will not be emailed: an imported post."
    if post.is_for_subscribers is False:
        return "It will not be emailed: you chose “No” for emailing it."
    in_series = post.series_id is not None and (
        Series.objects.filter(
            pk=post.series_id, slug__in=settings.NEWSLETTER_SERIES_SLUGS
        ).exists()
    )
    if post.is_for_subscribers is None and not in_series:
        return f"It will not be emailed: not {_a(_series_names())} post."
    if live_at < newest_sendable_cutoff(now=now):
        hours = settings.NEWSLETTER_SEND_WINDOW_HOURS
        return f"It will not be emailed: older than the send window ({hours} hours)."
    count = Subscriber.objects.confirmed().count()
    return f"It will be emailed to {_subscribers(count)}."


def emailed(post) -> str | None:
    """“It was emailed to 312 subscribers.” when it was, else None."""
    if not post.pk:
        return None
    send = PostSend.objects.filter(post_id=post.pk).first()
    if send is None or send.status != PostSend.Status.SENDING:
        return None
    return f"It was emailed to {_subscribers(send.recipient_count)}."
