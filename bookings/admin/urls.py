"""The back office's own pages, added to the admin site's URLs."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from . import availability, calendars, reports


def office_urls(site) -> list:
    """URL patterns for the availability page, the report and the feed pages."""

    def view(func, perm="bookings.change_weeklywindow"):
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return func(request, *args, site=site, **kwargs)

        return site.admin_view(checked)

    return [
        path(
            "bookings/availability/",
            view(availability.availability_view),
            name="bookings_availability",
        ),
        path(
            "bookings/sources/",
            view(reports.sources_view, "bookings.view_booking"),
            name="bookings_sources",
        ),
        path(
            "bookings/availability/calendars/add/",
            view(calendars.add_calendar_view),
            name="bookings_calendar_add",
        ),
        path(
            "bookings/availability/calendars/<int:calendar_id>/",
            view(calendars.update_calendar_view),
            name="bookings_calendar_update",
        ),
        path(
            "bookings/availability/calendars/<int:source_id>/remove/",
            view(calendars.remove_calendar_view),
            name="bookings_calendar_remove",
        ),
        path("bookings/calendar-feed/", view(reports.feed_view), name="bookings_feed"),
        path(
            "bookings/calendar-feed/new-address/",
            view(reports.feed_rotate_view),
            name="bookings_feed_rotate",
        ),
    ]
