"""The argument graph: statements as typed nodes, relations as typed edges.

Every reader (our annotation syntax, and the other formats) ends here, and
every output starts here; docs/map-format.md describes the graph. Building
validates what can make a map wrong (errors); `check` finds what makes it weak
(warnings).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import networkx as nx

from argmap.errors import ArgmapError, Diagnostic
from argmap.base import FORMAT, VERSION
from argmap.syntax import KINDS, Document, Span, did_you_mean, shorten, slug

RELATIONS = ("support", "attack", "undercut")
CYCLE_LISTED = 10
"""Statements of a support cycle named in its warning; a longer cycle says how many more."""


@dataclass(frozen=True, slots=True)
class Inference:
    """One step of reasoning: premises -> target, supporting or attacking it.

    `target` is a statement, or for an attack also another inference (an
    undercut: the step, not its conclusion, is disputed). Linked premises are
    one inference with several premises. `id` is opaque: never parse it.
    """

    id: str
    relation: str  # "support" or "attack"
    premises: tuple[str, ...]
    target: str
    title: str | None = None
    line: int | None = None
    col: int | None = None


def statements(graph) -> list[str]:
    """The statement ids of a map, in node order."""
    return list(graph.nodes)


def is_inference(graph, node: str) -> bool:
    """Whether `node` names an inference of the map (as `Inference.id` does) rather than a statement."""
    return node not in graph


def inferences(graph) -> list[Inference]:
    """Every inference of the map, in document order (the order the map lists them)."""
    return _inferences_of_edges(graph)


def _inferences_of_edges(graph) -> list[Inference]:
    """The inferences a version-1 graph stands for (one edge per pair of statements).

    Support/attack edges into one target with one `link` are one inference;
    an `undercut` edge u -> t naming premise p becomes an attack inference
    from u aimed at the inference that carries p into t.
    """
    groups: list[dict] = []
    linked: dict[tuple, dict] = {}
    undercuts: list[tuple] = []
    for premise, neighbours in graph.adjacency():
        for target, data in neighbours.items():
            relation = data.get("relation")
            if relation == "undercut":
                undercuts.append((premise, target, data))
                continue
            link = data.get("link")
            if link is not None and (target, relation, link) in linked:
                linked[(target, relation, link)]["premises"].append(premise)
                continue
            group = {"relation": relation, "premises": [premise], "target": target, "data": data, "undercutters": []}
            groups.append(group)
            if link is not None:
                linked[(target, relation, link)] = group
    by_link = {(premise, group["target"]): group for group in groups for premise in group["premises"]}
    for undercutter, target, data in undercuts:
        for premise in data.get("premises") or []:
            group = by_link.get((premise, target))
            if group is None:
                raise ArgmapError(
                    f"undercut from '{undercutter}' names the link '{premise}' -> '{target}', which the map does not have"
                )
            if all(u != undercutter for u, _ in group["undercutters"]):
                group["undercutters"].append((undercutter, data))
    found = []
    for group in groups:
        id = "&".join(group["premises"]) + ">" + group["target"]
        found.append(Inference(id, group["relation"], tuple(group["premises"]), group["target"], None, group["data"].get("line"), group["data"].get("col")))
        found += [
            Inference(f"{u}>{id}", "attack", (u,), id, None, data.get("line"), data.get("col"))
            for u, data in group["undercutters"]
        ]
    return found


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def new_graph(source: str, digest: str, title: str | None = None) -> nx.DiGraph:
    """An empty map for the document at `source` whose bytes hash to `digest`."""
    return nx.DiGraph(format=FORMAT, version=VERSION, source=source, sha256=digest, title=title)


def add_statement(
    graph: nx.DiGraph,
    id: str,
    kind: str,
    text: str,
    *,
    label: str | None = None,
    spans: list[dict] | tuple = (),
    implicit: bool = False,
    section: str | None = None,
    weight: float | None = None,
    line: int | None = None,
    col: int | None = None,
) -> None:
    """Add one statement node with every attribute the schema requires."""
    if kind not in KINDS:
        raise ArgmapError(Diagnostic(f"unknown kind '{kind}'{did_you_mean(kind, KINDS)}", graph.graph.get("source"), line, col))
    if id in graph:
        raise ArgmapError(Diagnostic(f"statement '{id}' is declared twice", graph.graph.get("source"), line, col))
    graph.add_node(
        id,
        kind=kind,
        label=label or shorten(text),
        text=text,
        implicit=implicit,
        section=section,
        weight=weight,
        line=line,
        col=col,
        spans=list(spans),
    )


def add_relation(
    graph: nx.DiGraph,
    source: str,
    target: str,
    relation: str,
    *,
    link: str | None = None,
    premises: list[str] | None = None,
    line: int | None = None,
    col: int | None = None,
) -> None:
    """Add `source --relation--> target`, refusing what would make the map wrong."""
    path = graph.graph.get("source")

    def fail(message: str):
        raise ArgmapError(Diagnostic(message, path, line, col))

    if relation not in RELATIONS:
        fail(f"unknown relation '{relation}'{did_you_mean(relation, RELATIONS)}")
    for end in (source, target):
        if end not in graph:
            fail(f"unknown statement '{end}'{did_you_mean(end, graph.nodes)}")
    verb = {"support": "supports", "attack": "attacks", "undercut": "undercuts"}[relation]
    if source == target:
        fail(f"statement '{source}' {verb} itself")
    existing = graph.edges.get((source, target))
    if existing is None:
        graph.add_edge(
            source, target, relation=relation, link=link,
            premises=list(premises or []) if relation == "undercut" else None,
            line=line, col=col,
        )
    elif existing["relation"] != relation:
        fail(f"'{source}' both {existing['relation']}s and {verb} '{target}'")
    elif relation == "undercut":
        existing["premises"] += [p for p in premises or [] if p not in existing["premises"]]
    elif existing["link"] != link:
        fail(f"'{source}' {verb} '{target}' both alone and as part of a linked argument")


def build_graph(document: Document, digest: str) -> nx.DiGraph:
    """A parsed document -> its graph; raise ArgmapError listing every error found."""
    graph = new_graph(document.path, digest, document.metadata.get("title"))
    errors: list[Diagnostic] = []
    statements = _merge_restatements(document, errors)
    for id, (spans, kind, label, weight) in statements.items():
        first = spans[0]
        written = [span for span in spans if not span.implicit]
        graph.add_node(
            id,
            kind=kind or "claim",
            label=label or shorten(first.text),
            text=first.text,
            implicit=not written,  # declared in the front matter and never written in the essay
            section=document.section_at(written[0].start) if written else None,
            weight=weight,
            line=first.line,
            col=first.col,
            spans=[_span_record(span) for span in spans if not span.implicit],
        )
    undercuts = []
    for id, (spans, *_) in statements.items():
        for span in spans:
            for relation in span.relations:
                if relation.target not in graph:
                    errors.append(_located(document, relation, f"unknown statement '{relation.target}'{did_you_mean(relation.target, graph.nodes)}"))
                    continue
                if relation.relation == "undercut":
                    undercuts.append((id, relation))
                try:
                    add_relation(
                        graph, id, relation.target, relation.relation, link=relation.link,
                        premises=[relation.premise] if relation.premise else None,
                        line=relation.line, col=relation.col,
                    )
                except ArgmapError as err:
                    errors += err.diagnostics
    for id, relation in undercuts:
        premise = relation.premise
        if premise not in graph:
            errors.append(_located(document, relation, f"unknown statement '{premise}'{did_you_mean(premise, graph.nodes)}"))
        elif graph.edges.get((premise, relation.target), {}).get("relation") not in ("support", "attack"):
            errors.append(_located(document, relation, f"'{id}' undercuts the link from '{premise}' to '{relation.target}', but '{premise}' neither supports nor attacks '{relation.target}'"))
    if errors:
        raise ArgmapError(sorted(set(errors), key=lambda d: (d.line or 0, d.col or 0, d.message)))
    return graph


def _located(document: Document, relation, message: str) -> Diagnostic:
    return Diagnostic(message, document.path, relation.line, relation.col)


def _span_record(span: Span) -> dict:
    return {
        "start": span.start, "end": span.end,
        "line": span.line, "col": span.col,
        "end_line": span.end_line, "end_col": span.end_col,
    }


def _merge_restatements(document: Document, errors: list[Diagnostic]) -> dict:
    """Group spans by id (naming unnamed ones) and reconcile kind, label and weight."""
    taken = {span.id for span in document.spans if span.id}
    statements: dict[str, tuple[list[Span], str | None, str | None, float | None]] = {}
    for span in document.spans:
        if span.id is None:
            span.id = slug(span.label or span.text, taken)
        spans, kind, label, weight = statements.get(span.id, ([], None, None, None))
        where = f"{spans[0].line}:{spans[0].col}" if spans else ""
        for name, old, new in (("kind", kind, span.kind), ("label", label, span.label), ("weight", weight, span.weight)):
            if old is not None and new is not None and old != new:
                errors.append(Diagnostic(
                    f"statement '{span.id}' has {name} '{new}' here but '{old}' at {where}",
                    document.path, span.attrs_line, span.attrs_col,
                ))
        statements[span.id] = (spans + [span], kind or span.kind, label or span.label, weight if weight is not None else span.weight)
    return statements


def check(graph: nx.DiGraph) -> list[Diagnostic]:
    """Warnings about a well-formed map that argues badly, in document order."""
    path = graph.graph.get("source")
    warnings: list[Diagnostic] = []

    def warn(node, message):
        data = graph.nodes[node]
        warnings.append(Diagnostic(message, path, data.get("line"), data.get("col"), "warning"))

    theses = [n for n, kind in graph.nodes(data="kind") if kind == "thesis"]
    if not theses:
        warnings.append(Diagnostic("the map has no thesis: mark the main conclusion with .thesis", path, severity="warning"))
    reaches_thesis = set(theses)
    for thesis in theses:
        reaches_thesis |= nx.ancestors(graph, thesis)
    supported = {v for _, v, r in graph.edges(data="relation") if r == "support"}
    for node, kind in graph.nodes(data="kind"):
        if not graph.nodes[node]["text"].strip():
            warn(node, f"'{node}' has no text: its span is empty")
        if kind in ("evidence", "rebuttal") and graph.out_degree(node) == 0:
            warn(node, f"{kind} '{node}' supports or attacks nothing")
            continue
        # An implicit statement is an assumption by declaration: unsupported on purpose.
        if kind in ("claim", "thesis") and node not in supported and not graph.nodes[node]["implicit"]:
            warn(node, f"{kind} '{node}' has no support")
        if theses and node not in reaches_thesis:
            warn(node, f"'{node}' leads to no thesis")
    support_graph = nx.DiGraph((u, v) for u, v, r in graph.edges(data="relation") if r == "support")
    order = {node: i for i, node in enumerate(graph)}
    components = [c for c in nx.strongly_connected_components(support_graph) if len(c) > 1]
    for component in sorted(components, key=lambda c: min(order[n] for n in c)):
        start = min(component, key=order.__getitem__)
        cycle = [u for u, _ in nx.find_cycle(support_graph.subgraph(component), start)]
        listed = cycle if len(cycle) <= CYCLE_LISTED else [*cycle[:CYCLE_LISTED], f"... ({len(cycle) - CYCLE_LISTED:,} more)"]
        warn(start, "support cycle: " + " -> ".join([*listed, cycle[0]]))
    return sorted(warnings, key=lambda d: (d.line or 0, d.col or 0))


def summary(graph: nx.DiGraph) -> str:
    """'42 statements (1 thesis, ...), 50 relations (...)' for build output."""
    kinds = [kind for _, kind in graph.nodes(data="kind")]
    relations = [r for _, _, r in graph.edges(data="relation")]
    plural = {"thesis": "theses", "evidence": "evidence"}

    def count(items, names, noun):
        parts = [f"{items.count(n)} {n if items.count(n) == 1 else plural.get(n, n + 's')}" for n in names if items.count(n)]
        return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}" + (f" ({', '.join(parts)})" if parts else "")

    return f"{count(kinds, KINDS, 'statement')}, {count(relations, RELATIONS, 'relation')}"
