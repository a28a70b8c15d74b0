"""Load the demo content: a coach login, sample posts and availability.

Safe to run again: every loader updates what it made before instead of adding
copies. Refuses to run with DEBUG off, so it cannot touch a production site.
"""

import importlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_USERNAME = "coach"
DEMO_PASSWORD = "demo-coach-password"  # noqa: S105 - development only, printed on screen
DEMO_LOADERS = ["articles.demo", "bookings.demo"]


class Command(BaseCommand):
    help = "Load demo content (development only; safe to run repeatedly)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo content is for development: set DJANGO_DEBUG=1.")
        with transaction.atomic():
            coach = self._demo_coach()
            for module_name in DEMO_LOADERS:
                importlib.import_module(module_name).load(coach=coach)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo content loaded.\n"
                f"  Back office: {settings.SITE_URL}/{settings.ADMIN_URL}\n"
                f"  Username:    {DEMO_USERNAME}\n"
                f"  Password:    {DEMO_PASSWORD}"
            )
        )

    def _demo_coach(self):
        User = get_user_model()
        coach, created = User.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={
                "first_name": "Demo",
                "last_name": "Coach",
                "display_name": "Demo Coach",
                "email": settings.COACH_EMAIL,
                "bio": (
                    "Demo profile. A health coach who helps women with MS make "
                    "diet, lifestyle and mindset changes."
                ),
                "is_staff": True,
                "is_superuser": True,
            },
        )
        if created:
            coach.set_password(DEMO_PASSWORD)
            coach.save()
        return coach
