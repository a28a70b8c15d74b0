"""Blog pages: thin views over `Post.objects.published()`."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from articles import seo
from articles.models import Post, Series, SlugRedirect
from articles.search import search_posts
from articles.text import clean_query
from coaching.middleware import staff_page
from coaching.pagecache import (
    blog_state,
    for_blog_version,
    not_for_cache,
    not_modified_since,
    reader_cache,
    shows_page,
    with_last_modified,
)

PAGE_SIZE = 10


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    shows_page(request, page.number)
    return page


@reader_cache
def post_list(request):
    query = clean_query(request.GET.get("q", ""))
    posts = Post.objects.published().for_listing()
    posts = search_posts(posts, query) if query else posts.newest_first()
    context = {"page_obj": _page(request, posts), "query": query}
    response = render(request, "articles/post_list.html", context)
    # Searches are too many to keep.
    return not_for_cache(response) if query else response


def _surroundings(post, visible) -> dict:
    """The post's tags, its place in its series and related posts (3 queries)."""
    tags = list(post.tags.all())
    related = visible.for_listing().related_to(post, tag_ids=[t.pk for t in tags])
    return {
        "tags": tags,
        "series_position": visible.series_position(post),
        "related_posts": list(related),
    }


def _detail_context(request, post, *, around):
    canonical = request.build_absolute_uri(post.get_absolute_url())
    return around | {
        "post": post,
        "canonical_url": canonical,
        "share_image": seo.share_image_url(request, post),
        "json_ld": seo.blog_posting(request, post, canonical, tags=around["tags"]),
    }


def _live_post(slug: str) -> tuple[Post, dict] | None:
    """The live post with this slug and what is around it, or None (3-4 queries)."""
    visible = Post.objects.published()
    post = visible.select_related("author", "series").filter(slug=slug)
    # No ORDER BY: the slug is unique.
    post = next(iter(post.order_by()), None)
    return None if post is None else (post, _surroundings(post, visible))


@reader_cache
def post_detail(request, slug):
    # A live post and the posts around it change only with the blog: kept per
    # blog version (a missing slug is looked up each time, never kept).
    state = blog_state()
    found = for_blog_version(f"post:{slug}", lambda: _live_post(slug), state=state)
    if found is None:
        moved = (
            SlugRedirect.objects.filter(
                old_slug=slug, post__in=Post.objects.published()
            )
            .select_related("post")
            .first()
        )
        if moved is None:
            raise Http404("No such post")
        return redirect(moved.post, permanent=True)
    post, around = found
    # A post page shows other posts too: it changes with the blog.
    changed = state.last_modified
    if unchanged := not_modified_since(request, changed):
        return unchanged
    context = _detail_context(request, post, around=around)
    context["article_html"] = for_blog_version(
        f"article:{slug}",
        lambda: render_to_string("articles/_post_article.html", context, request),
        state=state,
    )
    response = render(request, "articles/post_detail.html", context)
    return with_last_modified(response, changed)


@never_cache
@staff_page
def post_preview(request, pk):
    if not (request.user.is_active and request.user.is_staff):
        raise Http404("No such post")
    post = get_object_or_404(Post.objects.select_related("author", "series"), pk=pk)
    visible = Post.objects.published() | Post.objects.filter(pk=post.pk)
    context = _detail_context(request, post, around=_surroundings(post, visible))
    context["is_preview"] = True
    response = render(request, "articles/post_detail.html", context)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@reader_cache
def series_detail(request, slug):
    series = get_object_or_404(Series, slug=slug)
    posts = Post.objects.published().for_listing().filter(series=series)
    page = _page(request, posts.oldest_first())
    if page.paginator.count == 0:
        raise Http404("No posts in this series yet")
    context = {"series": series, "page_obj": page}
    return render(request, "articles/series_detail.html", context)


@reader_cache
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    posts = Post.objects.published().for_listing().filter(tags=tag)
    page = _page(request, posts.newest_first())
    if page.paginator.count == 0:
        raise Http404("No posts with this tag")
    return render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page})


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('articles:list')}preview/",
        "",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
