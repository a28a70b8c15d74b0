"""What search engines and social sites read about a post."""

from django.conf import settings

from articles.editor.references import citations
from articles.models import Post


def absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


def share_image_url(request, post: Post) -> str | None:
    """Absolute address of the picture for link previews, if the post has one."""
    image = post.social_image or post.hero_image
    return absolute(request, image.url) if image else None


def last_change(post: Post):
    """When readers last saw the text change: its last revision after going live."""
    return post.revised_at or post.publish_at or post.updated_at


def blog_posting(request, post: Post, canonical: str, *, tags) -> dict:
    """schema.org BlogPosting data for a post (rendered as JSON-LD)."""
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title[:110],
        "description": post.description,
        "url": canonical,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "datePublished": post.publish_at.isoformat() if post.publish_at else None,
        "dateModified": last_change(post).isoformat(),
        "author": {"@type": "Person", "name": post.author.public_name},
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
        "keywords": [tag.name for tag in tags],
        "inLanguage": "en",
    }
    if image := share_image_url(request, post):
        data["image"] = [image]
    if post.series_id:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": post.series.title,
            "url": absolute(request, post.series.get_absolute_url()),
        }
    if cited := citations(post.body_html):
        data["citation"] = cited
    if post.reviewed_on:
        data["lastReviewed"] = post.reviewed_on.isoformat()
    return {key: value for key, value in data.items() if value is not None}
