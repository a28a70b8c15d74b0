"""Who may do what in the back office: the coach's group and the administrator.

The Coach group is made by a data migration (coaching 0003) with just her
tools' permissions; an administrator is a superuser and sees everything.
"""

import importlib

from django.apps import apps as global_apps
from django.contrib.auth.models import Group

COACH_GROUP = "Coach"


def coach_group() -> Group:
    """The Coach group; made again from the migration if a test emptied the table."""
    group = Group.objects.filter(name=COACH_GROUP).first()
    if group is None:
        migration = importlib.import_module("coaching.migrations.0003_coach_group")
        migration.create_coach_group(global_apps, None)
        group = Group.objects.get(name=COACH_GROUP)
    return group


def is_coach(user) -> bool:
    """Whether this staff account works as the coach (not an administrator)."""
    return not user.is_superuser
