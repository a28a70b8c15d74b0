"""Pages travel compressed: a phone on a slow network loads the home page quickly."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from coaching.models import Page
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

HOME_BUDGET = 40 * 1024


@pytest.fixture
def home(db):
    Page.objects.update_or_create(
        key=Page.Key.HOME, defaults={"title": "Welcome", "body": "Hello " * 300}
    )
    for n in range(3):
        PostFactory(title=f"Post {n}", summary="A summary of the post. " * 5)


def test_html_pages_are_gzipped_when_the_browser_accepts_it(client, home, settings):
    settings.PAGE_CACHE_ALLOW_BYPASS = True

    response = client.get(
        "/", headers={"Accept-Encoding": "gzip", "X-Page-Cache": "bypass"}
    )

    assert response.headers["Content-Encoding"] == "gzip"
    assert b"<!doctype html>" in gzip.decompress(response.content)


def test_home_page_with_its_styles_and_scripts_is_under_40_kb_compressed(client, home):
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    html = gzip.decompress(response.content).decode()

    assets = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js|svg))"', html)
    sizes = [len(response.content)]
    for asset in assets:
        with open(finders.find(asset), "rb") as file:
            sizes.append(len(gzip.compress(file.read())))

    assert len(assets) >= 3
    assert sum(sizes) < HOME_BUDGET, sizes
