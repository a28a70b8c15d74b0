from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse

from coaching.markdown import render_markdown


class User(AbstractUser):
    """A login for the back office; the coach's profile carries her author bio."""

    display_name = models.CharField(
        max_length=120, blank=True, help_text="How your name appears on posts."
    )
    bio = models.TextField(
        blank=True,
        help_text="A few sentences shown under each of your posts. Markdown allowed.",
    )
    bio_html = models.TextField(blank=True, editable=False)

    def save(self, *args, **kwargs):
        self.bio_html = render_markdown(self.bio)
        super().save(*args, **kwargs)

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Page(models.Model):
    """A site-wide page whose text the coach edits: home, about, privacy, disclaimer."""

    class Key(models.TextChoices):
        HOME = "home", "Home page"
        ABOUT = "about", "About"
        PRIVACY = "privacy", "Privacy policy"
        DISCLAIMER = "disclaimer", "Health disclaimer"

    key = models.CharField(max_length=20, choices=Key.choices, unique=True)
    title = models.CharField(max_length=150)
    intro = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences under the title."
    )
    body = models.TextField(help_text="Markdown: **bold**, *italic*, ## headings.")
    body_html = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.get_key_display()

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.key == self.Key.HOME:
            return reverse("home")
        return reverse(self.key)
