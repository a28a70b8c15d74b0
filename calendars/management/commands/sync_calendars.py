"""`manage.py sync_calendars`: read every calendar now and say what was kept."""

from django.core.management.base import BaseCommand

from calendars import services


class Command(BaseCommand):
    help = "Read the coach's calendars now; print the busy intervals kept per calendar."

    def handle(self, *args, **options):
        reports = services.sync_all_calendars()
        if not reports:
            self.stdout.write("No calendars added.")
        for report in reports:
            for name, count in report.kept.items():
                self.stdout.write(f"{name}: {count} busy intervals kept")
            if report.failure:
                self.stdout.write(
                    self.style.ERROR(f"{report.source}: failing: {report.failure}")
                )
