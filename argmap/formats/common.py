"""What every reader shares: a draft map that settles kinds, then builds the graph.

Most formats do not say whether a statement is a thesis, a claim, evidence or
a rebuttal, and they name statements in ways our ids cannot hold. A reader
collects statements and relations into a `Draft`; `Draft.build` gives every
statement without a kind one inferred from its place in the argument (see
`infer_kind`) and builds the graph through `argmap.model`, so the graph always
follows docs/map-format.md and is validated the same way as our own syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.errors import ArgmapError, Diagnostic
from argmap.syntax import Locator


def span_record(locate: Locator, start: int, end: int) -> dict:
    """A span dict of the schema for plain-text offsets, located in the same text."""
    line, col = locate(start)
    end_line, end_col = locate(end)
    return {"start": start, "end": end, "line": line, "col": col, "end_line": end_line, "end_col": end_col}


def infer_kind(outgoing: set[str], has_incoming: bool) -> str:
    """The kind a statement plays when its format does not say.

    A conclusion nothing builds on is a thesis; a statement that only attacks
    is a rebuttal; one that supports is evidence when nothing backs it, else a
    claim (an intermediate conclusion). An unrelated statement is a claim.
    """
    if not outgoing:
        return "thesis" if has_incoming else "claim"
    if "support" not in outgoing:
        return "rebuttal"
    return "claim" if has_incoming else "evidence"


@dataclass
class Draft:
    """A map under construction: statements and relations in reading order."""

    path: str
    digest: str
    title: str | None = None
    statements: dict[str, dict] = field(default_factory=dict)
    relations: list[dict] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    extra: dict[str, dict] = field(default_factory=dict)  # per-statement attributes outside the schema

    def statement(self, id: str, text: str, *, kind: str | None = None, **attrs) -> None:
        self.statements[id] = {"kind": kind, "text": text, **attrs}

    def relate(self, source: str, target: str, relation: str, **attrs) -> None:
        self.relations.append({"source": source, "target": target, "relation": relation, **attrs})

    def _one_relation_per_pair(self) -> None:
        """Keep the first of two relations between one pair that the map cannot hold together.

        Our map holds one edge per pair of statements, in at most one linked
        argument. Formats built of arguments (Argdown, AIF) let one premise
        serve two arguments for the same conclusion, and corpora sometimes
        relate a pair twice in different ways; the later relation is left out
        with a warning naming its line instead of failing the whole file.
        """
        first: dict[tuple[str, str], dict] = {}
        kept = []
        for relation in self.relations:
            key = (relation["source"], relation["target"])
            earlier = first.setdefault(key, relation)
            same = earlier["relation"] == relation["relation"]
            if earlier is not relation and not (same and (relation["relation"] == "undercut" or earlier.get("link") == relation.get("link"))):
                where = f" (line {earlier['line']})" if earlier.get("line") else ""
                how = "in another argument" if same else f"as {earlier['relation']}"
                self.warn(
                    f"'{key[0]}' already {earlier['relation']}s '{key[1]}' {how}{where}; a map holds one relation "
                    f"per pair of statements, so this {relation['relation']} is left out",
                    relation.get("line"), relation.get("col"),
                )
                continue
            kept.append(relation)
        self.relations = kept

    def warn(self, message: str, line: int | None = None, col: int | None = None, path: str | None = None) -> None:
        self.warnings.append(Diagnostic(message, path or self.path, line, col, "warning"))

    def error(self, message: str, line: int | None = None, col: int | None = None, path: str | None = None) -> None:
        self.errors.append(Diagnostic(message, path or self.path, line, col))

    def build(self):
        """The graph, after inferring missing kinds; raise ArgmapError listing every error."""
        from argmap import model

        if self.errors:
            raise ArgmapError(self.errors)
        self._one_relation_per_pair()
        outgoing: dict[str, set[str]] = {id: set() for id in self.statements}
        incoming: set[str] = set()
        for relation in self.relations:
            if relation["source"] in outgoing:
                outgoing[relation["source"]].add(relation["relation"])
            if relation["relation"] != "undercut":
                incoming.add(relation["target"])
        graph = model.new_graph(self.path, self.digest, self.title)
        errors: list[Diagnostic] = []
        for id, attrs in self.statements.items():
            kind = attrs.pop("kind") or infer_kind(outgoing[id], id in incoming)
            try:
                model.add_statement(graph, id, kind, **attrs)
            except ArgmapError as err:
                errors += err.diagnostics
            else:
                graph.nodes[id].update(self.extra.get(id, {}))
        for relation in self.relations:
            relation = dict(relation)
            try:
                model.add_relation(graph, relation.pop("source"), relation.pop("target"), relation.pop("relation"), **relation)
            except ArgmapError as err:
                errors += err.diagnostics
        if errors:
            raise ArgmapError(errors)
        return graph

