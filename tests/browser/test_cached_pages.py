"""Pages from the cache run their scripts under the strict policy, forms still work."""

import pytest

from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CACHED_FORM = """() => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = "/admin/login/";
  form.innerHTML = '<input type="hidden" name="csrfmiddlewaretoken" value=""'
    + ' data-csrf-from-cookie><input name="username" value="nobody">'
    + '<input name="password" value="wrong"><button id="send">Send</button>';
  document.querySelector("main").append(form);
}"""


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


def test_form_on_a_cached_page_gets_its_csrf_token_from_the_cookie(
    live_server, watched_page
):
    post = PostFactory(title="A post with a form", author=UserFactory())
    url = live_server.url + post.get_absolute_url()
    watched_page.goto(url)
    watched_page.context.clear_cookies()
    assert watched_page.goto(url).headers["x-page-cache"] == "hit"
    watched_page.evaluate(CACHED_FORM)

    with watched_page.expect_navigation() as sent:
        watched_page.click("#send")

    # Past the CSRF check: the login form answers about the password, not 403.
    assert sent.value.status == 200
    assert "correct username and password" in watched_page.content()
