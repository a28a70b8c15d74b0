"""The coach writes a post in the editor: toolbar, pictures, preview, no lost work."""

import base64
import os
import time
from io import BytesIO

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from articles.editor import services
from articles.editor.widgets import vendor_installed
from articles.models import Post
from tests.browser.axe import axe_source, axe_violations
from tests.factories import PostFactory, SeriesFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-coach-password-42"


@pytest.fixture
def desk(settings, tmp_path):
    vendor_installed.cache_clear()
    if not vendor_installed():
        reason = "needs the editor's npm packages: run `make install` (npm ci)"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
        pytest.skip(reason)
    settings.MEDIA_ROOT = tmp_path
    settings.OTP_ADMIN_REQUIRED = True
    coach = UserFactory(username="coach", is_staff=True, is_superuser=True)
    coach.set_password(PASSWORD)
    coach.save()
    device = TOTPDevice.objects.create(user=coach, name="Phone")
    series = SeriesFactory(title="MSMonday", slug="msmonday")
    for number in (1, 2):
        PostFactory(title=f"Part {number}", series=series, author=coach)
    draft = PostFactory(
        title="Greens for the gut",
        slug="greens-for-the-gut",
        body="Start here.",
        series=series,
        author=coach,
        status=Post.Status.DRAFT,
        publish_at=None,
    )
    return {"coach": coach, "device": device, "post": draft}


@pytest.fixture
def signed_in(browser, live_server, desk):
    context = browser.new_context(
        viewport={"width": 1280, "height": 1000}, timezone_id="Europe/London"
    )
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "coach")
    page.fill("#id_password", PASSWORD)
    device = desk["device"]
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.fill("#id_otp_token", f"{totp.token():0{device.digits}d}")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    yield context, page
    # Leaving the page sends its autosave (a beacon): keep it off the live server
    # while the test's rows are removed, or the two can deadlock on PostgreSQL.
    context.route("**/*", lambda route: route.abort())
    context.close()
    time.sleep(0.5)


def _open_post(page, live_server, post):
    page.goto(f"{live_server.url}/admin/articles/post/{post.pk}/change/")
    page.locator(".post-editor.is-ready").wait_for()


def _editor_text(page) -> str:
    return page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")


def _type_at_end(page, text):
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def _png_base64() -> str:
    buffer = BytesIO()
    Image.new("RGB", (1600, 1000), (40, 140, 60)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def _drop_picture(page, name="greens.png"):
    transfer = page.evaluate_handle(
        """([data, name]) => {
            const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: "image/png" }));
            return transfer;
        }""",
        [_png_base64(), name],
    )
    page.dispatch_event(".CodeMirror-scroll", "drop", {"dataTransfer": transfer})


def test_editor_toolbar_picture_and_live_preview(live_server, signed_in, desk):
    context, page = signed_in
    _open_post(page, live_server, desk["post"])

    _type_at_end(page, "\n\n")
    page.get_by_role("button", name="Heading", exact=True).click()
    page.keyboard.type("Why greens")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Bold (Ctrl+B)").click()
    page.keyboard.type("Eat them daily")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    _drop_picture(page)
    dialog = page.get_by_role("dialog", name="Add a picture")
    dialog.get_by_label("Describe the picture").fill("A bowl of greens")
    dialog.get_by_role("button", name="Add the picture").click()
    page.locator(".CodeMirror-line", has_text="![A bowl of greens]").wait_for()
    frame = page.frame_locator(".post-editor-frame")
    picture = frame.locator("#post-editor-preview img[alt='A bowl of greens']")
    picture.wait_for()
    page.screenshot(path="var/editor-post-form-1280.png", full_page=True)

    text = _editor_text(page)
    assert "## Why greens" in text
    assert "**Eat them daily**" in text
    assert "![A bowl of greens](/media/articles/images/greens" in text
    assert picture.get_attribute("width") == "1600"
    assert "480w" in picture.get_attribute("srcset")
    assert frame.locator("#post-editor-preview .post-body strong").inner_text() == (
        "Eat them daily"
    )
    assert frame.locator(".post-disclaimer").count() == 1
    assert frame.get_by_role("link", name="Book a free consult call").count() == 1
    # A new part of the series comes last, not first.
    assert "Part 3 of 3" in frame.locator(".post-series").inner_text()

    page.get_by_role("button", name="Save draft").first.click()
    page.locator(".messagelist").wait_for()
    saved = Post.objects.get(pk=desk["post"].pk)
    assert "**Eat them daily**" in saved.body
    assert 'srcset="/media/articles/renditions/greens' in saved.body_html
    assert saved.revisions.history().get().created_by == desk["coach"]


def test_a_broken_picture_gets_one_message_and_changes_nothing(
    live_server, signed_in, desk
):
    context, page = signed_in
    _open_post(page, live_server, desk["post"])
    before = _editor_text(page)

    page.evaluate(
        """() => {
            const transfer = new DataTransfer();
            const file = new File(["not a picture"], "cat.jpg", { type: "image/jpeg" });
            transfer.items.add(file);
            const options = { dataTransfer: transfer, bubbles: true };
            const drop = new DragEvent("drop", options);
            document.querySelector(".CodeMirror-scroll").dispatchEvent(drop);
        }"""
    )
    dialog = page.get_by_role("dialog", name="Add a picture")
    dialog.get_by_label("Decorative").check()
    dialog.get_by_role("button", name="Add the picture").click()
    status = page.locator(".post-editor-status.is-error")
    status.wait_for()

    assert "not a picture" in status.inner_text()
    assert _editor_text(page) == before
    assert not desk["post"].images.exists()


def test_autosaved_text_is_back_after_closing_the_tab(live_server, signed_in, desk):
    context, page = signed_in
    _open_post(page, live_server, desk["post"])

    _type_at_end(page, " Typed before the laptop died.")
    page.get_by_text("Autosaved at").wait_for()
    page.close()
    page = context.new_page()
    _open_post(page, live_server, desk["post"])

    assert _editor_text(page) == "Start here. Typed before the laptop died."
    assert page.get_by_text("We brought back the text you were writing").is_visible()
    assert Post.objects.get(pk=desk["post"].pk).body == "Start here."


def test_an_older_revision_is_restored(live_server, signed_in, desk):
    context, page = signed_in
    post, coach = desk["post"], desk["coach"]
    services.record_revision(post=post, user=coach, revised=False)
    Post.objects.filter(pk=post.pk).update(body="A worse version.")
    post.refresh_from_db()
    services.record_revision(post=post, user=coach, revised=False)
    _open_post(page, live_server, post)

    page.locator(".post-revisions li").last.get_by_role("link").click()
    page.get_by_text("Only in this version: Start here.").wait_for()
    page.get_by_role("button", name="Restore this version").click()
    page.get_by_text("The earlier version is back").wait_for()
    page.locator(".post-editor.is-ready").wait_for()

    assert _editor_text(page) == "Start here."
    assert Post.objects.get(pk=post.pk).body == "Start here."


def test_post_form_with_the_editor_passes_axe(live_server, signed_in, desk):
    context, page = signed_in
    source = axe_source()
    _open_post(page, live_server, desk["post"])
    page.frame_locator(".post-editor-frame").locator("h1").wait_for()

    violations = axe_violations(page, source, enhanced_contrast=False)

    assert violations == [], "\n".join(violations)


GOOGLE_DOCS_HTML = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-7">'
    '<h1 dir="ltr"><span style="font-size:20pt;color:#ff0000">Gut health</span></h1>'
    '<p dir="ltr" style="line-height:1.38"><span style="font-weight:700">Bold tip'
    '</span><span style="font-family:Comic Sans"> and </span>'
    '<a href="https://example.org/a"><span style="color:#1155cc">a link</span></a>'
    "</p><ul><li><p><span>Greens</span></p></li><li><p><span>Fish</span></p></li>"
    "</ul></b>"
)
WORD_HTML = (
    "<html><head><style>p.MsoNormal {font-family: Calibri}</style></head><body>"
    "<!--StartFragment--><p class=MsoListParagraphCxSpFirst style='mso-list:l0'>"
    "<span style='mso-list:Ignore'>·<span>&nbsp;&nbsp;</span></span>Sleep well</p>"
    "<p class=MsoListParagraphCxSpLast><span>·&nbsp;&nbsp;</span>Walk daily</p>"
    "<!--EndFragment--></body></html>"
)


def _paste(page, html):
    page.locator(".CodeMirror").click()
    page.evaluate(
        """html => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "plain copy");
            const input = document.querySelector(".CodeMirror [contenteditable]");
            const options = { clipboardData: data, bubbles: true, cancelable: true };
            input.dispatchEvent(new ClipboardEvent("paste", options));
        }""",
        html,
    )


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        (
            GOOGLE_DOCS_HTML,
            "## Gut health\n\n**Bold tip** and [a link](https://example.org/a)"
            "\n\n-   Greens\n-   Fish",
        ),
        (WORD_HTML, "- Sleep well\n- Walk daily"),
    ],
)
def test_pasted_word_and_google_docs_text_comes_in_clean(
    live_server, signed_in, desk, html, markdown
):
    context, page = signed_in
    _open_post(page, live_server, desk["post"])
    page.evaluate("document.querySelector('.CodeMirror').CodeMirror.setValue('')")

    _paste(page, html)

    assert _editor_text(page) == markdown


def test_tab_leaves_the_text_and_the_toolbar_is_one_tab_stop(
    live_server, signed_in, desk
):
    context, page = signed_in
    _open_post(page, live_server, desk["post"])
    page.locator(".CodeMirror").click()

    page.keyboard.press("Tab")
    left_text = page.evaluate(
        "!document.querySelector('.CodeMirror').contains(document.activeElement)"
    )
    page.locator(".editor-toolbar button").first.focus()
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")

    assert left_text
    assert focused == "Smaller heading"
    assert _editor_text(page) == "Start here."
