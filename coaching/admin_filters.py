"""List filters in her words: a heading she would write, and a name for "none"."""

from django.contrib import admin


def related_filter(title: str, none_label: str, *, only_used: bool = False):
    """A filter on a related field headed `title`, whose empty choice reads
    `none_label` ("No series") instead of a dash. `only_used`: list only the
    related rows in use (the posts clients came from, not every post)."""
    base = (
        admin.RelatedOnlyFieldListFilter if only_used else admin.RelatedFieldListFilter
    )

    class Filter(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title
            self.empty_value_display = none_label

    Filter.__name__ = Filter.__qualname__ = f"{title.title().replace(' ', '')}Filter"
    return Filter
