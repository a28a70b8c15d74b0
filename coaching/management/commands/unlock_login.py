"""Unlock a back-office login that django-axes locked after failed sign-ins."""

from axes.utils import reset
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Unlock sign-in for a user name (and/or an address) after a lockout."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="The user name to unlock.")
        parser.add_argument("--ip", help="Also unlock this address.")
        parser.add_argument(
            "--all", action="store_true", help="Unlock every locked login."
        )

    def handle(self, *args, username=None, ip=None, all=False, **options):
        if all:
            count = reset()
        elif username or ip:
            count = reset(username=username, ip=ip)
        else:
            raise CommandError("Give a user name, --ip ADDRESS, or --all.")
        who = "every login" if all else (username or ip)
        self.stdout.write(
            self.style.SUCCESS(
                f"Unlocked {who}: {count} failed attempt record(s) cleared."
            )
        )
