from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Site"

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from coaching import (
            checks,  # noqa: F401  (registers the system checks)
            logs,
        )
        from coaching.folders import make_database_folders
        from coaching.models import Page
        from coaching.pagecache import bump_blog_version

        # Before any connection opens a SQLite file (settings only name it).
        make_database_folders(settings.DATABASES)
        logs.install()
        # Cache invalidation: the site pages are cached pages too (the blog's
        # rows are wired in `articles.apps`).
        for signal in (post_save, post_delete):
            signal.connect(bump_blog_version, sender=Page, weak=False)
