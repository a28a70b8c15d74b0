"""Publishing in plain words: the post's state and what an action will do.

Read-only helpers shared by the post screen, its list and its confirmation.
"Is this post live" itself is the model's rule (`Post.is_live`).
"""

from django.utils import timezone
from django.utils.timesince import timeuntil

from articles.extensions import mailing_plan, mailing_sent
from articles.models import Post
from coaching.zones import her_time_words

when_words = her_time_words


def _in(moment, now) -> str:
    return "in " + timeuntil(moment, now, depth=1).replace("\xa0", " ")


def is_scheduled(post: Post, *, now) -> bool:
    return post.status == Post.Status.PUBLISHED and not post.is_live(now=now)


def state_line(post: Post, *, now=None, emailed: bool = True) -> str:
    """“Draft…”, “Goes live Mon 7 Dec…, in 4 days.” or “Live since …”.

    `emailed=False` leaves out whether a live post was emailed (a query each).
    """
    now = now or timezone.now()
    if post.is_live(now=now):
        line = f"Live since {when_words(post.publish_at)}."
        if emailed and (sent := mailing_sent(post)):
            line += f" {sent}"
        return line
    if is_scheduled(post, now=now):
        line = f"Goes live {when_words(post.publish_at)}, {_in(post.publish_at, now)}."
        if plan := mailing_plan(post, live_at=post.publish_at, now=now):
            line += f" {plan}"
        return line
    return "Draft: only you can see it."


def publish_line(post: Post, *, live_at, now) -> str:
    """The line read before confirming “Publish now” or “Schedule”."""
    if live_at <= now:
        line = "Goes live now."
    else:
        line = f"Goes live {when_words(live_at)}, {_in(live_at, now)}."
    if plan := mailing_plan(post, live_at=live_at, now=now):
        line += f" {plan}"
    return line


def unpublish_line(post: Post) -> str:
    """The line read before confirming “Unpublish”."""
    line = "Comes off the site now: its address will say “not found”."
    if sent := mailing_sent(post):
        line += (
            f" {sent} The link in that email will stop working, unless you send "
            "its readers to another page below."
        )
    return line
