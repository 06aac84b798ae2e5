"""An input file's text: bytes decoded (empty, binary and non-UTF-8 input refused) and offsets located.

Shared by the essay parser and every format reader, so each reports the same
errors and positions for the same bytes.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right

from argmap.errors import ArgmapError, Diagnostic


def decode(data: bytes, path: str) -> str:
    """Bytes of an input file -> text, refusing empty, binary and non-UTF-8 input."""
    if not data.strip():
        raise ArgmapError(Diagnostic("input is empty", path))
    if b"\0" in data:
        nul = data.index(b"\0")
        line = data.count(b"\n", 0, nul) + 1
        col = len(data[data.rfind(b"\n", 0, nul) + 1 : nul].decode("utf-8", "replace")) + 1
        raise ArgmapError(Diagnostic("input is binary (it contains NUL bytes), not an essay", path, line, col))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        col = len(data[data.rfind(b"\n", 0, err.start) + 1 : err.start].decode("utf-8", "replace")) + 1
        raise ArgmapError(
            Diagnostic(f"input is not UTF-8 (byte 0x{data[err.start]:02x} cannot be decoded)", path, line, col)
        ) from None


class Locator:
    """Character offsets in a text -> 1-based (line, column)."""

    def __init__(self, text: str):
        self.line_starts = array("q", [0])  # an array, not a list of ints: a fifth of the memory
        self.line_starts.extend(m.end() for m in re.finditer("\n", text))

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def line(self, offset: int) -> tuple[int, int]:
        """The 1-based line holding `offset` and the offset where that line starts (column 1)."""
        line = bisect_right(self.line_starts, offset)
        return line, self.line_starts[line - 1]
