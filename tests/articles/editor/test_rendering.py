import sys

import pytest

from articles.editor.models import PostImage
from articles.editor.rendering import render_post_body
from coaching.markdown import render_markdown, sanitize_html
from tests.articles.editor.conftest import picture_file

FOOTNOTES = "Leaky gut[^1] and diet[^aip].\n\n[^1]: Fasano 2012.\n[^aip]: The AIP diet."


def test_footnote_reference_links_to_its_note():
    html = render_markdown(FOOTNOTES)

    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"' in html
    assert '<li id="fn:1">' in html
    assert '<li id="fn:aip">' in html


def test_footnote_note_links_back_to_the_text():
    html = render_markdown(FOOTNOTES)

    assert 'class="footnote-backref" href="#fnref:1"' in html
    assert 'href="#fnref:aip"' in html


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ('<li id="main">x</li>', 'id="main"'),
        ('<sup id="fnref:1 x">1</sup>', "id="),
        ('<li id="fn:1" onclick="alert(1)">x</li>', "onclick"),
        ('<a class="footnote-ref" href="javascript:alert(1)">x</a>', "javascript"),
        ('<a class="evil footnote-ref">x</a>', "evil"),
        ("<script>alert(1)</script>", "<script"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<p style="color:red" id="fn:1">x</p>', "style"),
    ],
)
def test_sanitiser_still_strips_what_footnotes_do_not_need(markdown, forbidden):
    assert forbidden not in render_markdown(markdown)


def test_only_footnote_ids_survive_on_other_tags():
    assert "id=" not in render_markdown('<p id="fn:1">x</p><h2 id="fn:2">y</h2>')


@pytest.mark.django_db
def test_uploaded_picture_gets_srcset_width_height_and_lazy_loading(media_root):
    image = PostImage.objects.create(image=picture_file())
    image.renditions = [{"width": 480, "name": "articles/renditions/greens-480w.webp"}]
    image.save()

    html = render_post_body(f"![A bowl of greens]({image.image.url})")

    assert f'src="{image.image.url}"' in html
    assert 'srcset="/media/articles/renditions/greens-480w.webp 480w, ' in html
    assert f'{image.image.url} 1600w"' in html
    assert 'width="1600" height="1000"' in html
    assert 'alt="A bowl of greens"' in html
    assert 'loading="lazy"' in html


@pytest.mark.django_db
def test_picture_alt_text_stays_escaped(media_root):
    image = PostImage.objects.create(image=picture_file())

    html = render_post_body(f'![Greens "fresh" <b>&</b>]({image.image.url})')

    assert "<b>" not in html
    assert 'alt="Greens &quot;fresh&quot; &lt;b&gt;&amp;&lt;/b&gt;"' in html


@pytest.mark.django_db
def test_other_pictures_are_only_made_lazy():
    html = render_post_body("![A cat](https://example.org/cat.png)")

    assert html.count("<img") == 1
    assert 'loading="lazy"' in html
    assert "srcset" not in html


def test_ids_on_other_tags_are_dropped_without_an_error_in_the_log(monkeypatch):
    ignored = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)

    html = sanitize_html('<div id="block-1"><p id="x">Text</p></div><h2 id="y">A</h2>')

    assert html == "<p>Text</p><h2>A</h2>"
    assert ignored == []  # each id read as "not a footnote", not as a KeyError
