from django.urls import path, register_converter

from bookings import views
from bookings.forms import format_slot, parse_slot

app_name = "bookings"


class SlotConverter:
    """A slot start in UTC, as in /book/2026-11-24T15:00Z/; nonsense is a 404."""

    regex = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z"

    def to_python(self, value):
        starts_at = parse_slot(value)
        if starts_at is None:
            raise ValueError(value)
        return starts_at

    def to_url(self, value):
        return value if isinstance(value, str) else format_slot(value)


register_converter(SlotConverter, "booking_slot")

urlpatterns = [
    path("", views.book, name="book"),
    path("cancelled/", views.cancelled, name="cancelled"),
    path("confirmed/<str:token>/", views.confirmed, name="confirmed"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/cancel/", views.cancel, name="cancel"),
    path("manage/<str:token>/reschedule/", views.reschedule, name="reschedule"),
    path(
        "manage/<str:token>/reschedule/<booking_slot:starts_at>/",
        views.reschedule_confirm,
        name="reschedule_confirm",
    ),
    path("manage/<str:token>/calendar.ics", views.calendar, name="calendar"),
    path("coach-calendar/<str:token>.ics", views.coach_feed, name="coach_feed"),
    path("<booking_slot:starts_at>/", views.details, name="details"),
]
