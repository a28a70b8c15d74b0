"""What an import did, or would do in a dry run, in words the coach can read."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """Counts and lists of one import run; `lines()` is the printed report."""

    dry_run: bool = False
    source: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    edited_here: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    images_stored: list[str] = field(default_factory=list)
    images_remote: list[tuple[str, str]] = field(default_factory=list)
    images_to_fetch: list[str] = field(default_factory=list)
    shortcodes: Counter = field(default_factory=Counter)
    redirects_added: int = 0
    authors: set[str] = field(default_factory=set)

    def note(self, title: str, message: str) -> None:
        self.notes.append((title, message))

    @property
    def counts(self) -> dict[str, int]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "edited here, left alone": len(self.edited_here),
            "skipped": len(self.skipped),
            "failed": len(self.failed),
            "images stored": len(self.images_stored),
            "images left remote": len(self.images_remote),
            "redirects added": self.redirects_added,
        }

    def summary(self) -> str:
        """One line: 'Created 3, updated 1, …'."""
        verb = "Would import" if self.dry_run else "Imported"
        parts = [f"{name} {count}" for name, count in self.counts.items() if count]
        return f"{verb} from {self.source}: " + (", ".join(parts) or "nothing to do")

    def sections(self) -> list[tuple[str, list[str]]]:
        """Headed lists for the admin page and the command's output."""
        would = "would be " if self.dry_run else ""
        found = [f"[{name}] × {n}" for name, n in sorted(self.shortcodes.items())]
        sections = [
            (f"Posts {would}created", self.created),
            (f"Posts {would}updated", self.updated),
            ("Posts unchanged since the last import", self.unchanged),
            (
                "Changed in the export but edited here since: left alone",
                self.edited_here,
            ),
            ("Skipped", [f"{title}: {why}" for title, why in self.skipped]),
            ("Failed (nothing written)", [f"{t}: {why}" for t, why in self.failed]),
            ("Worth a look", [f"{title}: {msg}" for title, msg in self.notes]),
            ("Pictures stored on this site", self.images_stored),
            ("Pictures to download", self.images_to_fetch),
            (
                "Pictures left on the old site",
                [f"{url} ({why})" for url, why in self.images_remote],
            ),
            ("Shortcodes found (converted or dropped)", found),
        ]
        return [(title, items) for title, items in sections if items]

    def lines(self) -> list[str]:
        out = [self.summary()]
        if self.authors:
            out.append("Authors mapped to you: " + ", ".join(sorted(self.authors)))
        for title, items in self.sections():
            out.append(f"{title} ({len(items)}):")
            out.extend(f"  - {item}" for item in items)
        return out
