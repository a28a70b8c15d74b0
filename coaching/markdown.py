"""Markdown to safe HTML, shared by blog posts and the site's own pages."""

import re

import markdown as md
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "figcaption", "figure",
    "h2", "h3", "h4", "hr", "img", "li", "ol", "p", "pre", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "li": {"id"},
    "sup": {"id"},
    "th": {"scope"},
    "td": {"colspan", "rowspan"},
}
# Footnotes (python-markdown's "extra"): the reference and the note link to each
# other by these ids and classes only; any other id or class is dropped.
FOOTNOTE_CLASSES = {"a": {"footnote-ref", "footnote-backref"}}
FOOTNOTE_IDS = {
    "li": re.compile(r"fn:[\w-]{1,80}", re.ASCII),
    "sup": re.compile(r"fnref\d*:[\w-]{1,80}", re.ASCII),
}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Render Markdown and keep only an allow-list of tags, attributes and schemes."""
    html = md.markdown(text or "", extensions=["extra", "sane_lists"])
    return sanitize_html(html)


def _footnote_ids_only(tag: str, attribute: str, value: str) -> str | None:
    # nh3 asks about every attribute, also on tags it is about to drop.
    if attribute != "id":
        return value
    pattern = FOOTNOTE_IDS.get(tag)
    return value if pattern is not None and pattern.fullmatch(value) else None


def sanitize_html(html: str) -> str:
    """Keep only the allow-list of tags, attributes and link schemes of posts."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_footnote_ids_only,
        allowed_classes=FOOTNOTE_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
