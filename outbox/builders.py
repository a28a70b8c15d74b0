"""How a row becomes an email: each app registers a builder for its kinds.

The outbox knows messages, the apps know their content: `bookings` registers
"booking.", `newsletter` registers "newsletter.", each from AppConfig.ready().
Besides building the email, an app may say in plain words what a message is
(`describe`) and where the record behind it lives (`record`: the page where a
wrong address is fixed), so the back office never shows keys to the coach.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.core.mail import EmailMultiAlternatives


class Skip(Exception):  # noqa: N818 (a signal, not an error)
    """Raised by a builder when the message no longer makes sense: the row is voided."""


class Record(NamedTuple):
    """The page behind a message: e.g. ("/admin/bookings/client/7/", "Ann's record")."""

    url: str
    label: str


@dataclass(frozen=True)
class Builder:
    prefix: str
    build: Callable[..., EmailMultiAlternatives]
    on_permanent_failure: Callable[..., None] | None = None
    # describe(message) -> "Reminder, 24 hours before"
    describe: Callable[..., str] | None = None
    # record(message) -> Record | None
    record: Callable[..., Record | None] | None = None


_registry: dict[str, Builder] = {}


def register(
    prefix: str, *, build, on_permanent_failure=None, describe=None, record=None
) -> None:
    """Use `build(message)` for every kind starting with `prefix`."""
    _registry[prefix] = Builder(prefix, build, on_permanent_failure, describe, record)


def unregister(prefix: str) -> None:
    """Forget the builder for `prefix` (tests)."""
    _registry.pop(prefix, None)


def builder_for(kind: str) -> Builder | None:
    """The builder with the longest prefix matching `kind`, or None."""
    matches = [b for prefix, b in _registry.items() if kind.startswith(prefix)]
    return max(matches, key=lambda b: len(b.prefix), default=None)


def describe(message) -> str:
    """What a message is, in plain words; its kind when no app says more."""
    builder = builder_for(message.kind)
    if builder is not None and builder.describe is not None:
        return builder.describe(message)
    return message.kind.replace(".", " ").replace("_", " ").capitalize()


def record_for(message) -> Record | None:
    """The page behind a message (where its address is fixed), if an app knows it."""
    builder = builder_for(message.kind)
    if builder is None or builder.record is None:
        return None
    return builder.record(message)
