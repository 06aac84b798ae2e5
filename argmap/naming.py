"""How argmap names things: ids made from text, default labels, "did you mean" hints.

Every reader names statements it was given no id for, and every error about an
unknown name suggests the closest one, the same way.
"""

from __future__ import annotations

import re

LABEL_LIMIT = 60
_SLUG_WORD = re.compile(r"[^\W_]+")


def did_you_mean(word: str, choices) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    import difflib  # only on the way to an error: not at start-up

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def shorten(text: str, limit: int = LABEL_LIMIT) -> str:
    """Collapse whitespace and cut at a word boundary, for default labels."""
    flat = " ".join(text.split())  # what re.sub(r"\s+", " ", text).strip() gives, at a quarter of its cost
    if len(flat) <= limit:
        return text if flat == text else flat  # the text itself: one string held instead of two
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.—–-")
    return cut + "…"


class Names(set):
    """Ids in use, for `slug`: it remembers the last number it gave each base.

    Numbering `x-2`, `x-3` ... then costs one step per id instead of a scan
    over all earlier ones, which made 16,000 statements of one text take 40 s.
    The set must only grow (the numbers below the last were all taken then).
    """

    def __init__(self, names=()):
        super().__init__(names)
        self.last: dict[str, int] = {}


def slug(text: str, taken: set[str], words: int = 5) -> str:
    """A readable id from the first words of `text`, unique in `taken` (which it extends).

    Ids made this way stay stable under edits elsewhere in the document.
    Give `Names` for `taken` where many statements may share their first words.
    """
    lowered = text.lower()
    # One word (a title like "S12", the common case) is its own slug: no findall, no join.
    base = lowered if lowered.isalnum() else "-".join(_SLUG_WORD.findall(lowered)[:words]) or "statement"
    last = getattr(taken, "last", {})
    candidate, n = base, last.get(base, 1) + 1
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    if candidate != base:
        last[base] = n - 1
    taken.add(candidate)
    return candidate
