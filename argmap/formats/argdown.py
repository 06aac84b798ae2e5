"""Argdown (argdown.org), a documented subset; see docs/formats.md. The writer is argdown_writer.

Read: `[Title]: text` statements (a reused title is the same statement),
`<Title>: text` arguments, relations written under an element (`+` `<+`
support, `-` `<-` attack, `_` `<_` undercut, `+>` `->` `_>` the same from
the parent, `><` contradiction = attacks both ways), premise-conclusion
structures (`(1) ...`, `----` or `-- rule --`, conclusion), headings as
sections, `===` front matter (`title`), comments. Tags and `{data}` are
dropped with a warning; untitled prose with no relation is left off with a
warning (Argdown's own maps leave it off too).

An argument with a premise-conclusion structure becomes its statements: the
premises of each inference support its conclusion together (one linked
argument), and relations of the argument are relations of its final
conclusion; undercutting it undercuts that last inference. An argument
without one is a statement of its own (its description is the text).
"""

from __future__ import annotations

import re
from itertools import islice

from argmap.errors import ArgmapError, Diagnostic
from argmap.formats.common import Draft
from argmap.naming import Names, slug
from argmap.reading import decode

_RELATION = re.compile(r"(<\+|<-|<_|\+>|->|_>|><|\+|-|_)\s+(.*)")
_NUMBERED = re.compile(r"\((\d+)\)\s+(.*)")
_INFERENCE = re.compile(r"-{4,}\s*$")
_HEADING = re.compile(r"(#{1,6})\s+(.*)")
_ELEMENT = re.compile(r"(?:\[(?P<statement>[^\]]+)\]|<(?P<argument>[^>]+)>)(?::\s*(?P<text>.*))?", re.DOTALL)
_DATA = re.compile(r"\s*\{[^{}]*\}\s*$")
_TAG = re.compile(r"(?<!\S)#(?:\([^)]*\)|[\w-]+)")
_COMMENT = re.compile(r"/\*.*?\*/|<!--.*?-->", re.DOTALL)
_LINE_COMMENT = re.compile(r"(?:^|(?<=\s))//.*$", re.MULTILINE)
_BOLD = re.compile(r"(?<![\w*])(\*\*|__)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_ITALIC = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_RELATION_FIRST = frozenset("<+-_>")
SIGNS = {
    "+": ("child", "support"), "<+": ("child", "support"), "-": ("child", "attack"), "<-": ("child", "attack"),
    "_": ("child", "undercut"), "<_": ("child", "undercut"), "+>": ("parent", "support"),
    "->": ("parent", "attack"), "_>": ("parent", "undercut"), "><": ("both", "attack"),
}


def read(path: str):
    from argmap import model
    from argmap.pipeline import Build, read_bytes

    data = read_bytes(path)
    graph, warnings = parse(decode(data, path), path, model.sha256(data))
    return Build(graph, warnings + model.check(graph))


def _plain(text: str) -> str:
    """Text without Markdown emphasis: `**bold**`, `__bold__`, `*italic*` and `_italic_` keep their words only."""
    if "*" not in text and "_" not in text:  # most text: no emphasis, no need for two regex passes
        return text
    return _ITALIC.sub(r"\2", _BOLD.sub(r"\2", text))


def _blank(match: re.Match) -> str:
    """A comment replaced by spaces, keeping its line breaks so lines keep their numbers."""
    return re.sub(r"[^\n]", " ", match[0])


def _items(lines: list[str], start: int):
    """The lines as items, continuation lines joined: [type, text, line, indent, detail] in order.

    Types are heading, element, relation (detail: its sign), numbered (detail:
    its number) and inference. An item is given once complete (the next item,
    a blank line or the end closes it), so that no list of them all is held.
    """
    open_item = None  # the item a continuation line extends; a blank line closes it
    seen = False  # whether an item came before: a relation needs an element above it
    skip_rule = False
    for number, raw in enumerate(islice(lines, start, None), start + 1):
        stripped = raw.lstrip()
        content = stripped.rstrip()
        if skip_rule:
            skip_rule = content != "--"
            continue
        if not content:
            if open_item is not None:
                yield open_item
                open_item = None
            continue
        indent = len(raw) - len(stripped)
        first = content[0]  # each pattern below starts with one of a few characters: try only those that can match
        heading = _HEADING.fullmatch(content) if indent == 0 and first == "#" else None
        relation = _RELATION.fullmatch(content) if first in _RELATION_FIRST else None
        numbered = _NUMBERED.fullmatch(content) if first == "(" else None
        if heading:
            item = ["heading", heading[2], number, indent, None]
        elif first == "-" and (_INFERENCE.fullmatch(content) or content == "--" or (content.startswith("--") and content.endswith("--") and len(content) > 4)):
            skip_rule = content == "--"
            if open_item is not None:
                yield open_item
                open_item = None
            seen = True
            yield ["inference", content, number, indent, None]
            continue
        elif numbered:
            item = ["numbered", numbered[2], number, indent, numbered[1]]
        elif relation and seen and (indent > 0 or open_item is not None):
            item = ["relation", relation[2], number, indent, relation[1]]
        elif open_item is not None:
            open_item[1] += " " + content
            continue
        else:
            item = ["element", content, number, indent, None]
        if open_item is not None:
            yield open_item
        seen = True
        open_item = item
    if open_item is not None:
        yield open_item


def parse(text: str, path: str, digest: str):
    """Argdown text -> (graph, warnings)."""
    text, restore = _protect_escapes(text.lstrip("\ufeff"), path)
    if "/*" in text or "<!--" in text:
        text = _COMMENT.sub(_blank, text)
    if "//" in text:
        text = _LINE_COMMENT.sub("", text)
    lines = text.split("\n")  # lines as editors count them (splitlines would also break at \x0b, \x85, U+2028 ...)
    draft = Draft(path, digest)
    start = _front_matter(lines, draft)
    taken = Names()
    by_title: dict[str, dict[str, str]] = {"statement": {}, "argument": {}}  # kind -> title -> id
    arguments: dict[str, dict] = {}  # id -> {"steps": [[premises], ...], "conclusions": [...]}
    relations: list[tuple[tuple, tuple, str, int, int]] = []
    untitled: dict[str, int] = {}
    tag_line = None
    section = None

    def clean(raw: str, line: int) -> str:
        nonlocal tag_line
        data = _DATA.search(raw) if "{" in raw else None
        if data:
            draft.warn(f"Argdown data {data[0].strip()} skipped: argmap keeps no per-element data", line)
            raw = raw[: data.start()]
        if "#" in raw and _TAG.search(raw):
            tag_line = tag_line or line
            raw = _TAG.sub("", raw)
        if raw.isprintable() and "  " not in raw and raw[:1] != " " and raw[-1:] != " ":
            return raw  # already one space between words: every whitespace but the space is unprintable
        return " ".join(raw.split())  # str.split and the regex \s agree on what whitespace is

    def element(raw: str, line: int, col: int) -> tuple:
        """Declare or refer to a statement or an argument; return ('statement'|'argument', id)."""
        raw = clean(raw, line)
        match = _ELEMENT.fullmatch(raw)
        if match:
            statement, argument, text = match.group("statement", "argument", "text")
            kind, title = ("statement", statement.strip()) if statement is not None else ("argument", argument.strip())
            text = _plain(text) if text else ""
            titled = by_title[kind]
            id = titled.get(title)
            if id is None:
                id = titled[title] = slug(title, taken, words=8)
                draft.statement(id, text or title, label=title, section=section, line=line, col=col)
            elif text:
                known = draft.statements[id]
                if known["text"] == title:
                    known["text"] = text
                elif known["text"] != text:
                    draft.warn(f"[{title}] is given a second text; argmap keeps the first", line, col)
            return kind, id
        id = slug(raw, taken)
        untitled[id] = line
        draft.statement(id, _plain(raw), section=section, line=line, col=col)
        return "statement", id

    stack: list[tuple[int, tuple]] = []
    argument = None
    for kind, text, line, indent, detail in _items(lines, start):
        col = indent + 1
        if kind == "element":
            ref = element(text, line, col)
            stack = [(indent, ref)]
            argument = ref[1] if ref[0] == "argument" else None
        elif kind == "relation":
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                draft.error("relation without an element above it to relate to", line, col)
                continue
            parent = stack[-1][1]
            child = element(text, line, col + len(detail) + 1)
            direction, relation = SIGNS[detail]
            if direction != "parent":
                relations.append((child, parent, relation, line, col))
            if direction != "child":
                relations.append((parent, child, relation, line, col))
            stack.append((indent, child))
        elif kind == "numbered":
            finished = arguments.get(argument, {})
            if detail == "1" and finished.get("conclusions") and not finished.get("awaiting"):
                argument = None  # a second structure after a finished one: another argument
            if argument is None:  # a structure without <Title>: an anonymous argument
                argument = slug("argument", taken)
                draft.statement(argument, argument, section=section, line=line, col=col)
            structure = arguments.setdefault(argument, {"steps": [[]], "conclusions": [], "where": {}})
            ref = element(text, line, col)
            structure["where"].setdefault(ref[1], (line, col))
            if structure.get("awaiting"):
                structure["conclusions"].append(ref[1])
                structure["steps"].append([ref[1]])
                structure["awaiting"] = False
            else:
                structure["steps"][-1].append(ref[1])
            stack = [(indent, ref)]
        elif kind == "heading":
            section = _plain(clean(text, line)) or None
            stack, argument = [], None
        else:  # inference line
            if argument is None or argument not in arguments:
                draft.error("inference line with no numbered premises above it", line, col)
                continue
            arguments[argument]["awaiting"] = True
    if tag_line:
        draft.warn("Argdown tags (#tag) skipped: argmap keeps no tags", tag_line)

    # Reconstructed arguments become their inferences, titled by the argument on its last one;
    # relations of the argument use its final conclusion, an undercut of it aims at its last inference.
    last_inference: dict[str, object] = {}
    for id, structure in arguments.items():
        steps = structure["steps"][: len(structure["conclusions"])]
        if not steps:
            declared = draft.statements[id]
            draft.warn(f"argument '{declared.get('label') or id}' has premises but no conclusion (no '----' line); its premises stand alone", declared["line"])
        for index, (premises, conclusion) in enumerate(zip(steps, structure["conclusions"])):
            premises = [p for p in premises if p != conclusion]
            if not premises:
                continue
            line, col = structure["where"][premises[0]]
            last = index == len(steps) - 1
            title = draft.statements[id].get("label") if last else None  # an anonymous structure has no label
            last_inference[id] = draft.infer("support", premises, conclusion, title=title, line=line, col=col)
    reconstructed = {id: s for id, s in arguments.items() if s["conclusions"]}

    conclusion = {id: s["conclusions"][-1] for id, s in reconstructed.items()}  # what a relation of the argument relates

    related: set[str] = set()  # what is in a relation: only untitled text, left off without one, asks
    if untitled:
        related = {p for i in draft.inferences for p in i["premises"]} | {i["target"] for i in draft.inferences}
        for source, target, relation, line, col in relations:
            if relation != "undercut":
                related.update((conclusion.get(source[1], source[1]), conclusion.get(target[1], target[1])))
    undercuts = []
    for source, target, relation, line, col in relations:
        source_id = conclusion.get(source[1], source[1])
        if relation == "undercut":
            if target[0] != "argument":
                draft.warn("an undercut attacks an inference, that is an argument; this one targets a statement and is read as an attack", line, col)
                relation = "attack"
            else:
                undercuts.append((source_id, target[1], line, col))
                related.add(source_id)
                continue
        target_id = conclusion.get(target[1], target[1])
        if target[1] in reconstructed and any(source_id in step for step in reconstructed[target[1]]["steps"]):
            continue  # a sketch of what the structure already says: the statement is a premise
        if source_id == target_id:
            draft.warn("a relation between an argument and its own conclusion is skipped", line, col)
            continue
        draft.infer(relation, [source_id], target_id, line=line, col=col)
        if untitled:
            related.update((source_id, target_id))
    premise_of: dict[str, list] = {}  # statement -> keys of the inferences it is a premise of, kept up to date below
    for inference in draft.inferences if undercuts else ():
        for premise in inference["premises"]:
            premise_of.setdefault(premise, []).append(inference["key"])

    def undercut(source_id: str, target, **where) -> None:
        premise_of.setdefault(source_id, []).append(draft.infer("attack", [source_id], target, **where))

    for source_id, argument, line, col in undercuts:
        if argument in last_inference:
            undercut(source_id, last_inference[argument], on_inference=True, line=line, col=col)
            continue
        # An argument without a structure is a statement: the undercut aims at the inferences it is the premise of.
        aimed = list(premise_of.get(argument, ()))
        if not aimed:
            draft.warn("the undercut argument supports or attacks nothing, so the undercut is read as an attack on it", line, col)
            undercut(source_id, argument, line=line, col=col)
        for key in aimed:
            undercut(source_id, key, on_inference=True, line=line, col=col)
    for id in reconstructed:
        del draft.statements[id]  # the argument is fully represented by its statements
    for id, line in untitled.items():
        if id not in related and id in draft.statements:
            draft.warn("untitled text with no relation is not part of the map; give it a [title] to keep it", line)
            del draft.statements[id]
    _restore(draft, restore)
    return draft.build(), draft.warnings


def _protect_escapes(text: str, path: str):
    """`text` with each backslash-escaped character (`\\#`, `\\[`, `\\\\` ...) replaced by a private-use
    character that no pattern of the reader matches, and the function that puts the characters back.

    Argdown reads `\\x` as the character x, so that a text can hold `//`, `#tag`
    or `**` as written. The stand-ins are chosen among characters the text does not use.
    """
    escaped = dict.fromkeys(re.findall(r"\\(.)", text))
    if not escaped:
        return text, None
    free = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in text)
    stand_in = {}
    for char in escaped:
        stand_in[char] = next(free, None)
        if stand_in[char] is None:
            raise ArgmapError(Diagnostic("too many different backslash-escaped characters to read", path))
    table = str.maketrans({placeholder: char for char, placeholder in stand_in.items()})
    return re.sub(r"\\(.)", lambda match: stand_in[match[1]], text), lambda value: value.translate(table)


def _restore(draft: Draft, restore) -> None:
    """Escaped characters back in every text the draft holds: statements, sections, titles."""
    if restore is None:
        return
    for statement in draft.statements.values():
        for key in ("text", "label", "section"):
            if isinstance(statement.get(key), str):
                statement[key] = restore(statement[key])
    for inference in draft.inferences:
        if isinstance(inference.get("title"), str):
            inference["title"] = restore(inference["title"])
    if draft.title:
        draft.title = restore(draft.title)


def _front_matter(lines: list[str], draft: Draft) -> int:
    """Read `===` front matter (title); return the index of the first line after it."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != "===":
        return 0
    closing = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "==="), None)
    if closing is None:
        draft.error("front matter opened with '===' is never closed", first + 1, 1)
        return len(lines)
    skipped, key = [], None
    for line in lines[first + 1 : closing]:
        match = re.match(r"([A-Za-z_][\w-]*)\s*:\s*(.*)", line)
        if match and not line[0].isspace():
            key = match[1]
            if key == "title":
                draft.title = match[2].strip()
            else:
                skipped.append(key)
        elif key == "title" and line.strip():
            draft.title = f"{draft.title} {line.strip()}".strip()
    if draft.title:
        draft.title = draft.title.strip("\"'")
    if skipped:
        draft.warn(f"front matter keys skipped: {', '.join(skipped)} (argmap reads title)", first + 1)
    return closing + 1
