"""DOT source -> SVG, PNG or PDF bytes, through Graphviz's `dot` program.

The one place argmap runs Graphviz (render, the reader page): a missing
package, a missing program or a drawing failure becomes a one-line error, and
a PDF comes out the same for the same map.
"""

from __future__ import annotations

import re

from argmap.errors import ArgmapError


def draw_dot(source: str, fmt: str) -> bytes:
    """DOT source as `fmt` bytes: itself for dot, else what Graphviz's `dot` makes of it."""
    if fmt == "dot":
        return source.encode("utf-8")
    try:
        import graphviz
    except ImportError:
        raise ArgmapError(
            "the Python package 'graphviz' is missing: pip install graphviz (or use --format dot)"
        ) from None
    try:
        drawn = graphviz.pipe("dot", fmt, source.encode("utf-8"), quiet=True)
        return reproducible_pdf(drawn) if fmt == "pdf" else drawn
    except graphviz.ExecutableNotFound:
        raise ArgmapError(
            "Graphviz's 'dot' program was not found on PATH: install Graphviz "
            "(apt-get install graphviz, brew install graphviz, or "
            "https://graphviz.org/download/), or use --format dot"
        ) from None
    except graphviz.CalledProcessError as error:
        stderr = (error.stderr or b"").decode("utf-8", "replace").strip()
        first = stderr.splitlines()[0] if stderr else f"exit status {error.returncode}"
        raise ArgmapError(f"Graphviz's 'dot' failed to draw the map: {first}") from None


_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate) \(D:[^)]*\)")


def reproducible_pdf(pdf: bytes) -> bytes:
    """The same PDF for the same map: its dates become SOURCE_DATE_EPOCH, or go.

    cairo (1.16, under Graphviz) stamps /CreationDate with the clock. Each date
    is rewritten in place, padded with spaces to its old length, so the byte
    offsets the PDF's cross-reference table records stay right.
    """
    import os
    import time

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    stamp = time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(int(epoch))).encode() if epoch.isdigit() else None

    def rewrite(match: re.Match) -> bytes:
        old = match.group()
        new = old.split(b" ", 1)[0] + b" (" + stamp + b")" if stamp else b""
        return new.ljust(len(old)) if len(new) <= len(old) else b"".ljust(len(old))

    return _PDF_DATE.sub(rewrite, pdf)
