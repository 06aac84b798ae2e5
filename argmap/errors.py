"""Errors and warnings that reach users as one line each.

Every failure a user can cause is an `ArgmapError`; the CLI prints it as
`FILE:LINE:COL: error: message` (the form editors make clickable) and exits 1.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple


class Diagnostic(NamedTuple):
    """One located message about an input file (a NamedTuple: `dataclasses` costs `argmap --help` 5 ms to import)."""

    message: str
    path: str | None = None
    line: int | None = None
    col: int | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = ":".join(
            str(part) for part in (self.path, self.line, self.col) if part is not None
        )
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.severity}: {self.message}"


class ArgmapError(Exception):
    """A failure to report to the user, carrying one or more diagnostics."""

    def __init__(self, diagnostics: Diagnostic | str | list[Diagnostic]):
        if isinstance(diagnostics, str):
            diagnostics = Diagnostic(diagnostics)
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class Flood:
    """What compilers do with a flood of diagnostics: the first `limit` of each kind, then how many more.

    One Flood can cap the diagnostics of many documents (a corpus build).
    `limit=None` lets everything through (--all-warnings).
    """

    def __init__(self, limit: int | None = 20):
        self.limit = limit
        self.shown: Counter[str] = Counter()
        self.held: Counter[str] = Counter()
        self.severity: dict[str, str] = {}

    def admit(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics to print now; the others are counted for `summary`."""
        admitted = []
        for diagnostic in diagnostics:
            kind = kind_of(diagnostic.message)
            self.severity[kind] = diagnostic.severity
            if self.limit is None or self.shown[kind] < self.limit:
                self.shown[kind] += 1
                admitted.append(diagnostic)
            else:
                self.held[kind] += 1
        return admitted

    def summary(self) -> list[str]:
        """One line per kind held back: `... and 2,146 more 'has no support' warnings (--all-warnings to see them)`."""
        return [
            f"... and {count:,} more '{kind}' {self.severity[kind]}{'s' if count != 1 else ''} (--all-warnings to see them)"
            for kind, count in self.held.items()
        ]


def kind_of(message: str) -> str:
    """What a message says, without what it says it about: "claim 'x' has no support" -> 'has no support'.

    Statement ids come quoted, and may hold quotes themselves, so the kind is
    what follows the last quote, up to a colon, with numbers blanked.
    """
    tail = message.rsplit("'", 1)[-1] if "'" in message else message
    kind = re.sub(r"\d+", "N", tail.split(": ", 1)[0].split(":", 1)[0]).strip(" .")
    return kind or message[:40]
