"""Dropping a cache version when the rows behind it change.

A kept value (a stored page, a week of booking times) carries the version it
was made under; dropping the version makes all of them stale at once. A reader
between the change and its commit still sees the old rows and may store what
she saw under a fresh version, so the version is dropped again after the commit.
"""

from django.db import transaction


def drop_now_and_after_commit(drop) -> None:
    """Call `drop()` now and, inside a transaction, again once it commits."""
    drop()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(drop)
