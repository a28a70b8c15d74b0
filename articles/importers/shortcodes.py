"""WordPress's paragraph rules (wpautop) and shortcodes, for classic-editor posts."""

import html
import re
from collections import Counter
from collections.abc import Callable

# The block tags of WordPress's wpautop(): never wrapped in a paragraph.
BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    "|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend"
    "|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu"
    "|summary|iframe|script|noscript|video|audio|object|embed"
)
_OPEN_BLOCK = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.IGNORECASE)
_CLOSE_BLOCK = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
_STARTS_BLOCK = re.compile(rf"^</?(?:{BLOCK_TAGS})[\s/>]", re.IGNORECASE)
_ENDS_BLOCK = re.compile(rf"</?(?:{BLOCK_TAGS})>$", re.IGNORECASE)
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.IGNORECASE | re.DOTALL)

# Core shortcodes, always treated as shortcodes; any other `[name ...]` only when
# it has attributes or a closing tag, so "[sic]" or "[1]" in the text stay text.
KNOWN = {"caption", "wp_caption", "gallery", "playlist", "audio", "video", "embed"}
_SHORTCODE = re.compile(
    r"\[(?P<esc>\[?)(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s[^\]]*?)?)(?P<self>/?)\]"
    r"(?:(?P<inner>.*?)\[/(?P=name)\])?(?P<esc2>\]?)",
    re.DOTALL,
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_STANDALONE = re.compile(
    r"<p>\s*(\[(?:caption|wp_caption)[^\]]*\].*?\[/\w+\]|\[gallery[^\]]*\])\s*</p>",
    re.DOTALL,
)
# A gallery's pictures: (address, description, caption) for the shortcode's attributes.
Pictures = Callable[[dict[str, str]], list[tuple[str, str, str]]]


def _attrs(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTR.finditer(text)}


def wpautop(text: str) -> str:
    """Blank lines become paragraphs, single newlines <br>, as WordPress does."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept: list[str] = []

    def keep(match):
        kept.append(match.group(0))
        return f'\n\n<pre data-kept="{len(kept) - 1}"></pre>\n\n'

    text = _PRE.sub(keep, text)
    text = _OPEN_BLOCK.sub(r"\n\n\1", text)
    text = _CLOSE_BLOCK.sub(r"\1\n\n", text)
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if _STARTS_BLOCK.match(chunk) or _ENDS_BLOCK.search(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br />\n") + "</p>")
    result = "\n".join(out)
    result = _STANDALONE.sub(r"\1", result)
    return re.sub(r'<pre data-kept="(\d+)"></pre>', lambda m: kept[int(m[1])], result)


def _caption(attrs: dict[str, str], inner: str) -> str:
    inner = re.sub(r"<br\s*/?>", " ", inner or "")
    media = re.match(r"\s*((?:<a [^>]*>\s*)?<img [^>]*>(?:\s*</a>)?)(.*)", inner, re.S)
    if media:
        picture, caption = media[1], media[2].strip()
    else:
        picture, caption = inner, ""
    caption = caption or html.escape(attrs.get("caption", ""))
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{picture}{figcaption}</figure>"


def _gallery(pictures: list[tuple[str, str, str]]) -> str:
    figures = []
    for url, alt, caption in pictures:
        figcaption = (
            f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
        )
        figures.append(
            f'<figure><img src="{html.escape(url)}" alt="{html.escape(alt)}">'
            f"{figcaption}</figure>"
        )
    return "\n".join(figures)


def expand_shortcodes(text: str, found: Counter, gallery: Pictures = None) -> str:
    """Turn [caption] and [gallery] into figures, drop other shortcodes.

    Every shortcode is counted in `found`. `gallery` gives a gallery's pictures
    (none: the gallery is dropped). Enclosing shortcodes keep their inner text;
    `[[name]]` is WordPress's escape for the literal text `[name]`.
    """

    def replace(match):
        name = match["name"].lower()
        if match["esc"] and match["esc2"]:
            return match.group(0)[1:-1]
        is_shortcode = (
            name in KNOWN or match["attrs"].strip() or match["inner"] is not None
        )
        if not is_shortcode:
            return match.group(0)
        found[name] += 1
        attrs = _attrs(match["attrs"])
        if name in ("caption", "wp_caption"):
            body = expand_shortcodes(match["inner"] or "", found, gallery)
            return match["esc"] + _caption(attrs, body) + match["esc2"]
        if name == "gallery":
            return (
                match["esc"]
                + _gallery(gallery(attrs) if gallery else [])
                + (match["esc2"])
            )
        if name == "embed" and match["inner"]:
            url = html.escape(match["inner"].strip())
            return f'{match["esc"]}<a href="{url}">{url}</a>{match["esc2"]}'
        inner = expand_shortcodes(match["inner"] or "", found, gallery)
        return match["esc"] + inner + match["esc2"]

    return _SHORTCODE.sub(replace, text)
