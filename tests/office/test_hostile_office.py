"""The back office with edited addresses and hostile form values: a message,
never a 500."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

# What a hand (or a probe) edits into a list's address: date-hierarchy links
# pushed past the calendar, impossible filters, orderings and pages.
EDITS = [
    "{field}__year=9999&{field}__month=12&{field}__day=31",
    "{field}__year=9999&{field}__month=12",
    "{field}__year=99999",
    "{field}__year=2030&{field}__month=13",
    "{field}__year=2030&{field}__month=1&{field}__day=40",
    "{field}__year=x",
    "{field}__gte=9999-12-31+23:59",
    "{field}__lt=10000-01-01",
    "{field}__gte=0001-01-01",
    "q=%00",
    "o=999",
    "p=99999",
]


def _lists():
    for model in apps.get_models():
        if admin.site.is_registered(model):
            model_admin = admin.site.get_model_admin(model)
            meta = model._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            yield url, model_admin.date_hierarchy or "created_at"


def test_edited_list_addresses_never_answer_500(admin_client):
    failures = []
    for url, field in _lists():
        for edit in EDITS:
            query = edit.format(field=field)
            response = admin_client.get(f"{url}?{query}")
            if response.status_code >= 500:
                failures.append(f"{url}?{query}: {response.status_code}")

    assert failures == []


def test_a_date_link_past_the_calendar_gets_the_admin_own_answer(admin_client):
    url = reverse("admin:bookings_booking_changelist")
    query = "starts_at__year=9999&starts_at__month=12&starts_at__day=31"

    response = admin_client.get(f"{url}?{query}")

    assert response.status_code == 302
    assert response.url.endswith("?e=1")


# One value in every field of a form at once, as a bot (or a stuck key) sends.
VALUES = ["\x00", "9999-12-31", "99999", "-1", "x" * 20_000, "<script>", "1e308", " "]


def _add_forms(client):
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        meta = model._meta
        try:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        except NoReverseMatch:
            continue
        page = client.get(url)
        if page.status_code == 200:
            names = set(re.findall(r'name="([^"]+)"', page.content.decode()))
            yield url, names - {"csrfmiddlewaretoken"}


def test_hostile_values_in_every_add_form_never_answer_500(admin_client):
    failures = []
    for url, names in _add_forms(admin_client):
        for value in VALUES:
            response = admin_client.post(url, dict.fromkeys(names, value))
            if response.status_code >= 500:
                failures.append(f"{url} with {value[:10]!r}: {response.status_code}")

    assert failures == []


FILTER_VALUES = ["%00", "x" * 300, "-1", "99999999999999999999", "%27%22%3C"]


def test_every_list_filter_with_an_edited_value_never_answers_500(admin_client):
    """Each filter link of each list (Status, Which email, Came from post…) with
    its value replaced by one a hand or a probe could type."""
    failures = []
    for url, _field in _lists():
        page = admin_client.get(url, follow=True).content.decode()
        sidebar = page.partition('id="changelist-filter"')[2]
        names = set(re.findall(r'href="\?([\w]+)=', sidebar))
        for name in names:
            for value in FILTER_VALUES:
                response = admin_client.get(f"{url}?{name}={value}")
                if response.status_code >= 500:
                    failures.append(
                        f"{url}?{name}={value[:10]}: {response.status_code}"
                    )
    assert failures == []
