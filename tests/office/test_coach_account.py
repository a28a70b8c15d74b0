"""The coach's account: her group's tools only, in her words; the demo logins."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from coaching.admin_site import COACH_MENU
from coaching.management.commands import load_demo
from coaching.models import User
from coaching.roles import COACH_GROUP

pytestmark = pytest.mark.django_db

HER_MENU = [
    "Your week",
    "Posts",
    "Series",
    "Subscribers",
    "Clients",
    "Calls",
    "Your hours",
    "Calendar feed",
    "Where clients come from",
    "Emails",
]


def _menu_names(response) -> list[str]:
    html = response.content.decode()
    sidebar = html[html.index('id="nav-sidebar"') :]
    sidebar = sidebar[: sidebar.index("</nav>")]
    return re.findall(r'<th scope="row"><a href="[^"]*"[^>]*>([^<]+)</a>', sidebar)


def test_coach_group_is_made_by_the_migration_with_her_tools():
    group = Group.objects.get(name=COACH_GROUP)

    codenames = set(group.permissions.values_list("codename", flat=True))

    assert {"change_post", "view_client", "change_booking", "view_message"} <= codenames
    assert not codenames & {"view_user", "view_group", "view_tag", "view_accessattempt"}


def test_coach_group_migration_runs_again_without_copies():
    from django.apps import apps

    from coaching.migrations import __name__ as package

    migration = __import__(f"{package}.0003_coach_group", fromlist=["x"])
    before = Group.objects.get(name=COACH_GROUP).permissions.count()

    migration.create_coach_group(apps, None)

    assert Group.objects.filter(name=COACH_GROUP).count() == 1
    assert Group.objects.get(name=COACH_GROUP).permissions.count() == before


def test_coach_group_migration_leaves_the_live_app_registry_as_it_was():
    from django.apps import apps

    from coaching.migrations import __name__ as package

    migration = __import__(f"{package}.0003_coach_group", fromlist=["x"])
    modules = {c.label: c.models_module for c in apps.get_app_configs()}

    migration.create_coach_group(apps, None)

    # A models module lost here makes a later flush skip content types.
    assert {c.label: c.models_module for c in apps.get_app_configs()} == modules


def test_coach_sidebar_lists_her_tools_in_her_words(coach_client):
    response = coach_client.get(reverse("admin:bookings_client_changelist"))

    assert response.status_code == 200
    assert _menu_names(response) == HER_MENU


def test_coach_home_reaches_every_tool_in_her_menu(coach_client):
    response = coach_client.get(reverse("admin:index"))

    html = response.content.decode()
    for _name, url_name, _perm in COACH_MENU:
        assert f'href="{reverse(url_name)}"' in html
    assert "Your practice" in html


@pytest.mark.parametrize(
    "url",
    [
        "/admin/axes/accessattempt/",
        "/admin/otp_totp/totpdevice/",
        "/admin/taggit/tag/",
        "/admin/auth/group/",
        "/admin/coaching/user/",
        "/admin/articles/slugredirect/",
        "/admin/articles/redirect/",
        "/admin/bookings/timeoff/",
        "/admin/bookings/weeklywindow/",
    ],
)
def test_administrator_lists_are_not_shown_to_the_coach(coach_client, url):
    home = coach_client.get(reverse("admin:index")).content.decode()
    response = coach_client.get(url)

    assert f'href="{url}"' not in home
    assert response.status_code in (302, 403)


def test_administrator_still_sees_the_security_tables(admin_client):
    response = admin_client.get(reverse("admin:index"))

    html = response.content.decode()
    assert 'href="/admin/axes/accessattempt/"' in html
    assert 'href="/admin/coaching/user/"' in html


def test_coach_pages_answer_for_every_menu_entry(coach_client):
    for _name, url_name, _perm in COACH_MENU:
        response = coach_client.get(reverse(url_name))

        assert response.status_code == 200, url_name


def test_load_demo_signs_the_coach_in_through_her_group(settings, capsys):
    settings.DEBUG = True

    call_command("load_demo")

    out = capsys.readouterr().out
    lines = out.splitlines()
    assert [line.split()[0] for line in lines if "Username:" in line] == ["Username:"]
    assert [line.split()[0] for line in lines if "Password:" in line] == ["Password:"]
    admin_lines = [line for line in lines if line.startswith("Administrator:")]
    assert len(admin_lines) == 1
    coach = User.objects.get(username=load_demo.DEMO_USERNAME)
    assert coach.check_password(load_demo.DEMO_PASSWORD)
    assert coach.is_staff and not coach.is_superuser
    assert coach.groups.filter(name=COACH_GROUP).exists()
    admin = User.objects.get(username=load_demo.ADMIN_USERNAME)
    assert admin.is_superuser
    assert load_demo.ADMIN_USERNAME in admin_lines[0]
    assert load_demo.ADMIN_PASSWORD in admin_lines[0]


def test_load_demo_brings_an_old_superuser_coach_into_her_group(settings):
    settings.DEBUG = True
    User.objects.create_user(
        load_demo.DEMO_USERNAME, password="x", is_staff=True, is_superuser=True
    )

    call_command("load_demo", stdout=None)

    coach = User.objects.get(username=load_demo.DEMO_USERNAME)
    assert not coach.is_superuser
    assert coach.groups.filter(name=COACH_GROUP).exists()


def test_back_office_pages_name_the_favicon(coach_client):
    response = coach_client.get(reverse("admin:index"))

    assert 'rel="icon"' in response.text
    assert "favicon.svg" in response.text


def test_favicon_ico_leads_to_the_site_icon(client):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == static("img/favicon.svg")
    assert finders.find("img/favicon.svg")
