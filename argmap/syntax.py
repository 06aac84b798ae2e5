"""Annotated text -> spans with positions, and the plain essay underneath.

This module knows the annotation language (docs/annotation.md) and nothing
about graphs: it turns text into `Span`s located both in the plain text (the
essay with every annotation removed) and in the annotated file, and collects
every syntax error it finds so a user sees them all at once.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from sys import intern
from typing import Callable, NamedTuple

from argmap.base import KINDS
from argmap.errors import ArgmapError, Diagnostic
from argmap.naming import did_you_mean
from argmap.reading import Locator

ATTRIBUTE_KEYS = ("label", "weight")
ESCAPABLE = "\\[]{}"

_IDENT = r"[^\W][\w-]*"
_SPECIAL = re.compile(r"[\\\[\]{]")
# An attribute block: quoted strings may hold '}', a blank line ends the paragraph.
_ATTR_BLOCK = re.compile(r'\{((?:[^"}\n]|"(?:[^"\\]|\\.)*"|\n(?![ \t]*\r?\n))*)\}')
# Braces in prose are text; only a block that names a statement is taken for a
# misplaced annotation.
_LOOKS_LIKE_ATTRS = re.compile(r"\{[ \t]*(?:#[^\W]|\.[^\W\d_])|\{[^{}\n]*\b(?:label|weight)=")
# One attribute and the spaces before it (one match per attribute, not two).
_ATTR_TOKEN = re.compile(
    rf"""
    (?P<space>\s*)
    (?:
    \#(?P<id>{_IDENT})
  | \.(?P<kind>{_IDENT})
  | (?P<sign>[+-])(?P<aim>@)?(?P<target>{_IDENT})(?:&(?P<link>{_IDENT}))?(?:@(?P<name>{_IDENT}))?
  | _(?P<premise>{_IDENT})>(?P<undercut>{_IDENT})(?:&(?P<ulink>{_IDENT}))?(?:@(?P<uname>{_IDENT}))?
  | (?P<key>[A-Za-z_][\w-]*)=(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^\s"}}]+))
    )
    """,
    re.VERBOSE,
)
_FRONT_MATTER_OPEN = re.compile(r"---[ \t]*\r?\n")
_FRONT_MATTER_CLOSE = re.compile(r"^---[ \t]*\r?$\n?", re.MULTILINE)
_DECLARATION = re.compile(r"\[(?P<text>(?:[^\]\\]|\\.)*)\](?P<attrs>\{.*\})[ \t]*\r?$")
_INFERENCE_TITLE = re.compile(rf"@(?P<name>{_IDENT})[ \t]*:[ \t]*(?P<title>.*?)[ \t]*\r?$")
_METADATA = re.compile(r"(?P<key>[A-Za-z][\w-]*)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*\r?$")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*(?:#+[ \t]*)?\r?$", re.MULTILINE)
_UNESCAPE = re.compile(r"\\(.)")
_WHOLE_ID = re.compile(_IDENT)

RELATION_OF_SIGN = {"+": "support", "-": "attack"}


class Relation(NamedTuple):
    """One `+id`, `-id`, `-@inference` or `_premise>id` written on a span.

    `relation` is support, attack or undercut (`_premise>id`: an attack on
    the inference from `premise` to `id`). `on_inference` says `target`
    names an inference (`-@name`); `name` is the `@name` given to the
    inference this relation is part of. (A named tuple, not a frozen
    dataclass: a 10 MB essay makes 100,000 of them, and a frozen dataclass
    costs ten times as much to make.)
    """

    relation: str
    target: str
    line: int
    col: int
    link: str | None = None
    premise: str | None = None
    name: str | None = None
    on_inference: bool = False


class Mention(NamedTuple):
    """One id or inference name written in an attribute block, located at its first character.

    `role` is "id" for `#id`, "target" for the id after `+`, `-` or `>`,
    "premise" for the id between `_` and `>`, "inference" for the name that
    `@name` gives an inference, and "inference-target" for the inference an
    attack `-@name` aims at; editors use these to find, rename and complete.
    """

    id: str
    line: int
    col: int
    role: str


@dataclass(slots=True)  # slots: a 10 MB essay holds 85,000 of each
class Span:
    """One marked statement occurrence: a `[text]{...}` span or a front-matter declaration."""

    text: str
    line: int
    col: int
    id: str | None = None
    kind: str | None = None
    label: str | None = None
    weight: float | None = None
    relations: list[Relation] = field(default_factory=list)
    start: int | None = None  # plain-text offsets; None for implicit statements
    end: int | None = None
    end_line: int | None = None
    end_col: int | None = None
    attrs_line: int = 0  # the attribute block's '{'
    attrs_col: int = 0
    attrs_end_line: int = 0  # and its '}'
    attrs_end_col: int = 0
    mentions: list[Mention] = field(default_factory=list)  # ids written in the block, in order

    @property
    def implicit(self) -> bool:
        return self.start is None


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    title: str
    start: int  # plain-text offset of the heading line


@dataclass
class Document:
    """An annotated file parsed: its plain text and everything marked in it."""

    path: str
    plain: str
    spans: list[Span]  # front-matter declarations first, then spans in document order
    headings: list[Heading]
    metadata: dict[str, str]
    inference_titles: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # @name -> (title, line, col)

    def __post_init__(self):
        self._heading_starts = [heading.start for heading in self.headings]

    def section_at(self, offset: int | None) -> str | None:
        """Title of the innermost heading above a plain-text offset."""
        if offset is None or not self.headings:
            return None
        index = bisect_right(self._heading_starts, offset) - 1
        return self.headings[index].title if index >= 0 else None


def is_id(name: str) -> bool:
    """Whether `name` can be written as a statement or link id (`#name`, `+name`, `&name`)."""
    return _WHOLE_ID.fullmatch(name) is not None


def opens_front_matter(text: str) -> bool:
    """Whether `text` starts with a `---` line, which the parser would take for front matter."""
    return _FRONT_MATTER_OPEN.match(text) is not None


def front_matter_end(text: str) -> int:
    """Where the essay starts: after the closing `---` line of a front matter, else 0.

    An unclosed front matter counts as none (the parser reports it).
    """
    opening = _FRONT_MATTER_OPEN.match(text)
    closing = _FRONT_MATTER_CLOSE.search(text, opening.end()) if opening else None
    return closing.end() if closing else 0


class _Parser:
    def __init__(self, text: str, path: str, mentions: bool = True):
        self.text = text
        self.path = path
        self.mentions = mentions
        self.locate = Locator(text)
        self.errors: list[Diagnostic] = []
        self.removals: list[tuple[int, int]] = []  # annotated ranges that are markup
        self.spans: list[tuple[int, int, Span]] = []  # offsets of '[' and ']', and the span
        self.metadata: dict[str, str] = {}
        self.inference_titles: dict[str, tuple[str, int, int]] = {}
        self.cursor = (0, 1, 0)  # an offset, its line and where that line starts: see `block_line`

    def block_line(self, offset: int) -> tuple[int, int]:
        """The line of an attribute block's '{' and where that line starts.

        The blocks come in order, so this counts the line breaks since the
        last one instead of a binary search over every line (a tenth of the
        parsing).
        """
        last, line, line_start = self.cursor
        if offset < last:
            return self.locate.line(offset)
        breaks = self.text.count("\n", last, offset)
        if breaks:
            line, line_start = line + breaks, self.text.rfind("\n", last, offset) + 1
        self.cursor = (offset, line, line_start)
        return line, line_start

    def error(self, offset: int, message: str) -> None:
        line, col = self.locate(offset)
        self.errors.append(Diagnostic(message, self.path, line, col))

    # -- front matter -------------------------------------------------------

    def front_matter(self) -> tuple[int, list[Span]]:
        """Parse a leading `---` block; return where the essay starts and its declarations."""
        opening = _FRONT_MATTER_OPEN.match(self.text)
        if not opening:
            return 0, []
        closing = _FRONT_MATTER_CLOSE.search(self.text, opening.end())
        if not closing:
            self.error(0, "unclosed front matter: the opening '---' line has no closing '---' line")
            return 0, []
        declarations = []
        offset = opening.end()
        for line in self.text[opening.end() : closing.start()].splitlines(keepends=True):
            declarations += self.front_matter_line(line, offset)
            offset += len(line)
        self.removals.append((0, closing.end()))
        return closing.end(), declarations

    def front_matter_line(self, line: str, offset: int) -> list[Span]:
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            return []
        indent = len(line) - len(line.lstrip())
        start = offset + indent
        if stripped.startswith("["):
            match = _DECLARATION.match(line, indent)
            if not match:
                self.error(start, "bad statement declaration: write it as [text]{#id .kind +target}")
                return []
            text = _UNESCAPE.sub(r"\1", match["text"]).strip()
            if not text:
                self.error(start, "an implicit statement needs text between '[' and ']'")
                return []
            line_no, col = self.locate(start)
            span = Span(text=text, line=line_no, col=col)
            self.attributes(span, offset + match.start("attrs") + 1, match["attrs"][1:-1])
            return [span]
        if stripped.startswith("@"):
            match = _INFERENCE_TITLE.match(line, indent)
            if not match or not match["title"]:
                self.error(start, "bad inference title: write it as '@name: title'")
            elif match["name"] in self.inference_titles:
                self.error(start, f"inference '@{match['name']}' is given a title twice")
            else:
                self.inference_titles[match["name"]] = (match["title"], *self.locate(start))
            return []
        match = _METADATA.match(line, indent)
        if not match:
            self.error(start, "front matter lines are [text]{attributes} declarations, '@name: title' or 'key: value' metadata")
            return []
        self.metadata[match["key"]] = match["value"]
        return []

    # -- the essay ----------------------------------------------------------

    def body(self, start: int) -> None:
        text, n = self.text, len(self.text)
        opened: list[int] = []  # offsets of '[' not yet closed
        i = start
        while (match := _SPECIAL.search(text, i)) is not None:
            j = match.start()
            char = text[j]
            if char == "\\":
                if j + 1 < n and text[j + 1] in ESCAPABLE:
                    self.removals.append((j, j + 1))
                    i = j + 2
                else:
                    i = j + 1
            elif char == "[":
                opened.append(j)
                i = j + 1
            elif char == "]":
                if j + 1 < n and text[j + 1] == "{" and opened:
                    i = self.span(opened.pop(), j)
                elif j + 1 < n and text[j + 1] == "{" and _LOOKS_LIKE_ATTRS.match(text, j + 1):
                    self.error(j, "']' followed by an attribute block closes no '['")
                    i = self.skip_block(j + 1)
                else:
                    if opened:
                        opened.pop()
                    i = j + 1
            else:  # '{' that does not follow ']'
                if _LOOKS_LIKE_ATTRS.match(text, j):
                    if opened:
                        self.error(opened[-1], f"unclosed '[': the attribute block at {self.where(j)} has no ']' before it")
                        opened.pop()
                    else:
                        self.error(j, "attribute block follows no span: write [text]{...}")
                    i = self.skip_block(j)
                else:
                    i = j + 1

    def where(self, offset: int) -> str:
        line, col = self.locate(offset)
        return f"{line}:{col}"

    def skip_block(self, brace: int) -> int:
        match = _ATTR_BLOCK.match(self.text, brace)
        return match.end() if match else brace + 1

    def span(self, opening: int, closing: int) -> int:
        """Record the span `[...]{...}` whose brackets are at these offsets; return where to go on."""
        brace = closing + 1
        block = _ATTR_BLOCK.match(self.text, brace)
        if not block:
            self.error(brace, "unclosed '{': the attribute block has no '}' before the end of the paragraph")
            return brace + 1
        line, line_start = self.block_line(brace)
        if opening + 1 >= line_start:  # the span starts on the line of its block
            col = opening + 1 - line_start + 1
        else:
            line, col = self.locate(opening + 1)
        span = Span(text="", line=line, col=col)
        self.attributes(span, brace + 1, block[1])
        # The ']' is just before the '{' (the same int object as the start's line when it is the same line: the map holds it).
        span.end_line, span.end_col = line if span.attrs_line == line else span.attrs_line, span.attrs_col - 1
        self.removals += [(opening, opening + 1), (closing, block.end())]
        self.spans.append((opening, closing, span))
        return block.end()

    def attributes(self, span: Span, offset: int, content: str) -> None:
        """Parse the inside of `{...}` (starting at annotated `offset`) into the span.

        Runs once per span of a 10 MB essay, so it locates the block once and
        counts columns from there when the block holds no line break, reads
        each token's groups at once, and locates ids only for editors.
        """
        line, line_start = self.block_line(offset - 1)
        if line == span.line:
            line = span.line  # one int object for the span's line and its relations' (the map holds both)
        span.attrs_line, span.attrs_col = line, offset - line_start
        if "\n" in content:
            locate = self.locate
        else:
            def locate(at: int) -> tuple[int, int]:
                return line, at - line_start + 1
        span.attrs_end_line, span.attrs_end_col = locate(offset + len(content))
        relations = span.relations
        seen: dict[str, int] = {}
        i, n = 0, len(content)
        while i < n:
            token = _ATTR_TOKEN.match(content, i)
            if not token:
                rest = content[i:].lstrip()
                if rest:  # not only the spaces before the '}'
                    bad = rest.split(None, 1)[0]
                    self.error(offset + n - len(rest), f"bad attribute syntax '{bad}': expected #id, .kind, +id, -id, -@inference, _premise>id or key=\"value\"")
                return
            start, i = token.end("space"), token.end()
            where = offset + start
            _, id, kind, sign, aim, target, link, name, premise, undercut, ulink, uname, _, _, _ = token.groups()
            if i < n:
                following = content[i]
                if following == "@" and (sign or premise):
                    self.error(where, f"'{content[start:i + 1]}' needs an inference name after '@' (letters, digits, '-', '_')")
                    return
                if not following.isspace() and following not in "#.+-_":
                    bad = content[start:].split(None, 1)[0]
                    self.error(where, f"bad attribute syntax '{bad}': separate attributes with spaces")
                    return
            if self.mentions:
                self.mention(span, token, offset, locate)
            if id:
                id = intern(id)  # one string for an id and every reference to it: the map holds them
                if "id" in seen:
                    self.error(where, "a span has one #id; this one has two")
                seen["id"] = where
                span.id = id
            elif kind:
                if "kind" in seen:
                    self.error(where, "a span has one .kind; this one has two")
                seen["kind"] = where
                if kind not in KINDS:
                    self.error(where, f"unknown kind '.{kind}'{did_you_mean(kind, KINDS)}; kinds are {', '.join(KINDS)}")
                else:
                    span.kind = kind
            elif sign:
                target = intern(target)
                if aim and sign == "+":
                    self.error(where, f"'+@{target}': a support aims at a statement; to dispute an inference attack it with -@{target}")
                relations.append(Relation(RELATION_OF_SIGN[sign], target, *locate(where), link, None, name, bool(aim)))
            elif premise:
                relations.append(Relation("undercut", undercut, *locate(where), ulink, premise, uname))
            else:
                self.key_value(span, where, token, seen)

    def mention(self, span: Span, token: re.Match, offset: int, locate) -> None:
        """Record where the ids and inference names of one attribute are written (for editors)."""
        roles = (("id", "id"), ("target", "inference-target" if token["aim"] else "target"), ("premise", "premise"),
                 ("undercut", "target"), ("name", "inference"), ("uname", "inference"))
        for group, role in roles:
            if token[group]:
                span.mentions.append(Mention(token[group], *locate(offset + token.start(group)), role))

    def key_value(self, span: Span, where: int, token: re.Match, seen: dict[str, int]) -> None:
        key = token["key"]
        value = _UNESCAPE.sub(r"\1", token["quoted"]) if token["quoted"] is not None else token["bare"]
        if key not in ATTRIBUTE_KEYS:
            self.error(where, f"unknown attribute '{key}'{did_you_mean(key, ATTRIBUTE_KEYS)}; attributes are {', '.join(ATTRIBUTE_KEYS)}")
            return
        if key in seen:
            self.error(where, f"attribute '{key}' is given twice")
        seen[key] = where
        if key == "label":
            if not value.strip():
                self.error(where, "label is empty")
            else:
                span.label = " ".join(value.split())
        else:
            try:
                weight = float(value)
            except ValueError:
                weight = -1.0
            if not 0.0 <= weight <= 1.0:
                self.error(where, f"weight must be a number from 0 to 1, not '{value}'")
            else:
                span.weight = weight

    # -- plain text ---------------------------------------------------------

    def plain(self) -> tuple[str, Callable[[int], int]]:
        """The text without markup, and a map from annotated to plain offsets."""
        self.removals.sort()
        pieces, position = [], 0
        for start, end in self.removals:
            pieces.append(self.text[position:start])
            position = end
        pieces.append(self.text[position:])
        starts = [start for start, _ in self.removals]
        removed_before = [0, *accumulate(end - start for start, end in self.removals)]

        def to_plain(offset: int) -> int:
            # Count the markup strictly before `offset`; offsets asked for never
            # fall inside markup (spans start after '[' and end at ']').
            return offset - removed_before[bisect_left(starts, offset)]

        return "".join(pieces), to_plain


def parse(text: str, path: str = "<text>", mentions: bool = True) -> Document:
    """Parse annotated text; raise ArgmapError listing every syntax error.

    `mentions=False` leaves each span's `mentions` empty: editors need them,
    a map does not (they were a tenth of the parsing at 10^5 statements).
    """
    parser = _Parser(text, path, mentions)
    body_start, declarations = parser.front_matter()
    parser.body(body_start)
    if parser.errors:
        raise ArgmapError(sorted(parser.errors, key=lambda d: (d.line or 0, d.col or 0)))
    plain, to_plain = parser.plain()
    parser.spans.sort(key=lambda item: item[0])
    spans = []
    for opening, closing, span in parser.spans:
        span.start = to_plain(opening + 1)
        span.end = to_plain(closing)
        span.text = plain[span.start : span.end]
        spans.append(span)
    return Document(path, plain, declarations + spans, headings(plain), parser.metadata, parser.inference_titles)


def headings(plain: str) -> list[Heading]:
    """The Markdown headings of a plain text, in order."""
    return [Heading(len(m[1]), m[2].strip(), m.start()) for m in _HEADING.finditer(plain)]


def strip(text: str, path: str = "<text>") -> str:
    """The plain essay under the annotations (raises on syntax errors)."""
    return parse(text, path, mentions=False).plain
