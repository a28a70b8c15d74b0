"""Template helpers that keep a page the same for every visitor (page cache)."""

from django import template
from django.utils import dateformat

from coaching.zones import coach_zone

register = template.Library()


@register.filter
def coach_date(value, arg="j F Y"):
    """A date or time as the coach's calendar shows it, whatever the visitor's zone.

    Post dates must not move under a reader (16 vs 17 November in Sydney), and a
    cached page is shared by readers in every zone.
    """
    if not value:
        return ""
    if hasattr(value, "astimezone"):
        value = value.astimezone(coach_zone())
    return dateformat.format(value, arg)
