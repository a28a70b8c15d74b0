"""Pages from the cache run their scripts under the strict policy."""

import pytest

from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def watched_page(phone_page):
    """The phone page, with every console message and CSP violation recorded."""
    phone_page.problems = []
    phone_page.on(
        "console",
        lambda msg: (
            phone_page.problems.append(msg.text)
            if msg.type in ("error", "warning")
            else None
        ),
    )
    phone_page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('CSP violation ' + e.violatedDirective));"
    )
    return phone_page


def test_cached_post_runs_its_scripts_under_the_policy(live_server, watched_page):
    post = PostFactory(title="Cached in the browser", author=UserFactory())
    url = live_server.url + post.get_absolute_url()
    watched_page.goto(url)
    watched_page.context.clear_cookies()

    response = watched_page.goto(url)

    assert response.headers["x-page-cache"] == "hit"
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    # site.js ran: it remembers the visitor's zone in a cookie.
    watched_page.wait_for_function("document.cookie.includes('tz=')")
    assert watched_page.problems == []
