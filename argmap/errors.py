"""Errors and warnings that reach users as one line each.

Every failure a user can cause is an `ArgmapError`; the CLI prints it as
`FILE:LINE:COL: error: message` (the form editors make clickable) and exits 1.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """One located message about an input file."""

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
