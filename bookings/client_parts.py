"""What other apps keep about a client: their part of her booking, export and erasure.

`bookings` holds client records and sits below the apps that add to them, so it
never imports them. An app that keeps something about a client registers its
part here from its `AppConfig.ready()` (as `newsletter` does); the booking and
privacy services then run every registered part, and "what does erasing her do"
is answered in one place: `bookings.services.privacy.erase_client` and the parts
listed here. Anchors: `outbox/builders.py`; pretix's `register_data_shredders`.

A part may give:
- `export(client)`: JSON-ready data, added to her export under the part's name;
- `erase(client)`: remove what the app holds about her. Called inside the
  erasure's transaction, before her record is anonymised (her address is still
  on it), so a refused erasure leaves the part untouched too;
- `on_booking(client=..., wants_news=..., wording=..., now=...)`: called inside
  the booking's transaction after her record is saved (the news box of the
  booking form); its return value is handed back under the part's name.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class ClientPart:
    name: str
    export: Callable[[Any], Any] | None = None
    erase: Callable[[Any], Any] | None = None
    on_booking: Callable[..., Any] | None = None


_registry: dict[str, ClientPart] = {}


def register(name: str, *, export=None, erase=None, on_booking=None) -> None:
    """Add (or replace) an app's part, under a name that is also its export key."""
    _registry[name] = ClientPart(name, export, erase, on_booking)


def unregister(name: str) -> None:
    """Forget a part (tests)."""
    _registry.pop(name, None)


def registered() -> list[ClientPart]:
    """The parts, in the order they were registered."""
    return list(_registry.values())


def export_parts(client) -> dict[str, Any]:
    """Each part's export of her, by part name."""
    return {part.name: part.export(client) for part in registered() if part.export}


def erase_parts(client) -> None:
    """Let every part remove what it holds about her."""
    for part in registered():
        if part.erase:
            part.erase(client)


def booked(client, *, wants_news: bool, wording: str, now: datetime) -> dict[str, Any]:
    """Tell every part she booked; what each one answers, by part name."""
    return {
        part.name: part.on_booking(
            client=client, wants_news=wants_news, wording=wording, now=now
        )
        for part in registered()
        if part.on_booking
    }
