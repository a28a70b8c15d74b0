"""Opaque email links: each subscriber gets a random key for her links."""

import secrets

from django.db import migrations, models

import newsletter.models


def give_keys(apps, schema_editor):
    Subscriber = apps.get_model("newsletter", "Subscriber")
    for subscriber in Subscriber.objects.filter(link_key=None).iterator():
        subscriber.link_key = secrets.token_urlsafe(16)
        subscriber.save(update_fields=["link_key"])


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0002_skip_posts_live_at_start")]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="link_key",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscriber",
            name="link_key",
            field=models.CharField(
                default=newsletter.models.new_link_key,
                editable=False,
                max_length=32,
                unique=True,
            ),
        ),
    ]
