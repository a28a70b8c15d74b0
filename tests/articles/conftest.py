import pytest

from tests.factories import PostFactory, SeriesFactory, UserFactory


@pytest.fixture
def coach(db):
    return UserFactory(username="coach", is_staff=True, display_name="Jo Coach")


@pytest.fixture
def series(db):
    return SeriesFactory(title="MSMonday", slug="msmonday")


@pytest.fixture
def post(coach):
    return PostFactory(
        title="Leaky gut explained",
        slug="leaky-gut-explained",
        author=coach,
        tags=["leaky gut", "AIP diet"],
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def make_post():
    return PostFactory
