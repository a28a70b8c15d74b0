"""RSS and Atom feeds of the latest posts, full sanitised content."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import last_modified

from articles import seo
from articles.models import Post
from articles.text import strip_control_chars

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    title = strip_control_chars(f"{settings.SITE_NAME}: the MSMonday blog")
    link = reverse_lazy("articles:list")
    description = (
        "Weekly posts on living well with MS: gut health, the AIP diet, "
        "sleep and fatigue. Education, not medical advice."
    )

    def items(self):
        return (
            Post.objects.published()
            .select_related("author", "series")
            .prefetch_related("tags")
            .newest_first()[:FEED_LENGTH]
        )

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
        return [strip_control_chars(tag.name) for tag in item.tags.all()]


class AtomPostsFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description


def _feed_last_modified(request):
    return seo.blog_last_modified()


rss_feed = last_modified(_feed_last_modified)(LatestPostsFeed())
atom_feed = last_modified(_feed_last_modified)(AtomPostsFeed())
