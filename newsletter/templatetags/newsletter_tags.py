"""The subscribe form's pieces that templates cannot make themselves."""

from django import template

from newsletter.forms import new_stamp
from newsletter.models import CONSENT_WORDING

register = template.Library()


@register.simple_tag
def subscribe_stamp() -> str:
    """A signed note of when the form was shown (the timing check reads it)."""
    return new_stamp()


@register.simple_tag
def consent_wording() -> str:
    """The consent words shown by every subscribe form, as recorded on sign-up."""
    return CONSENT_WORDING
