import zoneinfo
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from articles import demo
from articles.models import Post, Series
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_load_is_idempotent(media_root):
    coach = UserFactory(username="coach")

    demo.load(coach=coach)
    demo.load(coach=coach)

    assert Series.objects.filter(slug="msmonday").count() == 1
    assert Post.objects.count() == len(demo.POSTS)
    assert all(p.title.startswith("MSMonday") for p in Post.objects.all())
    assert all("Demo post" in p.body for p in Post.objects.all())


def test_demo_schedules_one_post_for_next_monday_seven_in_coach_zone(
    media_root, settings
):
    settings.COACH_TIME_ZONE = "America/Chicago"

    demo.load(coach=UserFactory())

    scheduled = Post.objects.exclude(pk__in=Post.objects.published()).get()
    local = timezone.localtime(
        scheduled.publish_at, zoneinfo.ZoneInfo("America/Chicago")
    )
    assert (local.weekday(), local.hour, local.minute) == (0, 7, 0)
    assert Post.objects.published().count() == len(demo.POSTS) - 1


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # A Sunday in March, the day after which clocks change in Chicago.
        (datetime(2030, 3, 9, 18, tzinfo=UTC), datetime(2030, 3, 11, 12, tzinfo=UTC)),
        # A Monday after 07:00: the next one, a week later.
        (datetime(2030, 3, 4, 15, tzinfo=UTC), datetime(2030, 3, 11, 12, tzinfo=UTC)),
    ],
)
def test_next_monday_seven_uses_the_coach_calendar(settings, now, expected):
    settings.COACH_TIME_ZONE = "America/Chicago"

    assert demo.next_monday_seven(now=now) == expected
