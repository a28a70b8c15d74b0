"""Load the demo content: a coach login, an administrator, posts and availability.

Safe to run again: every loader updates what it made before instead of adding
copies. Refuses to run with DEBUG off, so it cannot touch a production site.
"""

import importlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coaching.roles import coach_group

DEMO_USERNAME = "coach"
DEMO_PASSWORD = "demo-coach-password"  # noqa: S105 - development only, printed on screen
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "demo-admin-password"  # noqa: S105 - development only, printed
DEMO_LOADERS = ["articles.demo", "bookings.demo"]


class Command(BaseCommand):
    help = "Load demo content (development only; safe to run repeatedly)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo content is for development: set DJANGO_DEBUG=1.")
        with transaction.atomic():
            coach = self._demo_coach()
            self._demo_administrator()
            for module_name in DEMO_LOADERS:
                importlib.import_module(module_name).load(coach=coach)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo content loaded.\n"
                f"  Back office: {settings.SITE_URL}/{settings.ADMIN_URL}\n"
                f"  Username:    {DEMO_USERNAME}\n"
                f"  Password:    {DEMO_PASSWORD}\n"
                f"Administrator: {ADMIN_USERNAME} / {ADMIN_PASSWORD} "
                "(site set-up, users and security; not for daily work)"
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
            },
        )
        if created:
            coach.set_password(DEMO_PASSWORD)
        # Her account works through the Coach group, never as a superuser; a
        # demo made before the group existed is brought in line.
        coach.is_staff, coach.is_superuser = True, False
        coach.save()
        coach.groups.add(coach_group())
        return coach

    def _demo_administrator(self):
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username=ADMIN_USERNAME,
            defaults={"display_name": "Site administrator", "email": ""},
        )
        if created:
            admin.set_password(ADMIN_PASSWORD)
        admin.is_staff, admin.is_superuser = True, True
        admin.save()
        return admin
