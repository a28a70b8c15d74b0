"""The client record's extension point and her one timeline.

Apps that hold more about a client (the newsletter) add their part here from
their AppConfig.ready(): an inline for the record page, entries for her
timeline, a line for the erase page. No admin class replaces ClientAdmin.
Erasing and exporting her data go through the bookings services, whose own
registry gathers each app's part.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse

from bookings import emails
from bookings.models import Booking, Client
from outbox import builders, presentation
from outbox.models import Message

from . import wording


@dataclass(frozen=True)
class Entry:
    """One line of her history: when, a plain heading, and what else to say."""

    at: datetime
    heading: str
    details: list[str] = field(default_factory=list)
    body: str = ""  # free text she or the coach wrote, shown as written
    link: builders.Record | None = None
    kind: str = "event"  # note, status, call, email, or an app's own word


@dataclass(frozen=True)
class RecordPart:
    """What an app adds to the client record."""

    inline: type | None = None
    timeline: Callable[[Client], Iterable[Entry]] | None = None
    erase_note: str = ""  # one line on the erase page: what else goes


_parts: list[RecordPart] = []


def add_record_part(*, inline=None, timeline=None, erase_note: str = "") -> RecordPart:
    """Add an app's part to every client record (call from AppConfig.ready())."""
    part = RecordPart(inline=inline, timeline=timeline, erase_note=erase_note)
    _parts.append(part)
    return part


def remove_record_part(part: RecordPart) -> None:
    """Take a part out again (tests)."""
    if part in _parts:
        _parts.remove(part)


def extra_inlines() -> list[type]:
    """The inlines other apps add to the record page."""
    return [part.inline for part in _parts if part.inline is not None]


def erase_notes() -> list[str]:
    """What else an erasure removes, one line per app that holds more about her."""
    return [part.erase_note for part in _parts if part.erase_note]


def _who(user) -> str:
    return str(user) if user is not None else "the site"


def _notes(client: Client) -> Iterable[Entry]:
    for note in client.notes.select_related("author"):
        yield Entry(
            note.created_at, f"Note by {_who(note.author)}", body=note.body, kind="note"
        )


def _status_changes(client: Client) -> Iterable[Entry]:
    for change in client.status_changes.select_related("changed_by"):
        yield Entry(
            change.changed_at,
            f"Status: {change.get_from_status_display()} → "
            f"{change.get_to_status_display()}",
            [f"Changed by {_who(change.changed_by)}."],
            kind="status",
        )


def _calls(bookings: list[Booking]) -> Iterable[Entry]:
    for booking in bookings:
        details = []
        if booking.source_post_id:
            details.append(f"Booked from “{booking.source_post.title}”.")
        link = builders.Record(
            reverse("admin:bookings_booking_change", args=[booking.pk]), "Open the call"
        )
        yield Entry(
            booking.starts_at,
            f"Call: {wording.call_status(booking)}",
            details,
            body=booking.help_with,
            link=link,
            kind="call",
        )


def _emails(bookings: list[Booking]) -> Iterable[Entry]:
    if not bookings:
        return
    about_her = reduce(
        or_, (Q(key__startswith=emails.key_prefix(b.pk)) for b in bookings)
    )
    mine = Message.objects.filter(about_her).exclude(status=Message.Status.VOID)
    for message in mine.exclude(kind__in=emails.COACH_KINDS):
        status = presentation.status_in_words(message)
        details = [f"{status}, to {message.to_email}."]
        if why := presentation.why_failed(message):
            details.append(why)
        yield Entry(
            message.sent_at or message.due_at,
            f"Email: {builders.describe(message)}",
            details,
            link=builders.Record(
                reverse("admin:outbox_message_change", args=[message.pk]),
                "See the email",
            ),
            kind="email",
        )


def timeline(client: Client) -> list[Entry]:
    """Her notes, status changes, calls and emails (and apps' parts), newest first."""
    bookings = list(
        client.bookings.select_related("source_post", "rescheduled_to").order_by(
            "starts_at"
        )
    )
    entries = [
        *_notes(client),
        *_status_changes(client),
        *_calls(bookings),
        *_emails(bookings),
    ]
    for part in _parts:
        if part.timeline is not None:
            entries.extend(part.timeline(client))
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
