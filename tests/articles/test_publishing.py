"""Publishing from the post screen: actions, the line to confirm, times that stay."""

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
import time_machine

from articles.models import Post
from articles.redirects import Redirect
from newsletter.models import PostSend
from tests.factories import PostFactory, SeriesFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/articles/post/"
# Wednesday 2 December 2026, 10:00 in Chicago.
NOW = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)


class _Inputs(HTMLParser):
    """The values a browser would send back from the post form, untouched."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") == "checkbox":
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            else:
                self.values[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data.removeprefix("\n")


def form_values(client, url) -> dict:
    parser = _Inputs()
    parser.feed(client.get(url).content.decode())
    return {k: v for k, v in parser.values.items() if k != "action"}


def change_url(post) -> str:
    return f"{CHANGELIST}{post.pk}/change/"


@pytest.fixture
def zoned(settings):
    settings.COACH_TIME_ZONE = "America/Chicago"
    settings.NEWSLETTER_SERIES_SLUGS = ["msmonday"]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def msmonday(db):
    return SeriesFactory(title="MSMonday", slug="msmonday")


@pytest.mark.parametrize("cookie", [None, "Europe/London", "Asia/Kolkata"])
def test_saving_a_live_post_untouched_keeps_its_time_to_the_second(
    zoned, admin_client, cookie
):
    live_at = datetime(2026, 12, 1, 13, 0, 7, 123456, tzinfo=UTC)
    post = PostFactory(publish_at=live_at)
    if cookie:
        admin_client.cookies["tz"] = cookie

    data = form_values(admin_client, change_url(post))
    response = admin_client.post(change_url(post), {**data, "_action": "save"})

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.publish_at == live_at
    assert post.is_live()


def test_saving_a_scheduled_post_untouched_keeps_its_time(zoned, admin_client):
    live_at = datetime(2026, 12, 7, 13, 0, 30, tzinfo=UTC)
    post = PostFactory(publish_at=live_at)
    admin_client.cookies["tz"] = "Asia/Kolkata"

    for _ in range(2):
        data = form_values(admin_client, change_url(post))
        admin_client.post(change_url(post), {**data, "_action": "save"})

    post.refresh_from_db()
    assert post.publish_at == live_at


def test_the_form_shows_a_scheduled_time_in_her_zone_whatever_the_cookie(
    zoned, admin_client
):
    post = PostFactory(publish_at=datetime(2026, 12, 7, 13, 0, tzinfo=UTC))
    admin_client.cookies["tz"] = "Europe/London"

    data = form_values(admin_client, change_url(post))

    assert (data["publish_on"], data["publish_time"]) == ("2026-12-07", "07:00")


@pytest.mark.parametrize("typed", ["12/02/2026", "02/12/2026", "2/12/26"])
def test_a_slashed_date_is_refused_with_a_message_and_nothing_saved(
    zoned, admin_client, typed
):
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None, title="Kept")
    data = form_values(admin_client, change_url(post))

    response = admin_client.post(
        change_url(post),
        {
            **data,
            "title": "Changed",
            "publish_on": typed,
            "publish_time": "07:00",
            "_confirm": "schedule",
        },
    )

    assert response.status_code == 200
    assert "year-month-day, e.g. 2026-12-02" in response.text
    post.refresh_from_db()
    assert (post.title, post.status, post.publish_at) == ("Kept", "draft", None)


def test_reviewed_on_never_reads_a_slashed_date_day_first(zoned, admin_client):
    post = PostFactory()
    data = form_values(admin_client, change_url(post))

    response = admin_client.post(
        change_url(post), {**data, "reviewed_on": "12/02/2026", "_action": "save"}
    )

    assert response.status_code == 200
    assert "year-month-day" in response.text
    post.refresh_from_db()
    assert post.reviewed_on is None


def test_an_impossible_date_is_a_field_error(zoned, admin_client):
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)
    data = form_values(admin_client, change_url(post))

    response = admin_client.post(
        change_url(post),
        {**data, "publish_on": "2026-02-30", "publish_time": "25:00"},
    )

    assert response.status_code == 200
    assert "year-month-day" in response.text
    assert "hours:minutes" in response.text
    assert Post.objects.get().status == Post.Status.DRAFT


def test_schedule_in_the_past_says_so_and_never_backdates(zoned, admin_client):
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)
    data = form_values(admin_client, change_url(post))

    response = admin_client.post(
        change_url(post),
        {
            **data,
            "publish_on": "2026-12-02",
            "publish_time": "07:00",
            "_confirm": "schedule",
        },
    )

    assert "Wed 2 Dec 2026, 7:00 a.m. Chicago time has already passed" in (
        response.text
    )
    post.refresh_from_db()
    assert (post.status, post.publish_at) == ("draft", None)


def test_schedule_asks_first_with_the_line_of_what_will_happen(
    zoned, admin_client, msmonday
):
    SubscriberFactory.create_batch(3)
    SubscriberFactory(status="pending")
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None, series=msmonday)
    data = form_values(admin_client, change_url(post))

    response = admin_client.post(
        change_url(post),
        {
            **data,
            "publish_on": "2026-12-07",
            "publish_time": "07:00",
            "_action": "schedule",
        },
    )

    assert (
        "Goes live Mon 7 Dec 2026, 7:00 a.m. Chicago time, in 4 days. "
        "It will be emailed to 3 subscribers."
    ) in response.text.replace("\xa0", " ")
    assert "Please correct" not in response.text
    assert Post.objects.get().status == Post.Status.DRAFT


def test_confirmed_schedule_goes_live_at_seven_her_time(zoned, admin_client, msmonday):
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None, series=msmonday)
    data = form_values(admin_client, change_url(post))

    admin_client.post(
        change_url(post),
        {
            **data,
            "publish_on": "2026-12-07",
            "publish_time": "07:00",
            "_confirm": "schedule",
        },
    )

    post.refresh_from_db()
    assert post.publish_at == datetime(2026, 12, 7, 13, 0, tzinfo=UTC)
    assert not post.is_live()
    assert post.is_live(now=datetime(2026, 12, 7, 13, 0, 1, tzinfo=UTC))
    page = admin_client.get(CHANGELIST).text.replace("\xa0", " ")
    assert "Goes live Mon 7 Dec 2026, 7:00 a.m. Chicago time, in 4 days." in page


def test_a_post_outside_the_emailed_series_says_it_will_not_be_emailed(
    zoned, admin_client, msmonday
):
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None, series=None)
    data = form_values(admin_client, change_url(post))

    response = admin_client.post(
        f"{change_url(post)[: -len('change/')]}check/",
        {**data, "_action": "publish"},
    )

    assert response.json() == {
        "valid": False,
        "confirm": "Goes live now. It will not be emailed: not an MSMonday post.",
    }


def test_publish_now_is_live_at_once(zoned, admin_client):
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)
    data = form_values(admin_client, change_url(post))

    admin_client.post(change_url(post), {**data, "_confirm": "publish"})

    post.refresh_from_db()
    assert post.publish_at == NOW
    assert post.is_live()


def test_a_second_tab_is_told_the_post_changed_and_keeps_her_text(zoned, admin_client):
    post = PostFactory(body="First version.")
    first_tab = form_values(admin_client, change_url(post))
    second_tab = form_values(admin_client, change_url(post))

    admin_client.post(
        change_url(post), {**first_tab, "body": "From tab one.", "_action": "save"}
    )
    response = admin_client.post(
        change_url(post), {**second_tab, "body": "From tab two.", "_action": "save"}
    )

    assert response.status_code == 200
    assert "changed elsewhere" in response.text
    assert f'href="{change_url(post)}">reload the post</a>' in response.text
    assert "From tab two." in response.text
    post.refresh_from_db()
    assert post.body == "From tab one."


def test_unpublishing_an_emailed_post_warns_and_offers_a_redirect(zoned, admin_client):
    post = PostFactory(slug="emailed")
    PostSend.objects.create(post=post, status="sending", recipient_count=312)
    data = form_values(admin_client, change_url(post))

    asked = admin_client.post(change_url(post), {**data, "_action": "unpublish"})
    admin_client.post(
        change_url(post), {**data, "redirect_to": "/blog/", "_confirm": "unpublish"}
    )

    assert "It was emailed to 312 subscribers." in asked.text
    assert "The link in that email will stop working" in asked.text
    assert Post.objects.get().status == Post.Status.DRAFT
    assert Redirect.objects.get().new_path == "/blog/"
    assert admin_client.get("/blog/emailed/").headers["Location"] == "/blog/"


def test_editing_a_live_post_never_takes_it_off_the_site(zoned, admin_client):
    post = PostFactory()
    data = form_values(admin_client, change_url(post))

    admin_client.post(change_url(post), {**data, "title": "A new title"})

    post.refresh_from_db()
    assert post.title == "A new title"
    assert post.is_live()


def test_a_new_post_can_be_published_at_once_from_the_add_page(
    zoned, admin_client, admin_user
):
    data = form_values(admin_client, f"{CHANGELIST}add/")
    data.update(
        title="Brand new",
        slug="brand-new",
        summary="Short.",
        body="Text.",
        author=admin_user.pk,
        _confirm="publish",
    )

    response = admin_client.post(f"{CHANGELIST}add/", data)

    assert response.status_code == 302
    post = Post.objects.get(slug="brand-new")
    assert (post.publish_at, post.is_live()) == (NOW, True)


@pytest.mark.parametrize("path", ["check/", "999999/check/"])
def test_the_check_address_answers_bad_requests_without_an_error(
    zoned, admin_client, path
):
    assert admin_client.get(CHANGELIST + path).status_code == 404
    assert admin_client.post(CHANGELIST + "999999/check/", {}).status_code == 404


def test_a_live_post_cannot_be_scheduled_without_unpublishing(zoned, admin_client):
    post = PostFactory()
    data = form_values(admin_client, change_url(post))

    response = admin_client.post(
        change_url(post),
        {
            **data,
            "publish_on": "2026-12-20",
            "publish_time": "07:00",
            "_confirm": "schedule",
        },
    )

    assert "This post is live. Unpublish it first" in response.text
    post.refresh_from_db()
    assert post.is_live()


@pytest.mark.parametrize(
    ("day", "time", "field", "message"),
    [
        # Years the database cannot hold in UTC, and a confirmation "in 7973 years".
        ("9999-12-31", "23:59", "publish_on", "more than five years ahead"),
        # Chicago's clocks go forward at 2:00 a.m. on 14 March 2027 ...
        ("2027-03-14", "02:30", "publish_time", "2:30 a.m. on 14 March 2027 happens"),
        # ... and back on 7 November 2027: 1:30 a.m. happens twice.
        ("2027-11-07", "01:30", "publish_time", "1:30 a.m. on 7 November 2027 happens"),
    ],
)
@pytest.mark.parametrize("step", [{"_action": "schedule"}, {"_confirm": "schedule"}])
def test_a_schedule_time_that_cannot_be_kept_is_explained(
    zoned, admin_client, day, time, field, message, step
):
    post = PostFactory(status=Post.Status.DRAFT, publish_at=None)
    data = form_values(admin_client, change_url(post))

    response = admin_client.post(
        change_url(post), {**data, "publish_on": day, "publish_time": time, **step}
    )

    assert response.status_code == 200
    assert f'id="id_{field}_error"><li>' in response.text
    assert message in response.text
    assert "interpreted" not in response.text
    post.refresh_from_db()
    assert (post.status, post.publish_at) == ("draft", None)


def test_the_post_form_speaks_her_words(zoned, admin_client):
    html = admin_client.get("/admin/articles/post/add/").content.decode()

    for label in ("Web address:", "Text:", "Main picture:", "Picture for sharing:"):
        assert label in html
    for developer_word in ("Slug:", "Body:", "Hero image", "Markdown:"):
        assert developer_word not in html
