"""RSS and Atom feeds of the latest posts, full sanitised content."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import last_modified

from articles.models import Post, tag_names_by_post
from articles.text import strip_control_chars
from coaching.pagecache import blog_last_modified, reader_cache

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    title = strip_control_chars(f"{settings.SITE_NAME}: the MSMonday blog")
    link = reverse_lazy("articles:list")
    description = (
        "Weekly posts on living well with MS: gut health, the AIP diet, "
        "sleep and fatigue. Education, not medical advice."
    )

    def items(self):
        posts = list(
            Post.objects.published()
            .select_related("author", "series")
            .newest_first()[:FEED_LENGTH]
        )
        names = tag_names_by_post(posts)
        for post in posts:
            post.tag_names = names.get(post.pk, [])
        return posts

    def item_title(self, item):
        return strip_control_chars(item.title)

    def item_description(self, item):
        return strip_control_chars(item.body_html)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        # A scheduled post "changes" for readers when it goes live.
        return max(item.updated_at, item.publish_at)

    def item_author_name(self, item):
        return strip_control_chars(item.author.public_name)

    def item_categories(self, item):
        return [strip_control_chars(name) for name in item.tag_names]


class AtomWithContent(Atom1Feed):
    """Atom whose entries carry the whole post in <content>, beside <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class AtomPostsFeed(LatestPostsFeed):
    feed_type = AtomWithContent
    subtitle = LatestPostsFeed.description

    def item_description(self, item):
        return strip_control_chars(item.summary)

    def item_extra_kwargs(self, item):
        return {"content": strip_control_chars(item.body_html)}


def _feed_last_modified(request):
    return blog_last_modified()


rss_feed = reader_cache(last_modified(_feed_last_modified)(LatestPostsFeed()))
atom_feed = reader_cache(last_modified(_feed_last_modified)(AtomPostsFeed()))
