"""Template helpers that keep a page the same for every visitor (page cache)."""

from django import template
from django.utils import dateformat
from django.utils.html import format_html

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


@register.simple_tag
def csrf_input_from_cookie():
    """A CSRF field left empty, filled by site.js from the cookie before sending.

    Use it instead of {% csrf_token %} in a form on a page the page cache keeps:
    a token written into the HTML would be one visitor's, shared with everyone.
    """
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="" {}>',
        "data-csrf-from-cookie",
    )
