"""Read a WordPress export (WXR 1.1 or 1.2, also Squarespace's) safely, streaming.

Elements are matched by local name so both WXR namespaces work; defusedxml refuses
DTDs, entity declarations and external references (billion laughs, XXE).
"""

from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse


class ExportError(Exception):
    """The file cannot be read as an export; the message is meant for the coach."""


@dataclass
class Item:
    """One `<item>` of the export: a post, page, attachment or anything else."""

    post_id: str = ""
    post_type: str = ""
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    status: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    pub_date: str = ""
    parent_id: str = ""
    attachment_url: str = ""
    categories: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Export:
    """The items of one export file, with the site it came from."""

    site_url: str = ""
    generator: str = ""
    wxr_version: str = ""
    items: list[Item] = field(default_factory=list)

    @property
    def is_squarespace(self) -> bool:
        return "squarespace" in (self.generator + self.site_url).lower()

    def of_type(self, post_type: str) -> list[Item]:
        return [item for item in self.items if item.post_type == post_type]


def _local(tag: str) -> tuple[str, str]:
    """('namespace', 'name') of an ElementTree tag."""
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


_SIMPLE_FIELDS = {
    "post_id": "post_id",
    "post_type": "post_type",
    "post_name": "post_name",
    "status": "status",
    "post_date": "post_date",
    "post_date_gmt": "post_date_gmt",
    "post_parent": "parent_id",
    "attachment_url": "attachment_url",
    "title": "title",
    "link": "link",
    "guid": "guid",
    "creator": "creator",
    "pubDate": "pub_date",
}


def _item_from(element) -> Item:
    item = Item()
    for child in element:
        ns, name = _local(child.tag)
        text = (child.text or "").strip() if name != "encoded" else child.text or ""
        if name == "encoded":
            if "excerpt" in ns:
                item.excerpt = text
            else:
                item.content = text
        elif name == "category":
            item.categories.append((child.get("domain", "category"), text))
        elif name == "postmeta":
            values = {_local(c.tag)[1]: (c.text or "") for c in child}
            item.meta[values.get("meta_key", "")] = values.get("meta_value", "")
        elif name in _SIMPLE_FIELDS:
            setattr(item, _SIMPLE_FIELDS[name], text)
    return item


def read_export(source) -> Export:
    """Parse an export from a path or binary file object; raises ExportError."""
    export = Export()
    saw_rss = False
    try:
        for _event, element in iterparse(source, events=("end",), forbid_dtd=True):
            ns, name = _local(element.tag)
            if name == "item":
                export.items.append(_item_from(element))
                element.clear()
            elif name == "wxr_version":
                export.wxr_version = (element.text or "").strip()
            elif name == "base_site_url" or (name == "link" and not export.site_url):
                export.site_url = export.site_url or (element.text or "").strip()
            elif name == "generator":
                export.generator = (element.text or "").strip()
            elif name == "rss":
                saw_rss = True
    except DefusedXmlException as exc:
        raise ExportError(
            "This file declares XML entities or a DTD, which an export never does; "
            "it was refused for safety."
        ) from exc
    except (ParseError, LookupError, ValueError) as exc:
        # LookupError: an unknown encoding named in the XML declaration.
        raise ExportError(
            f"This file is not a readable XML export ({exc}). Export again from "
            "WordPress: Tools → Export → Posts."
        ) from exc
    if not saw_rss:
        raise ExportError(
            "This XML file is not a WordPress export (no <rss> element). Export again "
            "from WordPress: Tools → Export → Posts."
        )
    return export


def parse_pub_date(value: str):
    """The aware datetime of an RSS pubDate, or None when missing or invalid."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo else None
