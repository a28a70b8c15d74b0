from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Blog"

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from taggit.models import Tag, TaggedItem

        from articles.models import Post, Series, SlugRedirect
        from coaching import pagecache

        # The page cache asks the blog when it last changed and when the next
        # scheduled post goes live.
        pagecache.register_content_times(lambda: Post.objects.reader_times())
        # Cache invalidation, not domain logic: any blog row a cached page shows
        # (authors' names included).
        shown = (Post, Series, SlugRedirect, Tag, TaggedItem, get_user_model())
        for model in shown:
            for signal in (post_save, post_delete):
                signal.connect(pagecache.bump_blog_version, sender=model, weak=False)
        m2m_changed.connect(
            pagecache.bump_blog_version, sender=Post.tags.through, weak=False
        )
