"""Demo content for `manage.py load_demo`."""


def load(*, coach):
    """Create or update this app's demo rows; safe to run repeatedly."""
