"""From a file on disk to a checked graph: the steps every command shares.

`build_file` reads an annotated essay, parses it, builds and checks the graph.
(`argmap.formats.load` picks between this and the other formats' readers.)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from argmap import output
from argmap.base import collection_paused
from argmap.errors import ArgmapError, Diagnostic


@dataclass
class Build:
    graph: object  # networkx.DiGraph
    warnings: list[Diagnostic]


def read_bytes(path: str) -> bytes:
    """A file's bytes ('-' for stdin), with a one-line error when it cannot be read."""
    try:
        if path == "-":
            return _stdin_bytes()
        with open(path, "rb") as handle:
            data = handle.read()
        output.protect(path)  # an input of this run: no output may replace it
        return data
    except IsADirectoryError:
        raise ArgmapError(Diagnostic("is a directory, not a file", path)) from None
    except OSError as err:
        raise ArgmapError(Diagnostic(f"cannot read file: {err.strerror}", path)) from None


_stdin: tuple[object, bytes] | None = None


def _stdin_bytes() -> bytes:
    """Standard input, read once, so that guessing its format does not eat what the reader needs.

    The stream is kept with its bytes: a new stdin (another CliRunner call) is read afresh.
    """
    global _stdin
    stream = sys.stdin.buffer
    if _stdin is None or _stdin[0] is not stream:
        _stdin = (stream, stream.read())
    return _stdin[1]


def stdin_was_read() -> bool:
    """Whether '-' names bytes this process already holds (else reading it would wait for new input)."""
    return _stdin is not None and _stdin[0] is sys.stdin.buffer


def build_text(data: bytes, path: str) -> Build:
    """Annotated essay bytes -> checked graph."""
    from argmap import model, syntax

    with collection_paused():
        document = syntax.parse(syntax.decode(data, path), path)
        graph = model.build_graph(document, model.sha256(data))
        return Build(graph, model.check(graph))


def build_file(path: str) -> Build:
    return build_text(read_bytes(path), path)


def plain_text(path: str) -> str:
    """The essay under the annotations of the file at `path`."""
    from argmap import syntax

    return syntax.strip(syntax.decode(read_bytes(path), path), path)

