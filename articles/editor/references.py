"""The works a post cites: links in its footnotes and in its *Sources* list."""

from html.parser import HTMLParser

SOURCES_HEADINGS = {"sources", "references"}


class _CitationParser(HTMLParser):
    """Collects links inside footnotes (`li id="fn:…"`) or after a "Sources" heading."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.citations: list[dict] = []
        self._footnote_depth = 0  # <li> levels open inside a footnote
        self._in_sources = False
        self._heading: list[str] | None = None
        self._link: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "li":
            note = (attributes.get("id") or "").startswith("fn:")
            if self._footnote_depth or note:
                self._footnote_depth += 1
        elif tag in {"h2", "h3"}:
            self._heading = []
        elif tag == "a" and (self._footnote_depth or self._in_sources):
            href = attributes.get("href") or ""
            if href.startswith(("http://", "https://")):
                self._link = {"url": href, "text": []}

    def handle_endtag(self, tag):
        if tag == "li" and self._footnote_depth:
            self._footnote_depth -= 1
        elif tag in {"h2", "h3"} and self._heading is not None:
            title = "".join(self._heading).strip().lower()
            self._in_sources = title in SOURCES_HEADINGS
            self._heading = None
        elif tag == "a" and self._link is not None:
            name = " ".join("".join(self._link["text"]).split())
            self.citations.append({"url": self._link["url"], "name": name})
            self._link = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)
        if self._link is not None:
            self._link["text"].append(data)


def citations(body_html: str) -> list[dict]:
    """schema.org CreativeWork entries for each cited address, once each, in order."""
    parser = _CitationParser()
    parser.feed(body_html or "")
    seen, works = set(), []
    for cited in parser.citations:
        if cited["url"] in seen:
            continue
        seen.add(cited["url"])
        work = {"@type": "CreativeWork", "url": cited["url"]}
        if cited["name"] and cited["name"] != cited["url"]:
            work["name"] = cited["name"]
        works.append(work)
    return works
