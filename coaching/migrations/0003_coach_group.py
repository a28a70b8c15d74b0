"""The Coach group: just the permissions her tools need, never a superuser's.

Security tables (sign-in lockouts), authenticator devices, tags, groups, users
and the administrator's duplicate lists stay with an administrator account.
Safe to run again: the group is found or made, and its permissions set.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COACH_GROUP = "Coach"
# (app label, model, actions): frozen here as this migration's own copy.
COACH_PERMISSIONS = [
    ("articles", "post", ("add", "change", "delete", "view")),
    ("articles", "series", ("add", "change", "view")),
    ("bookings", "booking", ("change", "view")),
    ("bookings", "client", ("change", "delete", "view")),
    ("bookings", "clientnote", ("add", "view")),
    ("bookings", "clientstatuschange", ("view",)),
    ("bookings", "consent", ("view",)),
    ("bookings", "consultsettings", ("change", "view")),
    ("bookings", "weeklywindow", ("add", "change", "delete", "view")),
    ("bookings", "timeoff", ("add", "change", "delete", "view")),
    ("newsletter", "subscriber", ("change", "view")),
    ("newsletter", "postsend", ("change", "view")),
    ("outbox", "message", ("change", "view")),
]


def create_coach_group(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now so
    # the group can hold them on a fresh database.
    # The historical app configs have no models module, which makes
    # create_permissions skip them; each one's own value is put back after, so a
    # call with the project's live registry leaves it as it was.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=COACH_GROUP)
    wanted = [
        Permission.objects.get(
            content_type__app_label=app_label, codename=f"{action}_{model}"
        )
        for app_label, model, actions in COACH_PERMISSIONS
        for action in actions
    ]
    group.permissions.set(wanted)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("coaching", "0002_site_pages"),
        ("articles", "0005_post_hero_renditions"),
        ("bookings", "0009_client_records"),
        ("outbox", "0001_initial"),
        ("newsletter", "0002_skip_posts_live_at_start"),
    ]

    operations = [
        migrations.RunPython(create_coach_group, migrations.RunPython.noop),
    ]
