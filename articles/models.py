"""Blog data: series, posts, and redirects from a post's old slugs."""

import math
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, RowRange, Window
from django.db.models.functions import FirstValue, Lag, Lead, RowNumber
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from articles.editor.rendering import render_post_body

WORDS_PER_MINUTE = 200
# Paths under /blog/ that are not posts.
RESERVED_SLUGS = frozenset({"feed", "preview", "series", "tag"})


@cache
def blog_url() -> str:
    """The blog's address, "/blog/", looked up once per process."""
    return reverse("articles:list")


class Series(models.Model):
    """A run of posts read in order, such as MSMonday."""

    title = models.CharField(max_length=120)
    slug = models.SlugField(
        "web address",
        max_length=120,
        unique=True,
        help_text="The end of the series page's address, e.g. msmonday.",
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences shown on the series page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:series", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class SeriesPosition:
    """“Part 3 of 5”, with the previous and next parts as dicts of slug and title."""

    part: int
    total: int
    previous: dict | None
    next: dict | None


# "Is this post live" lives here, once: a post readers may see is published and
# due. A published post with no time goes live when it is saved (Post.clean).
# Everything else asks: the queryset (published(), scheduled()), these
# conditions (for aggregates and annotations) or the post (is_live(),
# reader_state()).
def live_q(now) -> Q:
    """The condition of a post readers may see at `now`: published and due."""
    return Q(status=Post.Status.PUBLISHED, publish_at__lte=now)


def scheduled_q(now) -> Q:
    """The condition of a post published to go live after `now`."""
    return Q(status=Post.Status.PUBLISHED, publish_at__gt=now)


class PostQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """Posts readers may see: published and due at `now` (default: the clock)."""
        return self.filter(live_q(now or timezone.now()))

    def scheduled(self, *, now=None):
        """Posts published to go live later than `now` (default: the clock)."""
        return self.filter(scheduled_q(now or timezone.now()))

    def reader_times(self, *, now=None):
        """(The last change a reader can see, the next time a post goes live).

        What the page cache asks the blog (`coaching.pagecache`), in one query:
        its stored pages are stale after either. Each is an aware datetime or None.
        """
        now = now or timezone.now()
        found = self.aggregate(
            edited=models.Max("updated_at", filter=live_q(now)),
            went_live=models.Max("publish_at", filter=live_q(now)),
            upcoming=models.Min("publish_at", filter=scheduled_q(now)),
        )
        upcoming = found.pop("upcoming")
        changes = [t for t in found.values() if t is not None]
        return max(changes, default=None), upcoming

    def for_listing(self):
        """Join author and series, skip the bodies (cards show no tags): one query."""
        return self.select_related("author", "series").defer("body", "body_html")

    def newest_first(self):
        """Order by publication time, newest first (id breaks ties)."""
        return self.order_by("-publish_at", "-id")

    def oldest_first(self):
        """Order by publication time, oldest first: the reading order of a series."""
        return self.order_by("publish_at", "id")

    def related_to(self, post, *, tag_ids=None, limit=3):
        """Up to `limit` other posts sharing most tags with `post`, newest first.

        Pass `tag_ids` when the post's tags are already read (saves a query).
        """
        if tag_ids is None:
            tag_ids = [tag.pk for tag in post.tags.all()]
        if not tag_ids:
            return self.none()
        return (
            self.filter(tags__in=tag_ids)
            .exclude(pk=post.pk)
            .annotate(shared_tags=models.Count("pk"))
            .order_by("-shared_tags", "-publish_at", "-id")[:limit]
        )

    def series_position(self, post) -> "SeriesPosition | None":
        """Where `post` sits among these posts of its series: one query, one row."""
        if post.series_id is None:
            return None
        # A draft without a publish time comes after every dated part.
        order = [F("publish_at").asc(nulls_last=True), F("id").asc()]

        def around(function, field):
            return Window(function(field), order_by=order)

        row = (
            self.filter(series_id=post.series_id)
            .annotate(
                part=Window(RowNumber(), order_by=order),
                total=Window(models.Count("pk")),
                previous_slug=around(Lag, "slug"),
                previous_title=around(Lag, "title"),
                next_slug=around(Lead, "slug"),
                next_title=around(Lead, "title"),
                # A window value, so the filter applies after numbering.
                row_pk=Window(
                    FirstValue("pk"), order_by=order, frame=RowRange(start=0, end=0)
                ),
            )
            .filter(row_pk=post.pk)
            .values(*_POSITION_FIELDS)
            .first()
        )
        if row is None:
            return None

        def neighbour(side):
            slug = row[f"{side}_slug"]
            return {"slug": slug, "title": row[f"{side}_title"]} if slug else None

        return SeriesPosition(
            part=row["part"],
            total=row["total"],
            previous=neighbour("previous"),
            next=neighbour("next"),
        )


_POSITION_FIELDS = (
    "part",
    "total",
    "previous_slug",
    "previous_title",
    "next_slug",
    "next_title",
)


class Post(models.Model):
    """One blog post, written in Markdown and stored also as sanitised HTML."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (only you can see it)"
        PUBLISHED = "published", "Published (goes live at the publish time)"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The end of the web address. Changing it keeps old links working.",
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in lists and previews."
    )
    body = models.TextField(
        help_text=(
            "Markdown: **bold**, *italic*, ## Heading, - list item, "
            "[link text](https://example.com). A blank line starts a new paragraph."
        )
    )
    body_html = models.TextField(blank=True, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    hero_image = models.ImageField(
        upload_to="articles/hero/",
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
        help_text="The large picture at the top of the post (optional).",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The scaled copies pages use, [{"width", "name"}], made after saving.
    hero_renditions = models.JSONField(default=list, blank=True, editable=False)
    hero_renditions_of = models.CharField(max_length=100, blank=True, editable=False)
    hero_alt = models.CharField(
        "hero image description",
        max_length=250,
        blank=True,
        help_text="Describe the picture for readers who cannot see it.",
    )
    hero_is_decorative = models.BooleanField(
        "hero image is decorative",
        default=False,
        help_text="Tick only if the picture adds nothing to the text.",
    )
    social_image = models.ImageField(
        upload_to="articles/social/",
        blank=True,
        help_text="Picture shown when the post is shared (1200×630). Optional.",
    )

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, null=True, blank=True, related_name="posts"
    )
    tags = TaggableManager(blank=True, help_text="Separate topics with commas.")

    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When the post goes live. Empty when publishing means now.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    is_for_subscribers = models.BooleanField(
        "email this post to subscribers",
        null=True,
        blank=True,
        choices=[
            (None, "Automatic: yes for MSMonday posts"),
            (True, "Yes, email it when it goes live"),
            (False, "No"),
        ],
        help_text=(
            "Sent once, when the post goes live. Editing it later does not send it "
            "again."
        ),
    )

    seo_title = models.CharField(
        "search engine title",
        max_length=70,
        blank=True,
        help_text="Title shown by search engines. Leave empty to use the post title.",
    )
    meta_description = models.CharField(
        "search engine description",
        max_length=160,
        blank=True,
        help_text="Shown under the title in search results. Empty uses the summary.",
    )
    reviewed_on = models.DateField(
        null=True, blank=True, help_text="When the content was last checked."
    )
    # When the title or text last changed after the post went live: "Updated …".
    revised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by the WordPress/Squarespace import; such posts are never mailed out.
    imported_from = models.CharField(
        max_length=20,
        blank=True,
        editable=False,
        help_text="“wordpress” or “squarespace” for imported posts, else empty.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["status", "publish_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hero_image="")
                | ~Q(hero_alt="")
                | Q(hero_is_decorative=True),
                name="articles_post_hero_alt_or_decorative",
                violation_error_message=(
                    "Describe the hero image, or tick “decorative”."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="articles_post_published_has_time",
                violation_error_message="A published post needs a publish time.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_post_body(self.body)
        # Unhurried pace, at least one minute.
        words = len(self.body.split())
        self.reading_minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
        if update_fields := kwargs.get("update_fields"):
            kwargs["update_fields"] = {*update_fields, "body_html", "reading_minutes"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # Slugs need no escaping: the address is built without a reverse() each.
        return f"{blog_url()}{self.slug}/"

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": "This web address is used by the blog itself; pick another."}
            )
        self.fill_publish_time()
        described = self.hero_alt.strip() or self.hero_is_decorative
        if self.hero_image and not described:
            raise ValidationError(
                {"hero_alt": "Describe the picture, or tick “decorative”."}
            )

    @property
    def html_title(self) -> str:
        return self.seo_title or self.title

    @property
    def description(self) -> str:
        return self.meta_description or self.summary

    def fill_publish_time(self, *, now=None) -> None:
        """A published post with no publish time goes live now (unsaved)."""
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = now or timezone.now()

    def reader_state(self, *, now=None) -> str:
        """What readers see of it at `now`: "draft", "scheduled" or "live"."""
        if self.status != self.Status.PUBLISHED or self.publish_at is None:
            return "draft"
        return "live" if self.publish_at <= (now or timezone.now()) else "scheduled"

    def is_live(self, *, now=None) -> bool:
        """Whether readers may see it at `now` (the rule of `live_q`)."""
        return self.reader_state(now=now) == "live"


class SlugRedirect(models.Model):
    """An old slug of a post, answered with a permanent redirect to its new address."""

    old_slug = models.SlugField(max_length=200, unique=True)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.post.slug}"


def tag_names_by_post(posts) -> dict[int, list[str]]:
    """The tag names of each of `posts`, by post id, in one query."""
    from taggit.models import TaggedItem

    rows = (
        TaggedItem.objects.filter(
            content_type__app_label="articles",
            content_type__model="post",
            object_id__in=[post.pk for post in posts],
        )
        .order_by("tag__name")
        .values_list("object_id", "tag__name")
    )
    names: dict[int, list[str]] = {}
    for post_id, name in rows:
        names.setdefault(post_id, []).append(name)
    return names


# Models kept in their own modules, registered with this app.
from articles.editor.models import PostImage, PostRevision  # noqa: E402, F401
from articles.importers.models import ImportedPost, ImportRun  # noqa: E402, F401
from articles.redirects import Redirect  # noqa: E402, F401
