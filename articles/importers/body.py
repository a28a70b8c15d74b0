"""A WordPress or Squarespace post body turned into this site's post body.

Classic posts get WordPress's paragraph rules and shortcodes; block-editor posts
already hold their HTML. Dangerous elements go, pictures are re-pointed at the
site's own copies, then the result becomes Markdown when that loses nothing, or
stays as HTML. Either way it passes the same allow-list as authored posts.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from markdownify import markdownify

from articles.importers.shortcodes import Pictures, expand_shortcodes, wpautop
from coaching.markdown import render_markdown, sanitize_html

# Removed with everything inside them; counted in the report.
DANGEROUS = ("script", "style", "iframe", "noscript", "object", "embed", "form",
             "svg", "template", "textarea", "button", "select")  # fmt: skip
# Markdown holds these without loss; anything else keeps the body as HTML.
MARKDOWN_SAFE = {"p", "a", "strong", "em", "h2", "h3", "h4", "ul", "ol", "li",
                 "blockquote", "br", "hr", "code", "pre", "img"}  # fmt: skip
_BLOCK_COMMENT = re.compile(r"<!--\s*wp:([a-z][\w/-]*)(.*?)(/?)-->", re.DOTALL)
_HEADING_ONE = re.compile(r"<(/?)h1([\s>])", re.IGNORECASE)


@dataclass
class Body:
    """The converted body and what the conversion found on the way."""

    text: str = ""
    is_markdown: bool = True
    shortcodes: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    dynamic_blocks: Counter = field(default_factory=Counter)


def is_block_content(raw: str) -> bool:
    """True for block-editor (Gutenberg) content, which WordPress never autops."""
    return "<!-- wp:" in raw


def _image_source(img) -> str:
    """The real address of a picture; Squarespace leaves `src` to its scripts."""
    src = img.get("src", "")
    if not src or src.startswith("data:"):
        src = img.get("data-src") or img.get("data-image") or ""
    return src.strip()


def _clean_tree(soup, body: Body, map_image: Callable[[str], str]) -> None:
    for name in DANGEROUS:
        for element in soup.find_all(name):
            src = element.get("src", "") if name == "iframe" else ""
            if src.startswith(("https://", "http://")):
                link = soup.new_tag("a", href=src)
                link.string = "Embedded content (opens the original)"
                paragraph = soup.new_tag("p")
                paragraph.append(link)
                element.replace_with(paragraph)
            else:
                element.decompose()
            # Squarespace repeats each picture in <noscript>: nothing lost there.
            if name != "noscript":
                body.removed[name] += 1
    for img in soup.find_all("img"):
        src = _image_source(img)
        if src:
            img["src"] = map_image(src)
        else:
            img.decompose()
    for link in soup.find_all("a", href=True):
        if re.search(r"\.(jpe?g|png|gif|webp)$", link["href"].split("?")[0], re.I):
            link["href"] = map_image(link["href"])
    for paragraph in soup.find_all("p"):
        if not paragraph.get_text(strip=True) and not paragraph.find("img"):
            paragraph.decompose()


def _as_markdown(html: str) -> str | None:
    """Markdown for `html` when every tag converts and the text survives, else None."""
    soup = BeautifulSoup(html, "html.parser")
    if any(tag.name not in MARKDOWN_SAFE for tag in soup.find_all(True)):
        return None
    wanted = _signature(html)
    # Light escaping reads best; full escaping saves text that looks like Markdown.
    for escape_misc in (False, True):
        text = markdownify(
            html, heading_style="ATX", bullets="-", escape_misc=escape_misc
        )
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        if _signature(render_markdown(text)) == wanted:
            return text
    return None


def _signature(fragment: str) -> tuple:
    """The words, tags and addresses of an HTML fragment, to compare two renderings."""
    soup = BeautifulSoup(fragment, "html.parser")
    tags = [
        (tag.name, tag.get("href"), tag.get("src"), tag.get("alt"))
        for tag in soup.find_all(True)
    ]
    return " ".join(soup.get_text().split()), tags


def convert_body(
    raw: str,
    *,
    map_image: Callable[[str], str] = str,
    gallery: Pictures | None = None,
    is_rendered: bool = False,
) -> Body:
    """Convert an export's post body; `map_image` re-points each picture address.

    `gallery` lists the pictures of a [gallery]; `is_rendered`: the body is
    finished HTML (Squarespace), not WordPress source.
    """
    body = Body()
    raw = raw or ""
    if is_block_content(raw):
        for match in _BLOCK_COMMENT.finditer(raw):
            # A self-closing block is rendered by PHP at view time: nothing to keep.
            if match[3] == "/":
                body.dynamic_blocks[match[1]] += 1
        html = expand_shortcodes(_BLOCK_COMMENT.sub("", raw), body.shortcodes, gallery)
    elif is_rendered:
        html = raw
    else:
        html = expand_shortcodes(wpautop(raw), body.shortcodes, gallery)
    # The post title is the page's only h1.
    html = _HEADING_ONE.sub(r"<\1h2\2", html)
    soup = BeautifulSoup(html, "html.parser")
    _clean_tree(soup, body, map_image)
    clean = sanitize_html(str(soup)).strip()
    markdown = _as_markdown(clean)
    if markdown is not None:
        body.text = markdown
    else:
        body.is_markdown = False
        blocks = BeautifulSoup(clean, "html.parser").contents
        body.text = "\n\n".join(str(b).strip() for b in blocks if str(b).strip())
    return body
