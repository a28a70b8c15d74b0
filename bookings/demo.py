"""Demo availability for `manage.py load_demo`: weekday hours in the coach's zone."""

from datetime import time

from bookings.models import ConsultSettings, WeeklyWindow

DEMO_CALL_DETAILS = (
    "Demo: I'll send you the video link by email the day before our call."
)
MORNING = (time(9), time(12))
AFTERNOON = (time(14), time(17))
DEMO_WINDOWS = {
    WeeklyWindow.Weekday.MONDAY: [MORNING, AFTERNOON],
    WeeklyWindow.Weekday.TUESDAY: [MORNING, AFTERNOON],
    WeeklyWindow.Weekday.WEDNESDAY: [MORNING, AFTERNOON],
    WeeklyWindow.Weekday.THURSDAY: [MORNING, AFTERNOON],
    WeeklyWindow.Weekday.FRIDAY: [MORNING],
}


def load(*, coach):
    """Create or update this app's demo rows; safe to run repeatedly."""
    cfg = ConsultSettings.load()
    default_details = ConsultSettings._meta.get_field("call_details").default
    if cfg.call_details in ("", default_details):
        cfg.call_details = DEMO_CALL_DETAILS
        cfg.save(update_fields=["call_details"])
    if WeeklyWindow.objects.exists():
        # The coach (or an earlier run) has set hours already: leave them alone.
        return
    WeeklyWindow.objects.bulk_create(
        WeeklyWindow(weekday=weekday, starts_at=start, ends_at=end)
        for weekday, windows in DEMO_WINDOWS.items()
        for start, end in windows
    )
