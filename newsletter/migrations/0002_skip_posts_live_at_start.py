"""Posts already live when the newsletter starts are never emailed."""

from django.db import migrations
from django.utils import timezone


def skip_live_posts(apps, schema_editor):
    Post = apps.get_model("articles", "Post")
    PostSend = apps.get_model("newsletter", "PostSend")
    live = Post.objects.filter(status="published", publish_at__lte=timezone.now())
    PostSend.objects.bulk_create(
        [
            PostSend(
                post_id=pk,
                status="skipped",
                reason="Live before the newsletter started",
            )
            for pk in live.values_list("pk", flat=True).iterator()
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_post_is_for_subscribers"),
        ("newsletter", "0001_initial"),
    ]

    operations = [migrations.RunPython(skip_live_posts, migrations.RunPython.noop)]
