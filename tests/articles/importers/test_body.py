from articles.importers.body import convert_body
from articles.importers.shortcodes import wpautop
from coaching.markdown import render_markdown

CAPTION = (
    '[caption id="attachment_5" align="aligncenter" width="640"]'
    '<a href="https://old.example/big.jpg"><img src="https://old.example/a-300x200.jpg"'
    ' alt="Greens" width="300" height="200" /></a> Greens at every meal[/caption]'
)


def test_wpautop_blank_lines_make_paragraphs_and_newlines_breaks():
    html = wpautop("One\nstill one\n\nTwo")

    assert html == "<p>One<br />\nstill one</p>\n<p>Two</p>"


def test_wpautop_leaves_block_tags_and_pre_alone():
    html = wpautop("<ul>\n<li>a</li>\n</ul>\n\n<pre>x\n\ny</pre>")

    assert "<p>" not in html
    assert "<pre>x\n\ny</pre>" in html


def test_convert_body_turns_caption_into_figure():
    body = convert_body(f"Intro\n\n{CAPTION}\n\nOutro")

    html = render_markdown(body.text)
    assert "<figure>" in html
    assert "<figcaption>Greens at every meal</figcaption>" in html
    assert '<img alt="Greens"' in html or 'alt="Greens"' in html
    assert body.shortcodes["caption"] == 1
    assert not body.is_markdown


def test_convert_body_drops_and_counts_other_shortcodes():
    body = convert_body('Look:\n\n[gallery ids="1,2"]\n\n[contact-form-7 id="3"]')

    assert "gallery" not in body.text and "contact" not in body.text
    assert body.shortcodes == {"gallery": 1, "contact-form-7": 1}


def test_convert_body_keeps_bracketed_words_that_are_not_shortcodes():
    body = convert_body("She said [sic] it twice. See [[gallery]].")

    assert "[sic]" in render_markdown(body.text)
    assert "[gallery]" in render_markdown(body.text)


def test_convert_body_gives_markdown_for_simple_posts():
    body = convert_body("Hello <strong>you</strong>.\n\n<h1>Big</h1>\n\n2 * 3 = 6")

    assert body.is_markdown
    assert body.text == "Hello **you**.\n\n## Big\n\n2 \\* 3 = 6"


def test_convert_body_keeps_block_editor_html_without_block_comments():
    raw = (
        "<!-- wp:paragraph -->\n<p>First.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:image -->\n<figure class="wp-block-image"><img src="https://x.org/'
        'a.png" alt="A"/><figcaption>Cap</figcaption></figure>\n<!-- /wp:image -->\n'
        "<!-- wp:latest-posts /-->"
    )

    body = convert_body(raw)

    assert "wp:" not in body.text and "class=" not in body.text
    assert "<figcaption>Cap</figcaption>" in render_markdown(body.text)
    assert body.dynamic_blocks == {"latest-posts": 1}


def test_convert_body_removes_scripts_frames_and_handlers():
    raw = (
        '<p onclick="x()">Hi <a href="javascript:x()">y</a></p>'
        "<script>steal()</script><style>p{}</style>"
        '<iframe src="https://video.example/embed/1" onload="x()"></iframe>'
        '<img src="x" onerror="x()" alt="">'
    )

    body = convert_body(raw)

    html = render_markdown(body.text)
    for bad in ("script", "steal", "onclick", "onload", "onerror", "javascript"):
        assert bad not in body.text and bad not in html
    assert 'href="https://video.example/embed/1"' in html
    assert body.removed == {"script": 1, "style": 1, "iframe": 1}


def test_convert_body_maps_picture_addresses():
    body = convert_body(
        '<img src="https://old.example/a.jpg" alt="A">',
        map_image=lambda url: "/media/copy.jpg",
    )

    assert "/media/copy.jpg" in body.text


def test_convert_body_reads_squarespace_lazy_pictures():
    raw = (
        '<div class="sqs-block"><noscript><img src="https://sq.example/a.jpg"></noscript>'
        '<img data-src="https://sq.example/a.jpg" alt="A"></div>'
    )

    body = convert_body(raw)

    assert body.text.count("https://sq.example/a.jpg") == 1
    assert "div" not in body.text


def test_convert_body_turns_gallery_into_figures():
    def pictures(attrs):
        assert attrs["ids"] == "1,2"
        return [("https://x.org/a.jpg", "A", "First"), ("https://x.org/b.jpg", "", "")]

    body = convert_body('Look:\n\n[gallery ids="1,2"]\n\nEnd', gallery=pictures)

    html = render_markdown(body.text)
    assert '<figure><img alt="A" src="https://x.org/a.jpg">' in html
    assert "<figcaption>First</figcaption>" in html
    assert '<figure><img alt="" src="https://x.org/b.jpg"></figure>' in html
    assert "<p></p>" not in html
