"""`manage.py add_calendar URL [--name N] [--user U --password-env VAR] [--write]`."""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from calendars import services


class Command(BaseCommand):
    help = (
        "Add one of the coach's calendars, as the hours page does: a secret iCal "
        "address, or a CalDAV server with --user and an app password read from "
        "the environment variable named by --password-env."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="https:// or webcal:// address, or server")
        parser.add_argument("--name", default="")
        parser.add_argument("--user", default="", help="CalDAV user name")
        parser.add_argument(
            "--password-env",
            default="",
            help="name of the environment variable holding the app password",
        )
        parser.add_argument(
            "--write", action="store_true", help="write calls into this calendar"
        )

    def handle(self, *args, url, name, user, password_env, write, **options):
        password = ""
        if password_env:
            password = os.environ.get(password_env, "")
            if not password:
                raise CommandError(f"The variable {password_env} is empty or unset.")
        if user and not password:
            raise CommandError("A CalDAV account needs --password-env.")
        try:
            source = services.add_calendar(
                address=url, name=name, username=user, password=password, write=write
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for calendar in source.calendars.all():
            marks = []
            if calendar.is_write_target:
                marks.append("calls are written here")
            self.stdout.write(
                f"Added {calendar}: {calendar.busy_intervals.count()} busy "
                f"intervals kept{'; ' + ', '.join(marks) if marks else ''}."
            )
        if source.failure_reason:
            self.stdout.write(f"  but its first read failed: {source.failure_reason}")
