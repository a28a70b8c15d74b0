import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("bookings", "0008_booking_calendar_event_reminder_hours")]
AFTER = [("bookings", "0009_client_records")]


@pytest.mark.django_db(transaction=True)
def test_notes_field_becomes_the_first_note():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    Client = old_apps.get_model("bookings", "Client")
    with_notes = Client.objects.create(
        name="Ann", email="ann@example.com", time_zone="UTC", notes="Likes <b>tea</b>"
    )
    Client.objects.create(name="Bea", email="bea@example.com", time_zone="UTC")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    new_apps = executor.loader.project_state(AFTER).apps
    ClientNote = new_apps.get_model("bookings", "ClientNote")
    notes = list(ClientNote.objects.values_list("client_id", "body", "author_id"))
    assert notes == [(with_notes.pk, "Likes <b>tea</b>", None)]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
