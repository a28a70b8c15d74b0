"""Every staff page is in the coach's zone, names it once, and reads ISO dates."""

from datetime import UTC, datetime, time

import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from articles.admin import PostAdmin
from articles.models import Post
from coaching import dates
from coaching.middleware import VisitorTimeZoneMiddleware, staff_page
from tests.factories import PostFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


def _zone_seen(path, cookie=None, view=None):
    seen = {}

    def respond(request):
        if view is not None:
            middleware.process_view(request, view, (), {})
        seen["zone"] = timezone.get_current_timezone_name()

    middleware = VisitorTimeZoneMiddleware(respond)
    request = RequestFactory().get(path)
    if cookie:
        request.COOKIES["tz"] = cookie
    middleware(request)
    return seen["zone"]


@pytest.mark.parametrize("cookie", [None, "Europe/London", "Asia/Kolkata"])
def test_admin_pages_are_in_the_coach_zone_whatever_the_cookie(settings, cookie):
    settings.COACH_TIME_ZONE = "America/Chicago"

    assert _zone_seen("/admin/articles/post/", cookie) == "America/Chicago"


def test_staff_views_outside_the_admin_are_in_the_coach_zone(settings):
    settings.COACH_TIME_ZONE = "America/Chicago"

    zone = _zone_seen("/blog/preview/1/", "Asia/Kolkata", staff_page(lambda r: r))

    assert zone == "America/Chicago"


def test_public_pages_keep_the_visitor_zone(settings):
    settings.COACH_TIME_ZONE = "America/Chicago"

    assert _zone_seen("/blog/", "Asia/Kolkata") == "Asia/Kolkata"


def test_every_admin_page_names_her_zone_once(settings, admin_client):
    settings.COACH_TIME_ZONE = "America/Chicago"

    html = admin_client.get("/admin/newsletter/subscriber/").text

    assert html.count("Times are Chicago time (America/Chicago)") == 1


def test_subscriber_list_shows_times_in_her_zone_plainly(settings, admin_client):
    settings.COACH_TIME_ZONE = "America/Chicago"
    SubscriberFactory(requested_at=datetime(2026, 12, 2, 13, 0, tzinfo=UTC))
    admin_client.cookies["tz"] = "Europe/London"

    html = admin_client.get("/admin/newsletter/subscriber/").text

    assert "Wed 2 Dec 2026, 7:00 a.m." in html


def test_admin_forms_have_no_calendar_script_and_native_inputs(admin_client):
    post = PostFactory()

    html = admin_client.get(f"/admin/articles/post/{post.pk}/change/").text

    assert "DateTimeShortcuts.js" not in html
    assert "calendar.js" not in html
    assert 'type="date" name="reviewed_on"' in html


def test_every_admin_form_uses_inputs_that_cannot_be_read_two_ways(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        model_admin = admin.site.get_model_admin(model)
        for field in model._meta.get_fields():
            kind = getattr(field, "get_internal_type", lambda: "")()
            if kind not in ("DateField", "DateTimeField", "TimeField"):
                continue
            if not getattr(field, "editable", False):
                continue
            formfield = model_admin.formfield_for_dbfield(field, request=request)
            if formfield is None:
                continue
            assert isinstance(
                formfield, dates.DateField | dates.SplitDateTimeField | dates.TimeField
            ), f"{model.__name__}.{field.name}"


@pytest.mark.parametrize("typed", ["12/02/2026", "02/12/2026", "2026-02-30"])
def test_a_date_field_refuses_anything_but_iso(typed):
    field = dates.DateField()

    with pytest.raises(Exception, match="year-month-day"):
        field.clean(typed)


def test_a_time_with_seconds_goes_back_to_the_server_unchanged():
    widget = dates.TimeInput()

    html = widget.render("t", time(7, 0, 7))

    assert 'value="07:00:07"' in html
    assert 'step="1"' in html


def test_the_post_admin_is_the_blogs_own_and_has_the_newsletter_parts(admin_client):
    post = PostFactory()

    html = admin_client.get(f"/admin/articles/post/{post.pk}/change/").text
    actions = admin_client.get("/admin/articles/post/").text

    assert type(admin.site.get_model_admin(Post)) is PostAdmin
    assert "emailed to subscribers" in html.lower()
    assert "Send a test email of the selected post to me" in actions


def test_date_pickers_carry_her_today_not_the_servers(settings, admin_client):
    settings.COACH_TIME_ZONE = "America/Chicago"
    post = PostFactory()
    admin_client.cookies["tz"] = "Asia/Kolkata"

    # 20:00 on 2 December in Chicago: already 3 December in UTC and in Kolkata.
    with time_machine.travel(datetime(2026, 12, 3, 2, 0, tzinfo=UTC), tick=False):
        html = admin_client.get(f"/admin/articles/post/{post.pk}/change/").text

    assert 'data-her-today="2026-12-02"' in html
    assert "js/staff_dates.js" in html
