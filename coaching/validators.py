"""What every form and service of the site means by a valid address or a line of text.

One home for these rules: the booking and newsletter forms, their services and
the models all ask here, so a name the booking form takes is a name its service
takes, and the newsletter agrees with both.

- An email address: Django's `validate_email`, at most EMAIL_MAX_LENGTH
  characters (the longest address SMTP carries, RFC 5321).
- One line of text (names, phone numbers): no line breaks and no other control
  characters (Unicode categories Cc, Zl, Zp). Such text goes into email subjects
  and bodies, so a break could add a header or a forged paragraph.
- Fit for an email header as a person's name (the newsletter's first name): one
  line, and no angle brackets, which would read as an address in a `To:` line.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

EMAIL_MAX_LENGTH = 254
EMAIL_MESSAGE = "Please enter a valid email address, like name@example.com."
ONE_LINE_MESSAGE = "Please use letters, numbers and punctuation only, on one line."
_CONTROL_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})
_ADDRESS_MARKS = frozenset("<>")


def email_error(email: str) -> str | None:
    """What is wrong with an address typed into a form, or None."""
    try:
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        return EMAIL_MESSAGE
    return None


def is_one_line(value: str) -> bool:
    """Whether the text has no line break and no other control character."""
    return not any(unicodedata.category(char) in _CONTROL_CATEGORIES for char in value)


def validate_one_line(value: str) -> None:
    """Refuse line breaks and other control characters: names go into emails."""
    if not is_one_line(value):
        raise ValidationError(ONE_LINE_MESSAGE, code="control_character")


def is_header_name(value: str) -> bool:
    """Whether the text can stand as a name in an email header: one line, no <>."""
    return is_one_line(value) and not _ADDRESS_MARKS.intersection(value)
