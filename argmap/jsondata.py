"""JSON input, decoded one way for every reader (map files and AIF).

Python's json module accepts what our outputs cannot carry and fails in ways
a user cannot act on: a `\\ud800` escape gives a lone surrogate that no UTF-8
file can hold (writing it fails much later, in render or export), deep nesting
raises RecursionError, NaN and Infinity are not JSON, and a 5,000-digit number
raises ValueError. `loads` turns each into a one-line located error, except
lone surrogates: tools written in JavaScript cut strings between the halves of
a pair, so one broken character should not lose a whole debate. Each lone
surrogate becomes U+FFFD (the replacement character) with a warning naming
where the first one was.
"""

from __future__ import annotations

import json
import re

from argmap.errors import ArgmapError, Diagnostic

_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)
_CONSTANT = re.compile(r"-?\b(?:NaN|Infinity)\b")


def load(data: bytes, path: str) -> tuple[object, list[Diagnostic]]:
    """JSON file bytes -> (the decoded value, warnings); refuses empty, binary and non-UTF-8 input."""
    from argmap.reading import decode

    return loads(decode(data, path), path)


def loads(text: str, path: str) -> tuple[object, list[Diagnostic]]:
    """JSON text -> (the decoded value, warnings); every failure is one located ArgmapError."""
    text = text.lstrip("\ufeff")
    warnings: list[Diagnostic] = []
    if _SURROGATE.search(text):
        text = _replace_lone_surrogates(text, path, warnings)

    def refuse_constant(name: str):
        match = _CONSTANT.search(text)
        line, col = _position(text, match.start()) if match else (None, None)
        raise ArgmapError(Diagnostic(f"not valid JSON: {name} is not a JSON number", path, line, col))

    try:
        return json.loads(text, parse_constant=refuse_constant), warnings
    except json.JSONDecodeError as err:
        raise ArgmapError(Diagnostic(f"not valid JSON: {err.msg}", path, err.lineno, err.colno)) from None
    except RecursionError:
        line, col = _position(text, _deepest(text))
        raise ArgmapError(Diagnostic("JSON nested too deeply to read", path, line, col)) from None
    except ValueError as err:  # a number with more digits than Python converts
        raise ArgmapError(Diagnostic(f"not valid JSON: {err}", path)) from None


def _replace_lone_surrogates(text: str, path: str, warnings: list[Diagnostic]) -> str:
    """`text` with every `\\uD8xx`-`\\uDFxx` escape that is not half of a pair written as `\\ufffd`.

    Backslashes only occur inside strings in JSON, so scanning escapes from the
    start reads them as the decoder does (`\\\\ud800` is a backslash, then text).
    """
    pieces, last, lone = [], 0, []
    escapes = list(_ESCAPE.finditer(text))
    paired: set[int] = set()
    for index, match in enumerate(escapes):
        code = int(match[1], 16) if match[1] else None
        if code is None or not 0xD800 <= code <= 0xDFFF or index in paired:
            continue
        after = escapes[index + 1] if index + 1 < len(escapes) else None
        if (
            code <= 0xDBFF and after is not None and after.start() == match.end()
            and after[1] and 0xDC00 <= int(after[1], 16) <= 0xDFFF
        ):
            paired.add(index + 1)
            continue
        lone.append(match.start())
        pieces += [text[last:match.start()], "\\ufffd"]
        last = match.end()
    if not lone:
        return text
    line, col = _position(text, lone[0])
    more = f" (and {len(lone) - 1} more)" if len(lone) > 1 else ""
    warnings.append(Diagnostic(
        f"a lone UTF-16 surrogate escape is not a character; replaced by U+FFFD{more}", path, line, col, "warning",
    ))
    return "".join(pieces) + text[last:]


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _deepest(text: str) -> int:
    """Roughly where nesting passes the reader's depth: the first bracket at depth 500 (strings ignored)."""
    depth = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text):
        token = match[0]
        if token in "[{":
            depth += 1
            if depth >= 500:
                return match.start()
        elif token in "]}":
            depth -= 1
    return 0
