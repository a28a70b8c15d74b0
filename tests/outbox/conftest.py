"""Outbox fixtures: the dummy "test." builder; send tasks recorded, not queued."""

import pytest

from outbox import builders
from tests.outbox import builders as test_builders


@pytest.fixture(autouse=True)
def test_builder():
    """The dummy builder for kinds "test.*", registered for the test only."""
    test_builders.register()
    test_builders.permanent_failures.clear()
    yield test_builders
    builders.unregister(test_builders.PREFIX)


@pytest.fixture(autouse=True)
def _record_publishes(published):
    """Outbox tests never leave send tasks on the developer's broker."""
