"""How a row becomes an email: each app registers a builder for its kinds.

The outbox knows messages, the apps know their content: `bookings` registers
"booking.", `newsletter` registers "newsletter.", each from AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import EmailMultiAlternatives


class Skip(Exception):  # noqa: N818 (a signal, not an error)
    """Raised by a builder when the message no longer makes sense: the row is voided."""


@dataclass(frozen=True)
class Builder:
    prefix: str
    build: Callable[..., EmailMultiAlternatives]
    on_permanent_failure: Callable[..., None] | None = None


_registry: dict[str, Builder] = {}


def register(prefix: str, *, build, on_permanent_failure=None) -> None:
    """Use `build(message)` for every kind starting with `prefix`."""
    _registry[prefix] = Builder(prefix, build, on_permanent_failure)


def unregister(prefix: str) -> None:
    """Forget the builder for `prefix` (tests)."""
    _registry.pop(prefix, None)


def builder_for(kind: str) -> Builder | None:
    """The builder with the longest prefix matching `kind`, or None."""
    matches = [b for prefix, b in _registry.items() if kind.startswith(prefix)]
    return max(matches, key=lambda b: len(b.prefix), default=None)
