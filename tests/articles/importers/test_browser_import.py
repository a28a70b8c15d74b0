import os
from pathlib import Path

import pytest

from coaching.two_factor import new_backup_codes
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def test_coach_imports_a_wordpress_export_from_the_post_list(
    live_server, browser, export_file, settings, tmp_path, eager_tasks
):
    settings.IMPORT_UPLOAD_DIR = tmp_path / "uploads"
    coach = UserFactory(username="jo", is_staff=True, is_superuser=True)
    coach.set_password("a long test password")
    coach.save()
    backup_code = new_backup_codes(user=coach)[0]  # the back office asks for a code
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/?next=/admin/articles/post/")
    page.fill("#id_username", "jo")
    page.fill("#id_password", "a long test password")
    page.fill("#id_otp_token", backup_code)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/articles/post/")
    _shot(page, "import-0-post-list.png")

    page.get_by_role("link", name="Import from WordPress").click()
    page.wait_for_url("**/admin/articles/post/import/")
    _shot(page, "import-1-upload.png")
    page.set_input_files("#id_export", str(export_file("wordpress.xml")))
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_text("Would import from WordPress").wait_for()
    _shot(page, "import-2-preview.png")
    page.get_by_role("button", name="Import these posts").click()
    page.get_by_text("Imported from WordPress: created 4").wait_for()
    _shot(page, "import-3-done.png")
    page.goto(live_server.url + "/blog/")

    assert page.get_by_role("link", name="Leaky gut & MS: where to start").count()
    page.goto(live_server.url + "/2021/03/01/leaky-gut-and-ms/")
    page.wait_for_url("**/blog/leaky-gut-and-ms/")
    _shot(page, "import-4-post.png")
    caption = page.get_by_text("Sauerkraut feeds the good bacteria")
    assert caption.is_visible()
    assert page.evaluate("document.querySelector('figure img').naturalWidth") == 40
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()
