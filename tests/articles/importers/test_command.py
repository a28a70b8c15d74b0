import pytest
from django.core.management import CommandError, call_command

from articles.models import Post

pytestmark = pytest.mark.django_db


def test_command_imports_and_prints_the_report(export_file, coach, capsys):
    call_command("import_wordpress", str(export_file("wordpress.xml")))

    out = capsys.readouterr().out
    assert out.startswith("Imported from WordPress: created 4")
    assert "Shortcodes found (converted or dropped) (2):" in out
    assert Post.objects.filter(author=coach).count() == 4


def test_command_dry_run_writes_nothing(export_file, coach, capsys):
    call_command("import_wordpress", str(export_file("wordpress.xml")), "--dry-run")

    assert capsys.readouterr().out.startswith("Would import from WordPress")
    assert Post.objects.count() == 0


def test_command_explains_bad_files(tmp_path, coach):
    path = tmp_path / "x.xml"
    path.write_text("not xml")

    with pytest.raises(CommandError, match="not a readable XML export"):
        call_command("import_wordpress", str(path))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_wordpress", str(tmp_path / "missing.xml"))


def test_command_needs_a_coach(export_file, db):
    with pytest.raises(CommandError, match="create the coach's login"):
        call_command("import_wordpress", str(export_file("wordpress.xml")))


def test_command_explains_unreadable_paths(tmp_path, coach):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_wordpress", str(tmp_path))
