"""The sitemap: site pages, live posts and series."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from articles.models import Post, Series
from coaching.models import Page


class PageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        # Lists, not querysets: the paginator counts them without a COUNT query.
        return list(Page.objects.order_by("key"))

    def lastmod(self, item):
        return item.updated_at


class PostSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return list(
            Post.objects.published()
            .only("slug", "updated_at", "publish_at")
            .newest_first()
        )

    def lastmod(self, item):
        return max(item.updated_at, item.publish_at)


class SeriesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        live = Post.objects.published()
        return list(
            Series.objects.filter(posts__in=live)
            .annotate(last_change=Max("posts__updated_at"))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.last_change


SITEMAPS = {"pages": PageSitemap, "posts": PostSitemap, "series": SeriesSitemap}
