import pytest

from articles.importers.wxr import ExportError, read_export
from tests.articles.importers.conftest import EXPORTS

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><item><title>&lol3;</title></item></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&xxe;</title></item></channel></rss>"""


def test_read_export_finds_items_of_each_type():
    export = read_export(EXPORTS / "wordpress.xml")

    assert [i.post_type for i in export.items] == [
        "attachment", "post", "post", "post", "post", "page", "nav_menu_item"
    ]  # fmt: skip
    assert export.wxr_version == "1.2"
    assert export.site_url == "https://oldblog.example"


def test_read_export_reads_post_fields():
    post = read_export(EXPORTS / "wordpress.xml").of_type("post")[0]

    assert post.post_id == "11"
    assert post.post_name == "leaky-gut-and-ms"
    assert post.post_date_gmt == "2021-03-01 14:00:00"
    assert post.excerpt == "Where to start when you want to heal your gut."
    assert post.content.startswith("Many of my clients")
    assert ("category", "MSMonday") in post.categories
    assert post.meta["_thumbnail_id"] == "10"


def test_read_export_reads_wxr_1_1():
    export = read_export(EXPORTS / "hostile.xml")

    assert export.wxr_version == "1.1"
    assert export.items[0].content.startswith("<p onclick")


def test_read_export_knows_squarespace():
    export = read_export(EXPORTS / "squarespace.xml")

    assert export.is_squarespace
    assert export.items[0].guid == "5eb0a1c2d3e4f5a6b7c8d9e0"


@pytest.mark.parametrize(
    "content",
    [
        b"not xml at all",
        b"\x89PNG\r\n\x1a\n",
        b"<rss><channel>",
        b"",
        b'<?xml version="1.0" encoding="bogus"?><rss/>',
    ],
    ids=["text", "binary", "truncated", "empty", "unknown-encoding"],
)
def test_read_export_refuses_what_is_not_xml(tmp_path, content):
    path = tmp_path / "export.xml"
    path.write_bytes(content)

    with pytest.raises(ExportError, match="not a readable XML export"):
        read_export(path)


@pytest.mark.parametrize("content", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_read_export_refuses_entity_declarations(tmp_path, content):
    path = tmp_path / "export.xml"
    path.write_bytes(content)

    with pytest.raises(ExportError, match="refused for safety"):
        read_export(path)


def test_read_export_refuses_other_xml(tmp_path):
    path = tmp_path / "export.xml"
    path.write_bytes(b"<svg><item/></svg>")

    with pytest.raises(ExportError, match="not a WordPress export"):
        read_export(path)
