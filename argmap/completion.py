"""What an editor may offer while an attribute block is being typed: ids, inference names, groups, kinds, attributes.

The language server's completion; it reads the last analysis that parsed
(`argmap.editor.Analysis`), since the text being typed rarely does.
"""

from __future__ import annotations

import re

from argmap import syntax
from argmap.editor import Analysis, Range

_WRITTEN_ID = re.compile(r"[\s{]#([^\W][\w-]*)")


def completions(text: str, line: int, col: int, known: Analysis | None) -> tuple[Range, list[tuple[str, str, str]]] | None:
    """What may be typed at a position inside an attribute block: the range the word being typed
    covers, and (word, detail, what) items; None outside a block.

    `known` is the latest analysis that parsed (the text being typed rarely does): its ids and groups are offered.
    """
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    before = lines[line - 1][: col - 1]
    block = _open_block(lines, line, before)
    if block is None:
        return None
    token = re.split(r"[\s{]", block)[-1]
    word = re.search(r"[\w-]*$", token)[0]
    replace = Range(line, col - len(word), line, col)
    if known:
        ids = [(id, f"{kind} · {label}", "id") for id, kind, label in known.ids()]
    else:  # nothing parsed yet: the ids written so far
        ids = [(id, "", "id") for id in dict.fromkeys(_WRITTEN_ID.findall(text))]
    if "@" in token:
        items = [(name, "inference", "inference") for name in (known.inference_names() if known else [])]
    elif "&" in token and token[:1] in "+-":
        items = [(group, "linked group", "group") for group in (known.link_groups() if known else [])]
    elif token[:1] in "+-_" or ">" in token or token[:1] == "#" and "." not in token:
        items = ids
    elif "." in token:
        items = [(kind, "kind", "kind") for kind in syntax.KINDS]
    elif token == word:
        items = [(key, "attribute", "attribute") for key in syntax.ATTRIBUTE_KEYS]
    else:
        return None
    return replace, [item for item in items if item[0].startswith(word)]


def _open_block(lines: list[str], line: int, before: str) -> str | None:
    """The attribute block from its '{' up to the cursor, if the cursor is inside one.

    A block may cross line breaks but not a blank line, so the search goes back to one.
    """
    context = [before]
    for number in range(line - 1, max(line - 20, 0), -1):
        if not lines[number - 1].strip():
            break
        context.insert(0, lines[number - 1])
    text = "\n".join(context)
    brace = text.rfind("{")
    return text[brace:] if brace > text.rfind("}") else None
