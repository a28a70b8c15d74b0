"""The back office's lists are named as she names them."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_every_list_is_titled_by_what_it_holds(admin_client):
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = admin_client.get(url, follow=True)
        html = response.content.decode()

        assert "to change</h1>" not in html, url
        assert "to view</h1>" not in html, url


def test_clients_list_says_clients_and_shows_nothing_yet_as_a_dash(admin_client):
    ClientFactory(name="Ada Example")

    html = admin_client.get(reverse("admin:bookings_client_changelist")).text

    assert "<h1>Clients</h1>" in html
    assert '<td class="field-source_post nowrap">–</td>' in html  # not "-"


def test_a_list_has_the_name_her_menu_gives_it(admin_client):
    html = admin_client.get(reverse("admin:bookings_booking_changelist")).text

    assert "<h1>Calls</h1>" in html


def test_list_filters_are_headed_by_what_they_filter(admin_client):
    ClientFactory(name="Ada Example")

    html = admin_client.get(reverse("admin:bookings_client_changelist")).text

    assert "<summary>Agreed to news emails</summary>" in html
    assert "By agreed" not in html
    for model in apps.get_models():
        if admin.site.is_registered(model):
            meta = model._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            assert "<summary>\n    By " not in admin_client.get(url).text, url
