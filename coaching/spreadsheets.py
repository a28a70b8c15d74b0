"""CSV cells that spreadsheet apps open safely (every export on the site uses this)."""

# A cell starting with one of these is read as a formula by spreadsheet apps
# (OWASP "CSV Injection"); a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as text, neutralised when a spreadsheet would run it."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
