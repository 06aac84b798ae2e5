"""Other tools' formats in and out: one module per format, all meeting at the graph.

`load(path)` picks a reader by extension or content (or the one `fmt` names)
and returns the graph with its warnings; `write(graph, fmt, text)` turns a
graph into another format. Readers and writers import networkx only when
called, so importing this package costs nothing at `argmap --help`.
"""

from __future__ import annotations

import os
import re

from argmap.errors import ArgmapError, Diagnostic

READ_FORMATS = ("argmap", "json", "brat", "aif", "argdown", "microtexts")
WRITE_FORMATS = ("aif", "argdown", "argmap", "brat", "graphml", "json", "mermaid")
_ANNOTATION = re.compile(rb"\]\{[ \t]*[#.]")
NEEDS_TEXT = ("argmap", "brat")
"""Writers that rebuild the essay around the spans, so they need its plain text."""


def format_by_name(path: str) -> str | None:
    """The reader a file's extension alone settles (brat's .ann, Argdown), without opening it."""
    lower = path.lower()
    if lower.endswith(".ann"):
        return "brat"
    if lower.endswith((".argdown", ".ad")):
        return "argdown"
    return None


def detect_format(path: str, head: bytes) -> str | None:
    """The reader for a file, from its extension and its first bytes; None for our annotated text."""
    lower = path.lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if by_name := format_by_name(path):
        return by_name
    if lower.endswith(".txt") and os.path.exists(path[:-4] + ".ann") and not _ANNOTATION.search(head):
        return "brat"
    if b"<arggraph" in head:
        return "microtexts"
    if stripped.startswith(b"{"):
        if b'"format": "argmap"' in head or b'"format":"argmap"' in head:
            return "json"
        if b'"nodeID"' in head or b'"AIF"' in head or b'"aif"' in head:
            return "aif"
        if lower.endswith(".json"):
            return "json"
    if lower.endswith(".xml"):
        return "microtexts"
    if lower.endswith(".json"):
        return "aif"
    return None


def load(path: str, fmt: str | None = None, check: bool = True):
    """Read any supported input into a `pipeline.Build` (graph + warnings).

    `check=False` skips looking for the warnings `model.check` gives on a map
    file or an annotated essay (evaluate, query and render drop them): at
    10^5 statements that search costs as much as the evaluation.
    """
    from argmap import pipeline

    if fmt is None:
        fmt = _format_of(path)
    if fmt in (None, "argmap"):
        return pipeline.build_file(path, check)
    if fmt not in READ_FORMATS:
        raise ArgmapError(Diagnostic(f"unknown input format '{fmt}'; formats are {', '.join(READ_FORMATS)}", path))
    from argmap.base import collection_paused

    with collection_paused():  # as for an essay: readers make many objects and no cycles (GC: 40% more at 10^4 statements)
        if fmt == "json":
            from argmap import jsondata, mapfile, model

            data, warnings = jsondata.load(pipeline.read_bytes(path), path)
            graph = mapfile.from_data(data, path)
            return pipeline.Build(graph, warnings + (model.check(graph) if check else []))
        return _module(fmt).read(path)


def _format_of(path: str) -> str | None:
    """`detect_format` for a file on disk, opening it only when its name does not settle the format."""
    return format_by_name(path) or detect_format(path, _head(path))


def _head(path: str) -> bytes:
    """The first bytes of a file ('-': stdin), enough to tell its format; b"" if unreadable."""
    from argmap import pipeline

    if path == "-" or not pipeline.is_regular(path):  # a pipe: read once, through the reader's cache
        try:
            return pipeline.read_bytes(path)[:4096]
        except ArgmapError:
            return b""
    try:
        with open(path, "rb") as handle:
            return handle.read(4096)
    except OSError:
        return b""  # the reader reports the unreadable file in its own words


def read(path: str, fmt: str | None = None):
    """The graph of any supported input (warnings dropped; use `load` to see them)."""
    return load(path, fmt, check=False).graph


def source_text(graph) -> str | None:
    """The plain text the graph's spans point into, re-read from its source; None if there is none."""
    from argmap import pipeline

    path = graph.graph.get("source")
    if not isinstance(path, str) or not path or not (pipeline.stdin_was_read() if path == "-" else os.path.exists(path)):
        return None  # no source file, or a map built from an earlier stdin
    fmt = _format_of(path)
    if fmt in (None, "argmap"):
        from argmap import model, reading, syntax

        built = pipeline.built_plain_text(path, graph.graph.get("sha256"))
        if built is not None:  # the graph was built from it in this process: its text is at hand
            return built
        data = pipeline.read_bytes(path)
        if model.sha256(data) != graph.graph.get("sha256"):
            raise ArgmapError(Diagnostic("the essay changed since the map was built; rebuild the map first", path))
        return syntax.strip(reading.decode(data, path), path)
    if fmt in ("brat", "aif", "microtexts"):
        return _module(fmt).plain_text(path)
    return None


def plain_text(path: str, fmt: str | None = None) -> str:
    """The plain essay behind any input `argmap text` is given: an annotated essay stripped,
    a brat, microtexts or AIF file's own text, or the essay a map was built from."""
    from argmap import pipeline

    if fmt is None:
        fmt = _format_of(path)
    if fmt in (None, "argmap"):
        return pipeline.plain_text(path)
    if fmt not in READ_FORMATS:
        raise ArgmapError(Diagnostic(f"unknown input format '{fmt}'; formats are {', '.join(READ_FORMATS)}", path))
    text = _module(fmt).plain_text(path) if fmt in ("brat", "aif", "microtexts") else None
    if text is None and fmt == "json":
        text = source_text(read(path, fmt))
    if text is None:
        raise ArgmapError(Diagnostic(f"this {fmt} file carries no essay text and names no essay argmap can read", path))
    return text


def write(graph, fmt: str, text: str | None = None) -> str | dict[str, str]:
    """The graph in format `fmt` (warnings about what it cannot hold dropped; use `export` to see them)."""
    return export(graph, fmt, text)[0]


def export(graph, fmt: str, text: str | None = None) -> tuple[str | dict[str, str], list]:
    """(the graph in format `fmt`, one warning per kind of shape the format cannot hold); brat gives {'txt': ..., 'ann': ...}.

    `text` is the plain essay the spans point into (see `source_text`); the
    argmap and brat writers need it whenever a statement has spans.
    """
    from argmap.formats.common import Losses

    if fmt not in WRITE_FORMATS:
        raise ArgmapError(f"unknown output format '{fmt}'; formats are {', '.join(WRITE_FORMATS)}")
    if fmt == "json":
        from argmap import mapfile

        return mapfile.dumps(graph), []
    has_spans = any(spans for _, spans in graph.nodes(data="spans"))
    if fmt in NEEDS_TEXT and has_spans and text is None:
        raise ArgmapError(Diagnostic(
            f"writing {fmt} needs the essay's plain text, and the map's source cannot be read", graph.graph.get("source"),
        ))
    losses = Losses(fmt)
    output = _module({"argmap": "annotated", "argdown": "argdown_writer"}.get(fmt, fmt)).write(graph, text, losses)
    return output, losses.warnings(graph.graph.get("source"))


def _module(fmt: str):
    import importlib

    return importlib.import_module(f"argmap.formats.{fmt}")
