"""Render an email from its three templates (STYLE §4), for every app's builder.

`<name>_subject.txt` (one line: white space, line breaks included, is folded),
`<name>.txt` (the plain body) and `<name>.html` (the HTML alternative). The
outbox knows messages, not what they are about: the caller gives the context,
and any mail arguments (`to`, `reply_to`, ...) by keyword.
"""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def render_message(name: str, context: dict, **mail) -> EmailMultiAlternatives:
    """The message of templates `<name>_subject.txt`, `<name>.txt`, `<name>.html`."""
    subject = render_to_string(f"{name}_subject.txt", context)
    text = render_to_string(f"{name}.txt", context)
    html = render_to_string(f"{name}.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=text, **mail
    )
    message.attach_alternative(html, "text/html")
    return message
