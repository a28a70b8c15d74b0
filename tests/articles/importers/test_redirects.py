import pytest
from django.core.exceptions import ValidationError

from articles.redirects import Redirect, normalize_old_path
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("https://old.example/2021/03/01/gut/", "/2021/03/01/gut"),
        ("/2021/03/01/gut?utm_source=x", "/2021/03/01/gut"),
        ("https://old.example/?p=11", "/?p=11"),
        ("/blog/?page_id=7&x=1", "/?page_id=7"),
        ("", "/"),
    ],
)
def test_normalize_old_path(value, key):
    assert normalize_old_path(value) == key


def test_redirect_to_a_post_follows_its_current_address(client):
    post = PostFactory(slug="first")
    Redirect.objects.create(old_path="/2020/01/02/old", post=post)
    post.slug = "renamed"
    post.save()

    response = client.get("/2020/01/02/old/?utm_source=mail")

    assert response.status_code == 301 and response["Location"] == "/blog/renamed/"


def test_redirect_to_a_path(client):
    Redirect.objects.create(old_path="/about-me", new_path="/about/")

    assert client.get("/about-me/")["Location"] == "/about/"


def test_redirect_waits_for_a_post_to_go_live(client):
    post = PostFactory(status="draft")
    Redirect.objects.create(old_path="/?p=5", post=post)

    assert client.get("/?p=5").status_code == 200  # the home page, no redirect


def test_redirect_never_hides_a_real_page(client):
    post = PostFactory(slug="live")
    Redirect.objects.create(old_path="/blog/live", new_path="/about/")

    assert client.get(post.get_absolute_url()).status_code == 200


def test_redirect_only_answers_reads(client):
    Redirect.objects.create(old_path="/old", new_path="/about/")

    assert client.post("/old/").status_code == 404


def test_redirect_needs_exactly_one_target():
    post = PostFactory()

    with pytest.raises(ValidationError):
        Redirect(old_path="/a", post=post, new_path="/b/").full_clean()
    with pytest.raises(ValidationError):
        Redirect(old_path="/a").full_clean()


@pytest.mark.parametrize(
    "new_path", ["javascript:alert(1)", "//evil.example", "/\\\\evil.example", "/a/"]
)
def test_redirect_refuses_odd_or_looping_targets(new_path):
    with pytest.raises(ValidationError):
        Redirect(old_path="/a", new_path=new_path).full_clean()


def test_redirect_is_editable_in_the_admin(admin_client):
    post = PostFactory()

    response = admin_client.post(
        "/admin/articles/redirect/add/",
        {
            "old_path": "https://old.example/2019/05/06/x/",
            "post": post.pk,
            "new_path": "",
        },  # fmt: skip
    )

    assert response.status_code == 302
    assert Redirect.objects.get().old_path == "/2019/05/06/x"


def test_redirect_may_lead_home():
    Redirect(old_path="/old-home", new_path="/").full_clean()
