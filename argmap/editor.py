"""What an editor asks about an annotated essay, answered from one parse.

`Analysis` decodes, parses, builds and checks one version of a document once
(the same steps and messages as `argmap check`) and answers the questions of
the language server (argmap.lsp) in plain terms: positions are 1-based
(line, column) counted in characters, and ranges end just after their last
character. This module knows nothing of the protocol; argmap.lsp does.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from argmap import naming, reading, syntax
from argmap.errors import ArgmapError, Diagnostic

_DID_YOU_MEAN = re.compile(r"\(did you mean '([^']*)'\?\)")
_QUOTED = re.compile(r"'([^']*)'")
_DEFINING = ("span", "declaration", "inference", "inference-title")  # the roles definitions have
_TOKEN_END = re.compile(r"[\s{}\[\]]")
TEXT_IN_HOVER = 400  # characters of a statement's text shown on hover


@dataclass(frozen=True, order=True)
class Range:
    line: int
    col: int
    end_line: int
    end_col: int

    def contains(self, line: int, col: int) -> bool:
        return (self.line, self.col) <= (line, col) <= (self.end_line, self.end_col)


@dataclass(frozen=True)
class Problem:
    """A diagnostic with the exact range it is about, and its did-you-mean as an edit."""

    diagnostic: Diagnostic
    range: Range
    fix: tuple[Range, str] | None = None


@dataclass(frozen=True)
class Occurrence:
    """Where a statement is written: a span's text (`span`), or its id in a block (a syntax.Mention role)."""

    id: str
    range: Range
    role: str


@dataclass
class Symbol:
    name: str
    detail: str
    kind: str  # "section", "front matter", or a statement kind
    range: Range
    children: list[Symbol] = field(default_factory=list)


class Analysis:
    """One version of an annotated document, decoded, parsed, built and checked once."""

    def __init__(self, text: str, path: str):
        self.text = text
        self.path = path
        self.lines = text.split("\n")
        self.document = None
        self.graph = None
        self.problems: list[Problem] = []
        from argmap.pipeline import collection_paused

        with collection_paused():
            try:
                diagnostics = self._build()
            except ArgmapError as err:
                diagnostics = err.diagnostics
            self._index()
            self.problems = [self._problem(d) for d in diagnostics]

    def _build(self) -> list[Diagnostic]:
        from argmap import build, model

        data = _editor_bytes(self.text)
        reading.decode(data, self.path)  # empty, binary and non-UTF-8 text fail here, as in `argmap check`
        self.document = syntax.parse(self.text, self.path)
        self.graph = build.build_graph(self.document, model.sha256(data))
        return model.check(self.graph)

    # -- where things are -------------------------------------------------------

    def _index(self) -> None:
        """Every occurrence of every id, by id and by line, and the spans for lookups by position."""
        self.occurrences: dict[str, list[Occurrence]] = {}
        self._mentions_on_line: dict[int, list[Occurrence]] = {}
        self._span_extents: list[tuple[Range, Occurrence]] = []  # text through attribute block
        self._span_at: dict[tuple[int, int], Occurrence] = {}  # by where its text starts
        self._block_at: dict[tuple[int, int], Range] = {}  # attribute blocks, by where they open
        if self.document is None:
            return
        for span in self.document.spans:
            if span.id is None:  # unnamed, and the build stopped before naming it
                continue
            end = (span.attrs_end_line, span.attrs_end_col + 1)
            text_range = Range(span.line, span.col, *end) if span.implicit else Range(span.line, span.col, span.end_line, span.end_col)
            occurrence = Occurrence(span.id, text_range, "declaration" if span.implicit else "span")
            self.occurrences.setdefault(span.id, []).append(occurrence)
            self._span_extents.append((Range(span.line, span.col, *end), occurrence))
            self._span_at.setdefault((span.line, span.col), occurrence)
            self._block_at[span.attrs_line, span.attrs_col] = Range(span.attrs_line, span.attrs_col, *end)
            for mention in span.mentions:
                key = "@" + mention.id if mention.role.startswith("inference") else mention.id
                self._mention(key, mention.line, mention.col, mention.role)
        for name, (_, line, col) in self.document.inference_titles.items():
            self._mention("@" + name, line, col + 1, "inference-title")  # after the '@'
        self._span_extents.sort(key=lambda item: item[0])

    def _mention(self, key: str, line: int, col: int, role: str) -> None:
        """Index a name written at (line, col); inference names are keyed '@name', apart from statement ids."""
        found = Occurrence(key, Range(line, col, line, col + len(key.lstrip("@"))), role)
        self.occurrences.setdefault(key, []).append(found)
        self._mentions_on_line.setdefault(line, []).append(found)

    def at(self, line: int, col: int) -> Occurrence | None:
        """The id written at a position, else the innermost span (with its attribute block) around it."""
        for mention in self._mentions_on_line.get(line, ()):
            if mention.range.contains(line, col):
                return mention
        around = [occurrence for extent, occurrence in self._span_extents if extent.contains(line, col)]
        return around[-1] if around else None

    def definition(self, id: str) -> Occurrence | None:
        """The first span of a statement (a front-matter declaration for an implicit one);
        for an inference ('@name'), where a relation names it, else its title line."""
        return next((o for o in self.occurrences.get(id, ()) if o.role in _DEFINING), None)

    def references(self, id: str, with_definitions: bool = True) -> list[Occurrence]:
        return [o for o in self.occurrences.get(id, ()) if with_definitions or o.role not in _DEFINING]

    def rename(self, id: str, new: str) -> list[tuple[Range, str]]:
        """The edits that rename a statement (or an inference, '@name') everywhere;
        an unnamed statement gets `#new` on its span."""
        if id.startswith("@"):
            new = new.removeprefix("@")
            if not syntax.is_id(new):
                raise ArgmapError(f"'{new}' cannot name an inference: use letters, digits, '-' and '_', starting with a letter, digit or '_'")
            if "@" + new != id and "@" + new in self.occurrences:
                raise ArgmapError(f"'@{new}' names another inference already")
            return sorted((o.range, new) for o in self.occurrences[id])
        if not syntax.is_id(new):
            raise ArgmapError(f"'{new}' is not an id: use letters, digits, '-' and '_', starting with a letter, digit or '_'")
        if new != id and new in self.occurrences:
            raise ArgmapError(f"'{new}' names another statement already")
        found = self.occurrences.get(id, [])
        edits = [(o.range, new) for o in found if o.role not in ("span", "declaration")]
        if not any(o.role == "id" for o in found):
            for span in self.document.spans if self.document else ():
                if span.id == id:
                    after_brace = Range(span.attrs_line, span.attrs_col + 1, span.attrs_line, span.attrs_col + 1)
                    edits.append((after_brace, f"#{new} "))
        return sorted(edits)

    # -- diagnostics ------------------------------------------------------------

    def _problem(self, diagnostic: Diagnostic) -> Problem:
        """Locate a diagnostic on the id, span, attribute block or token it is about."""
        if diagnostic.line is None:
            return Problem(diagnostic, Range(1, 1, 1, 1))
        line, col = diagnostic.line, diagnostic.col or 1
        source = self.lines[line - 1] if line <= len(self.lines) else ""
        token_end = _TOKEN_END.search(source, col)  # a token's first character may be '{' or '['
        where = Range(line, col, line, (token_end.start() if token_end else len(source)) + 1)
        quoted = _QUOTED.findall(diagnostic.message)
        named = [m for m in self._mentions_on_line.get(line, ()) if where.contains(line, m.range.col) and m.id in quoted]
        if (line, col) in self._block_at:  # kind, label or weight at odds with another span's
            where = self._block_at[line, col]
        elif named:
            where = named[0].range
        elif (line, col) in self._span_at:
            where = self._span_at[line, col].range
        elif source[col - 1 : col] in ("[", "]", "{"):
            where = Range(line, col, line, col + 1)
        return Problem(diagnostic, where, self._fix(diagnostic.message, where))

    def _fix(self, message: str, where: Range) -> tuple[Range, str] | None:
        """The did-you-mean as an edit: the misspelt word, found in the range, replaced."""
        suggestion = _DID_YOU_MEAN.search(message)
        if not suggestion or where.line != where.end_line:
            return None
        wrong = _QUOTED.search(message)[1].lstrip(".@")  # '.kind' and '@inference' are named with their sigil
        source = self.lines[where.line - 1]
        at = source.find(wrong, where.col - 1, where.end_col - 1)
        if at < 0 or not wrong:
            return None
        return Range(where.line, at + 1, where.line, at + 1 + len(wrong)), suggestion[1]

    # -- what a statement is ----------------------------------------------------

    def statement(self, id: str) -> dict | None:
        """A statement's kind, label and text, from the map if it built, else from its spans."""
        if self.graph is not None and id in self.graph:
            data = self.graph.nodes[id]
            return {"kind": data["kind"], "label": data["label"], "text": data["text"]}
        spans = [s for s in self.document.spans if s.id == id] if self.document else []
        if not spans:
            return None
        kind = next((s.kind for s in spans if s.kind), "claim")
        label = next((s.label for s in spans if s.label), naming.shorten(spans[0].text))
        return {"kind": kind, "label": label, "text": spans[0].text}

    @cached_property
    def _relations(self) -> dict[str, dict[str, list[str]]]:
        """For each statement, as written: who supports, attacks and undercuts it, and what it supports and attacks."""
        found: dict[str, dict[str, list[str]]] = {}
        for span in self.document.spans if self.document else ():
            for relation in span.relations:
                if relation.on_inference:
                    found.setdefault(span.id, {}).setdefault("attacks", []).append("@" + relation.target)
                    continue
                incoming = {"support": "supported by", "attack": "attacked by", "undercut": "undercut by"}[relation.relation]
                found.setdefault(relation.target, {}).setdefault(incoming, []).append(span.id or "?")
                if relation.relation in ("support", "attack"):
                    found.setdefault(span.id, {}).setdefault(relation.relation + "s", []).append(relation.target)
        return {id: {key: list(dict.fromkeys(ids)) for key, ids in table.items()} for id, table in found.items()}

    @cached_property
    def evaluation(self) -> tuple[dict[str, dict], str]:
        """Status and strength of each statement under the default evaluation, and its name ({} when there is no map)."""
        if self.graph is None:
            return {}, ""
        from argmap.evaluation import evaluate

        try:
            result = evaluate(self.graph)
        except ArgmapError:
            return {}, ""
        name = f"{result['framework']}, {result['semantics']}; {result['gradual']}"
        return {row["id"]: row for row in result["statements"]}, name

    def hover(self, id: str) -> str | None:
        """Markdown about a statement: label, kind, id, text, relations, status and strength."""
        if id.startswith("@"):
            return self._inference_hover(id[1:])
        statement = self.statement(id)
        if statement is None:
            return None
        text = statement["text"]
        text = text if len(text) <= TEXT_IN_HOVER else text[: TEXT_IN_HOVER - 1] + "…"
        lines = [f"**{_markdown(statement['label'])}** · {statement['kind']} · `{id}`", "", "> " + _markdown(" ".join(text.split()))]
        for key, ids in self._relations.get(id, {}).items():
            names = ", ".join(f"`{other}`" if other.startswith("@") else f"{_markdown(self._label(other))} (`{other}`)" for other in ids)
            lines += ["", f"{key.capitalize()}: {names}"]
        rows, evaluation = self.evaluation
        row = rows.get(id)
        lines += ["", f"Status **{row['status']}**, strength {row['strength']:.3f} ({evaluation})" if row else "Not evaluated: the map has errors."]
        return "\n".join(lines)

    def _inference_hover(self, name: str) -> str:
        """Markdown about a named inference: its title, the step it names, what attacks it."""
        title = self.document.inference_titles.get(name, (None,))[0] if self.document else None
        lines = [f"**{_markdown(title)}** · inference `@{name}`" if title else f"inference `@{name}`"]
        for span in self.document.spans if self.document else ():
            for relation in span.relations:
                if relation.name == name:
                    step = f"`{span.id}` {relation.relation}s " + (f"the inference from `{relation.premise}` to " if relation.premise else "") + f"`{relation.target}`"
                    lines += ["", "Step: " + step]
                elif relation.on_inference and relation.target == name:
                    lines += ["", f"Attacked by: {_markdown(self._label(span.id))} (`{span.id}`)"]
        return "\n".join(lines)

    def _label(self, id: str) -> str:
        statement = self.statement(id)
        return statement["label"] if statement else id

    def ids(self) -> list[tuple[str, str, str]]:
        """(id, kind, label) of every statement, in document order."""
        return self._ids

    @cached_property
    def _ids(self) -> list[tuple[str, str, str]]:
        return [(id, found["kind"], found["label"]) for id in self.occurrences if not id.startswith("@") and (found := self.statement(id))]

    def inference_names(self) -> list[str]:
        return sorted(id[1:] for id in self.occurrences if id.startswith("@"))

    def link_groups(self) -> list[str]:
        return sorted({r.link for s in self.document.spans for r in s.relations if r.link} if self.document else ())

    # -- outline and folding -----------------------------------------------------

    def front_matter(self) -> tuple[int, int] | None:
        """First and last line of the front matter, both `---` lines included."""
        end = syntax.front_matter_end(self.text)
        if not end:
            return None
        return 1, self.text.count("\n", 0, end - 1) + 1

    @cached_property
    def outline(self) -> list[Symbol]:
        """The front matter's statements, then sections (nested by level) holding the statements they open."""
        body = syntax.front_matter_end(self.text)
        first_body_line = self.text.count("\n", 0, body) + 1
        roots: list[Symbol] = []
        front = self.front_matter()
        if front:
            roots.append(Symbol("front matter", "", "front matter", Range(front[0], 1, front[1], 4)))
        found = syntax.headings(self.text[body:])
        titles = [h.title for h in self.document.headings] if self.document else []
        locate = reading.Locator(self.text)
        open_sections: list[tuple[int, Symbol]] = []
        sections = []
        for index, heading in enumerate(found):
            line, _ = locate(body + heading.start)
            title = titles[index] if len(titles) == len(found) else heading.title
            symbol = Symbol(title, "", "section", Range(line, 1, len(self.lines), len(self.lines[-1]) + 1))
            while open_sections and open_sections[-1][0] >= heading.level:
                closed = open_sections.pop()[1]
                closed.range = Range(closed.range.line, 1, line - 1, len(self.lines[line - 2]) + 1)
            (open_sections[-1][1].children if open_sections else roots).append(symbol)
            open_sections.append((heading.level, symbol))
            sections.append(symbol)
        section_lines = [section.range.line for section in sections]
        for id in self.occurrences:
            if id.startswith("@"):
                continue
            where = self.definition(id)
            found_statement = self.statement(id)
            if where is None or found_statement is None:
                continue
            symbol = Symbol(found_statement["label"], f"{found_statement['kind']} #{id}", found_statement["kind"], where.range)
            if front and where.range.line < first_body_line:
                parent = roots[0]
            else:
                index = bisect_right(section_lines, where.range.line) - 1
                parent = sections[index] if index >= 0 else None
            (parent.children if parent else roots).append(symbol)
        _in_order(roots)
        return roots


def _in_order(symbols: list[Symbol]) -> None:
    symbols.sort(key=lambda symbol: symbol.range)
    for symbol in symbols:
        _in_order(symbol.children)


def _editor_bytes(text: str) -> bytes:
    """The bytes behind an editor's text: undecodable bytes come back as the lone surrogates they were read as."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _markdown(text: str) -> str:
    """Text shown as Markdown literally."""
    return re.sub(r"([\\`*_\[\]<>|~#])", r"\\\1", text)
