"""What other apps add to the blog, registered from their AppConfig.ready().

The blog sits below the newsletter: it never imports it. The newsletter tells
the blog what will happen to a post's email (the line the coach reads before
she publishes) and adds its parts to the post screen (its send, a test email).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mailing:
    # plan(post, *, live_at, now) -> "It will be emailed to 312 subscribers."
    plan: Callable[..., str]
    # sent(post) -> "It was emailed to 312 subscribers." or None when it was not.
    sent: Callable[..., str | None]


@dataclass(frozen=True)
class PostAdminPart:
    """A section of the post screen: read-only lines, and list actions."""

    title: str | None = None
    lines: tuple[Callable, ...] = ()
    actions: tuple[Callable, ...] = field(default=())


_mailings: list[Mailing] = []
_admin_parts: list[PostAdminPart] = []


def register_mailing(*, plan, sent) -> None:
    """Let `plan` and `sent` describe what email a post gets."""
    _mailings[:] = [Mailing(plan=plan, sent=sent)]


def register_post_admin_part(*, title=None, lines=(), actions=()) -> None:
    """Add a section (read-only `lines`, each a callable of the post) and actions."""
    part = PostAdminPart(title=title, lines=tuple(lines), actions=tuple(actions))
    if part not in _admin_parts:
        _admin_parts.append(part)


def post_admin_parts() -> tuple[PostAdminPart, ...]:
    return tuple(_admin_parts)


def mailing_plan(post, *, live_at, now) -> str:
    """What going live at `live_at` means for email; empty with no newsletter."""
    return " ".join(m.plan(post, live_at=live_at, now=now) for m in _mailings)


def mailing_sent(post) -> str | None:
    """ "It was emailed to N subscribers." when it was, else None."""
    for mailing in _mailings:
        if said := mailing.sent(post):
            return said
    return None
