"""From a file on disk to a checked graph: the steps every command shares.

`build_file` reads an annotated essay, parses it, builds and checks the graph.
(`argmap.formats.load` picks between this and the other formats' readers.)
"""

from __future__ import annotations

import sys
import os
import re
import stat
from dataclasses import dataclass

from argmap import output
from argmap.base import collection_paused
from argmap.errors import ArgmapError, Diagnostic


@dataclass
class Build:
    graph: object  # networkx.DiGraph
    warnings: list[Diagnostic]


MAX_INPUT = 64 * 2**20
"""Inputs above this size are refused, unless ARGMAP_MAX_INPUT says otherwise.

Building takes about 34 bytes of memory per byte of annotated text (a 10 MB
essay: 12 s, 340 MB), so 64 MiB is about 2 GB and a minute and a half.
"""


def input_limit() -> int | None:
    """The input size limit in bytes: ARGMAP_MAX_INPUT (200M, 1G, 500000; 0 for none), else MAX_INPUT."""
    value = os.environ.get("ARGMAP_MAX_INPUT", "").strip()
    if not value:
        return MAX_INPUT
    match = re.fullmatch(r"(\d+)\s*([KMG]?)i?B?", value, re.IGNORECASE)
    if not match:
        raise ArgmapError(f"ARGMAP_MAX_INPUT={value} is not a size: give bytes or a number with K, M or G (0: no limit)")
    size = int(match[1]) * 1024 ** " KMG".index(match[2].upper() or " ")
    return size or None


def _too_big(path: str, size: int | None, limit: int) -> ArgmapError:
    what = f"is {_human(size)}, over" if size else "is over"
    raise_to = -(-max(size or 0, 2 * limit) // 2**20)
    return ArgmapError(Diagnostic(f"{what} the {_human(limit)} input limit (ARGMAP_MAX_INPUT={raise_to}M raises it)", path))


def _human(size: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def read_bytes(path: str) -> bytes:
    """A file's bytes ('-' for stdin), with a one-line error when it cannot be read or is too big."""
    limit = input_limit()
    try:
        if path == "-":
            data = _stdin_bytes(limit)
        elif not is_regular(path):
            data = _stream_bytes(path, limit)
        else:
            data = _file_bytes(path, limit)
        if limit and len(data) > limit:  # a pipe or a device: read one byte past the limit to know
            raise _too_big(path, None, limit)
        return data
    except IsADirectoryError:
        raise ArgmapError(Diagnostic("is a directory, not a file", path)) from None
    except OSError as err:
        raise ArgmapError(Diagnostic(f"cannot read file: {err.strerror}", path)) from None


def _file_bytes(path: str, limit: int | None) -> bytes:
    """A regular file's bytes, read through its descriptor (no buffered file object: a corpus reads
    two small files per essay, where the object's set-up cost more system calls than the reading)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced by a pipe or a device since it was looked at
            with open(fd, "rb", closefd=False) as handle:
                data = _read_upto(handle, limit)
        elif limit and info.st_size > limit:  # a regular file says its size: refuse before reading it
            raise _too_big(path, info.st_size, limit)
        else:
            pieces = []
            while piece := os.read(fd, max(info.st_size + 1, 1 << 16)):  # until end of file: it may have grown
                pieces.append(piece)
            data = pieces[0] if len(pieces) == 1 else b"".join(pieces)
    finally:
        os.close(fd)
    output.protect_file(path, info)  # an input of this run: no output may replace it
    return data


_stdin: tuple[object, bytes] | None = None
_streams: dict[tuple[int, int], bytes] = {}


def is_regular(path: str) -> bool:
    """Whether `path` is a regular file (a pipe such as <(cat essay) or a fifo can be read only once)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return True  # let opening it say what is wrong


def _stream_bytes(path: str, limit: int | None) -> bytes:
    """A pipe's or a fifo's bytes, read once and kept, so that guessing the format does not eat them."""
    key = (os.stat(path).st_dev, os.stat(path).st_ino)
    if key not in _streams:
        with open(path, "rb") as handle:
            _streams[key] = _read_upto(handle, limit)
    return _streams[key]


def _read_upto(stream, limit: int | None) -> bytes:
    """All of `stream`, or its first limit + 1 bytes: enough to know it is over the limit.

    Read in pieces: `read(limit + 1)` would set aside the whole limit for a small file.
    """
    if not limit:
        return stream.read()
    pieces, total = [], 0
    while total <= limit:
        piece = stream.read(min(1 << 22, limit + 1 - total))
        if not piece:
            break
        pieces.append(piece)
        total += len(piece)
    return pieces[0] if len(pieces) == 1 else b"".join(pieces)


def _stdin_bytes(limit: int | None) -> bytes:
    """Standard input, read once, so that guessing its format does not eat what the reader needs.

    The stream is kept with its bytes: a new stdin (another CliRunner call) is read afresh.
    """
    global _stdin
    stream = sys.stdin.buffer
    if _stdin is None or _stdin[0] is not stream:
        _stdin = (stream, _read_upto(stream, limit))
    return _stdin[1]


def stdin_was_read() -> bool:
    """Whether '-' names bytes this process already holds (else reading it would wait for new input)."""
    return _stdin is not None and _stdin[0] is sys.stdin.buffer


_last_plain: tuple[str, str, str] | None = None
"""(path, sha256, plain text) of the essay built last: export and the reader page need its text again."""


def build_text(data: bytes, path: str, check: bool = True) -> Build:
    """Annotated essay bytes -> checked graph (`check=False`: no warnings looked for, when nobody reads them)."""
    from argmap import build, model, reading, syntax

    global _last_plain
    with collection_paused():
        document = syntax.parse(reading.decode(data, path), path, mentions=False)
        digest = model.sha256(data)
        graph = build.build_graph(document, digest)
        _last_plain = (path, digest, document.plain)
        return Build(graph, model.check(graph) if check else [])


def built_plain_text(path: str, digest: str | None) -> str | None:
    """The plain text of the essay at `path` with that sha256 if this process built it last, so it is not parsed again."""
    if _last_plain is not None and _last_plain[:2] == (path, digest):
        return _last_plain[2]
    return None


def build_file(path: str, check: bool = True) -> Build:
    return build_text(read_bytes(path), path, check)


def plain_text(path: str) -> str:
    """The essay under the annotations of the file at `path`."""
    from argmap import reading, syntax

    return syntax.strip(reading.decode(read_bytes(path), path), path)

