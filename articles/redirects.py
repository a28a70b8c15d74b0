"""Old addresses answered with a permanent redirect: the table and its middleware.

Imports fill the table with each post's old WordPress addresses; the coach can
add or change rows in the admin. A row answers only where the site would
otherwise say "not found", except WordPress's `?p=123` form, which this site
never uses itself and which lands on pages that exist (the home page).
"""

from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import HttpResponsePermanentRedirect

# WordPress's own query forms of a post or page address.
ID_PARAMS = ("p", "page_id")


def normalize_old_path(value: str) -> str:
    """`https://old.blog/2020/01/02/gut/?utm=x` → `/2020/01/02/gut`; `?p=7` → `/?p=7`.

    Query strings are dropped except WordPress's id forms; trailing slashes too.
    """
    parts = urlsplit((value or "").strip())
    query = parse_qs(parts.query)
    for param in ID_PARAMS:
        if query.get(param, [""])[0].isdigit():
            return f"/?{param}={query[param][0]}"
    path = "/" + parts.path.strip("/")
    return path


class Redirect(models.Model):
    """An old address that now lives elsewhere: a post here, or another path."""

    old_path = models.CharField(
        max_length=500,
        unique=True,
        help_text="The old address, e.g. /2021/03/01/leaky-gut/ or /?p=123.",
    )
    post = models.ForeignKey(
        "articles.Post",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="old_addresses",
        help_text="The post readers should land on…",
    )
    new_path = models.CharField(
        max_length=500, blank=True, help_text="…or another address, e.g. /about/."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(post__isnull=True) & ~Q(new_path=""))
                | (Q(post__isnull=False) & Q(new_path="")),
                name="articles_redirect_one_target",
                violation_error_message="Choose a post or type a new address: one.",
            )
        ]

    def __str__(self):
        return f"{self.old_path} → {self.post or self.new_path}"

    def clean(self):
        super().clean()
        self.old_path = normalize_old_path(self.old_path)
        # "//host" and "/\\host" leave the site as surely as "https://host".
        local = self.new_path.startswith("/") and self.new_path[1:2] not in ("/", "\\")
        if self.new_path and not (local or self.new_path.startswith("https://")):
            raise ValidationError(
                {"new_path": "Start with / (this site) or https:// (another site)."}
            )
        if self.new_path and normalize_old_path(self.new_path) == self.old_path:
            raise ValidationError({"new_path": "This would send readers in a loop."})

    def target(self) -> str | None:
        """Where readers go now, or None while the post is not live."""
        if self.post_id is None:
            return self.new_path
        return self.post.get_absolute_url() if self.post.is_live() else None


def redirect_for(request) -> str | None:
    """The new address of the requested old one, or None."""
    if request.method not in ("GET", "HEAD"):
        return None
    key = normalize_old_path(request.get_full_path())
    row = Redirect.objects.select_related("post").filter(old_path=key).first()
    return row.target() if row else None


class OldAddressRedirectMiddleware:
    """Answer old addresses with a 301 where the site has nothing of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        asks_by_id = any(param in request.GET for param in ID_PARAMS)
        if asks_by_id and (target := redirect_for(request)):
            return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and (target := redirect_for(request)):
            return HttpResponsePermanentRedirect(target)
        return response
