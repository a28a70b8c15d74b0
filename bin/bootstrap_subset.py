"""Write static/css/bootstrap.site.css: the rules of Bootstrap the site uses.

Run: .venv/bin/python bin/bootstrap_subset.py   (again after adding a Bootstrap
class to a template; tests/test_bootstrap_subset.py fails until then).

Every public page loads its CSS before the first paint, and on a slow phone the
full bootstrap.min.css (230 kB, 23 kB compressed) is most of the bytes and of
the style work before anything shows. This keeps, as PurgeCSS does, each rule
whose selectors name only classes and ids that appear as words in the site's
templates (crispy-forms' Bootstrap 5 templates included), scripts and Python
(widget attributes); element selectors, variables and @-rules stay. Parsing
is done by tinycss2, a maintained CSS parser, rather than by hand.
"""

import re
import sys
from pathlib import Path

import tinycss2

BASE_DIR = Path(__file__).resolve().parent.parent
OUTPUT = BASE_DIR / "static" / "css" / "bootstrap.site.css"
# Classes made at run time from values the scan cannot see as whole words.
SAFELIST = {
    # Message levels (`alert-{{ message.tags }}`).
    "alert-info",
    "alert-success",
    "alert-warning",
    "alert-danger",
    "alert-debug",
}
WORD = re.compile(r"[A-Za-z0-9_-]+")
CLASS_OR_ID = re.compile(r"[.#](-?[_a-zA-Z][_a-zA-Z0-9-]*)")


def bootstrap_css() -> str:
    import bootstrap

    path = Path(bootstrap.__file__).parent / "static/bootstrap/css/bootstrap.min.css"
    return path.read_text()


def content_files() -> list[Path]:
    """Where the site's class names are written."""
    import crispy_bootstrap5

    roots = [
        (BASE_DIR / "templates", "*.html"),
        (Path(crispy_bootstrap5.__file__).parent / "templates", "*.html"),
        (BASE_DIR / "static" / "js", "*.js"),
    ]
    files = [path for root, pattern in roots for path in root.rglob(pattern)]
    for app in ("coaching", "articles", "bookings", "newsletter", "outbox"):
        files += [
            path
            for path in (BASE_DIR / app).rglob("*.py")
            if "migrations" not in path.parts
        ]
    return sorted(files)


def used_words() -> set[str]:
    words = set(SAFELIST)
    for path in content_files():
        words.update(WORD.findall(path.read_text(errors="ignore")))
    return words


def _selector_used(selector: str, words: set[str]) -> bool:
    # Strip what is not a class or id name: attribute values, pseudo arguments.
    bare = re.sub(r"\[[^\]]*\]", "", selector)
    bare = re.sub(r"\\.", "", bare)
    return all(name in words for name in CLASS_OR_ID.findall(bare))


def _keep_rule(rule, words: set[str]) -> str | None:
    prelude = tinycss2.serialize(rule.prelude).strip()
    kept = [s for s in _split_selectors(prelude) if _selector_used(s, words)]
    if not kept:
        return None
    return ",".join(kept) + "{" + tinycss2.serialize(rule.content).strip() + "}"


def _split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not inside :is(...))."""
    parts, depth, current = [], 0, ""
    for char in prelude:
        depth += char in "([" and 1 or (char in ")]" and -1 or 0)
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return [part for part in parts if part]


def _subset(rules, words: set[str]) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            if (kept := _keep_rule(rule, words)) is not None:
                out.append(kept)
        elif rule.type == "at-rule" and rule.content is not None:
            keyword = rule.lower_at_keyword
            prelude = tinycss2.serialize(rule.prelude).strip()
            if keyword in ("media", "supports", "container", "layer"):
                inner = tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                kept = _subset(inner, words)
                if kept:
                    out.append(f"@{keyword} {prelude}{{{''.join(kept)}}}")
            elif keyword == "keyframes" and prelude in words:
                out.append(tinycss2.serialize([rule]))
        elif rule.type == "at-rule":
            out.append(tinycss2.serialize([rule]))
    return out


def build() -> str:
    """The subset stylesheet, as written to OUTPUT."""
    rules = tinycss2.parse_stylesheet(
        bootstrap_css(), skip_comments=True, skip_whitespace=True
    )
    kept = _subset(rules, used_words())
    # @charset may only come first; the note follows it.
    charset = [kept.pop(0)] if kept and kept[0].startswith("@charset") else []
    note = (
        "/* Bootstrap v5 (MIT, https://getbootstrap.com): only the rules this "
        "site uses, written by bin/bootstrap_subset.py. Do not edit. */"
    )
    return "\n".join([*charset, note, *kept]) + "\n"


def main() -> int:
    css = build()
    OUTPUT.write_text(css)
    print(f"{OUTPUT.relative_to(BASE_DIR)}: {len(css):,} bytes")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(BASE_DIR))
    sys.exit(main())
