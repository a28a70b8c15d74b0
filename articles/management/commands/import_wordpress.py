"""manage.py import_wordpress EXPORT.xml [--dry-run] [--author USERNAME]"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from articles.importers.service import import_export
from articles.importers.wxr import ExportError


def default_author():
    """The coach: the first superuser, else the first staff user."""
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    superuser = users.filter(is_superuser=True).first()
    return superuser or users.filter(is_staff=True).first()


class Command(BaseCommand):
    help = "Import posts from a WordPress or Squarespace export (WXR) file."

    def add_arguments(self, parser):
        parser.add_argument("export", help="The .xml file exported from the old blog.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only print what would happen."
        )
        parser.add_argument(
            "--author", help="Username of the coach (default: the first superuser)."
        )

    def handle(self, *args, export, dry_run, author, **options):
        if author:
            coach = get_user_model().objects.filter(username=author).first()
        else:
            coach = default_author()
        if coach is None:
            raise CommandError("No such user: create the coach's login first.")
        try:
            report = import_export(source=export, author=coach, dry_run=dry_run)
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {export}") from exc
        except OSError as exc:
            raise CommandError(f"Cannot read {export}: {exc.strerror}") from exc
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
