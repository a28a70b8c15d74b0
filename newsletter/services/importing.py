"""Bringing an existing mailing list in from a CSV file."""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from newsletter.models import Subscriber

from .subscriptions import validate_sign_up

# Statuses in other tools' exports that mean "do not email".
LEFT_WORDS = {"unsubscribed", "bounced", "cleaned", "complained", "spam"}
MAX_ROWS = 100_000


@dataclass
class ImportResult:
    added: int = 0
    added_as_unsubscribed: int = 0
    already_known: int = 0
    invalid_lines: list[int] = field(default_factory=list)


def _rows(data: bytes):
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [
        (name or "").strip().lower() for name in reader.fieldnames or []
    ]
    if "email" not in reader.fieldnames:
        raise ValidationError("The file needs a column named “email”.")
    yield from reader


def import_subscribers(
    *, data: bytes, list_name: str, wording: str, now: datetime | None = None
) -> ImportResult:
    """Add the addresses of a CSV file (email, first_name, status) to the list.

    Her consent came with the old list: rows join as subscribed, their source
    recorded as that list. Rows marked unsubscribed (or bounced) join as
    unsubscribed; addresses already known are left exactly as they are.
    """
    now = now or timezone.now()
    result, seen, new = ImportResult(), set(), []
    known = {e.lower() for e in Subscriber.objects.values_list("email", flat=True)}
    for line, row in enumerate(_rows(data), start=2):
        if line > MAX_ROWS:
            raise ValidationError(f"Please import at most {MAX_ROWS} rows at a time.")
        email = (row.get("email") or "").strip()
        first_name = (row.get("first_name") or "").strip()
        try:
            validate_sign_up(email=email, first_name=first_name, wording=wording)
        except ValidationError:
            result.invalid_lines.append(line)
            continue
        if email.lower() in known or email.lower() in seen:
            result.already_known += 1
            continue
        seen.add(email.lower())
        has_left = (row.get("status") or "").strip().lower() in LEFT_WORDS
        new.append(
            Subscriber(
                email=email,
                first_name=first_name,
                status=Subscriber.Status.UNSUBSCRIBED
                if has_left
                else Subscriber.Status.SUBSCRIBED,
                source=Subscriber.Source.IMPORT,
                source_detail=list_name[:200],
                consent_wording=wording.strip(),
                requested_at=now,
                confirmed_at=None if has_left else now,
                left_at=now if has_left else None,
            )
        )
        if has_left:
            result.added_as_unsubscribed += 1
        else:
            result.added += 1
    Subscriber.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return result
