from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Site"

    def ready(self):
        from django.conf import settings

        from coaching.folders import make_database_folders

        # Before any connection opens a SQLite file (settings only name it).
        make_database_folders(settings.DATABASES)
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from taggit.models import Tag, TaggedItem

        from articles.models import Post, Series, SlugRedirect
        from coaching import checks  # noqa: F401  (registers the system checks)
        from coaching.models import Page
        from coaching.pagecache import bump_blog_version

        # Cache invalidation, not domain logic: any row a cached page shows.
        shown = (Post, Series, SlugRedirect, Page, Tag, TaggedItem, get_user_model())
        for model in shown:
            for signal in (post_save, post_delete):
                signal.connect(bump_blog_version, sender=model, weak=False)
        m2m_changed.connect(bump_blog_version, sender=Post.tags.through, weak=False)
