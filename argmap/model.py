"""The argument graph: statements and inferences as typed nodes (docs/map-format.md).

Every reader (our annotation syntax in `argmap.build`, and the other formats)
ends here, and every output starts here. `inferences`, `statements` and
`is_inference` are how everything else reads a map; `add_statement` and
`add_inference` refuse what would make it wrong (errors); `check` finds what
makes it weak (warnings).
"""

from __future__ import annotations

import hashlib
from collections import deque
from dataclasses import dataclass

import networkx as nx

from argmap.errors import ArgmapError, Diagnostic
from argmap.base import FORMAT, KINDS, VERSION, collection_paused
from argmap.naming import did_you_mean, shorten

RELATIONS = ("support", "attack")
"""What an inference does to its target."""
INFERENCE_TYPES = ("support", "attack", "undercut")
"""How inferences are counted and drawn: an undercut is an attack aimed at an inference."""
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


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def new_graph(source: str, digest: str, title: str | None = None) -> nx.DiGraph:
    """An empty map for the document at `source` whose bytes hash to `digest`."""
    return nx.DiGraph(format=FORMAT, version=VERSION, source=source, sha256=digest, title=title)


def statements(graph) -> list[str]:
    """The statement ids of a map, in node order."""
    return [node for node, data in graph._node.items() if data.get("type") == "statement"]


def is_inference(graph, node: str) -> bool:
    """Whether `node` is an inference of the map rather than a statement."""
    data = graph._node.get(node)
    return data is not None and data.get("type") == "inference"


def inferences(graph) -> list[Inference]:
    """Every inference of the map, in document order (the order the map lists them)."""
    # The graph's own dicts: networkx's views cost more than the rest of this loop (10^5 inferences).
    nodes, pred, succ = graph._node, graph._pred, graph._succ
    found = []
    with collection_paused():
        for node, data in nodes.items():
            if data.get("type") != "inference":
                continue
            # By the edge's role, not the premise's own dict: every edge of a role shares one dict, always at hand.
            premises = tuple(p for p, edge in pred[node].items() if edge["role"] == "premise")
            (target,) = succ[node]
            found.append(Inference(node, data["relation"], premises, target, data.get("title"), data.get("line"), data.get("col")))
    return found


def inference_type(graph, inference: Inference) -> str:
    """"support", "attack" (on a statement) or "undercut" (an attack on an inference)."""
    if inference.relation == "attack" and is_inference(graph, inference.target):
        return "undercut"
    return inference.relation


def generated_id(graph, premises, target: str, planned=()) -> str:
    """A readable inference id, `premise&premise>target`, unique in the map (and among `planned` ids).

    `>` cannot occur in an annotated id, so an annotated essay's statements
    never clash with it.
    """
    base = "&".join(premises) + ">" + target
    candidate, n = base, 2
    while candidate in graph or candidate in planned:
        candidate, n = f"{base}~{n}", n + 1
    return candidate


def add_statement(graph: nx.DiGraph, id: str, kind: str, text: str, **attrs) -> None:
    """Add one statement node with every attribute the schema requires."""
    graph.add_node(id, **statement_data(graph, id, kind, text, **attrs))


def statement_data(
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
) -> dict:
    """The attributes of statement `id` as `add_statement` adds it, refusing what would make the map wrong.

    Readers that add many statements at once (`Draft.build`) give networkx all of them in one call.
    """
    if kind not in KINDS:
        raise ArgmapError(Diagnostic(f"unknown kind '{kind}'{did_you_mean(kind, KINDS)}", graph.graph.get("source"), line, col))
    if id in graph:
        raise ArgmapError(Diagnostic(f"statement '{id}' is declared twice", graph.graph.get("source"), line, col))
    return {
        "type": "statement",
        "kind": kind,
        "label": label or shorten(text),
        "text": text,
        "implicit": implicit,
        "section": section,
        "weight": weight,
        "line": line,
        "col": col,
        "spans": list(spans),
    }


def add_inference(
    graph: nx.DiGraph,
    relation: str,
    premises,
    target: str,
    *,
    id: str | None = None,
    title: str | None = None,
    line: int | None = None,
    col: int | None = None,
) -> str:
    """Add premises -> inference -> target and return the inference's id, refusing what would make the map wrong."""
    premises = list(dict.fromkeys(premises))
    problem = inference_problem(graph, relation, premises, target, id)
    if problem:
        raise ArgmapError(Diagnostic(problem, graph.graph.get("source"), line, col))
    if id is None:
        id = generated_id(graph, premises, target)
    graph.add_node(id, type="inference", relation=relation, title=title, line=line, col=col)
    graph.add_edges_from([(premise, id, {"role": "premise"}) for premise in premises])
    graph.add_edge(id, target, role="conclusion")
    return id


def inference_problem(graph, relation: str, premises: list, target: str, id: str | None, planned=(), statement_ids=None) -> str | None:
    """Why premises -> target cannot be added as an inference (`planned`: inference ids about to be added), or None.

    `statement_ids`, when the caller holds them, are the map's statement ids: a look-up there
    instead of in each premise's own node dict, which at 10^5 statements is cold in memory.
    """
    nodes = graph._node  # the graph's own dict: this runs once per relation of a 10 MB essay

    def type_of(node):
        if statement_ids is not None and node in statement_ids:
            return "statement"
        data = nodes.get(node)
        return data.get("type") if data is not None else ("inference" if node in planned else None)

    if relation not in RELATIONS:
        return f"unknown relation '{relation}'{did_you_mean(relation, RELATIONS)}"
    if not premises:
        return f"a {relation} needs at least one premise"
    for premise in premises:
        if type_of(premise) != "statement":
            return f"unknown statement '{premise}'{did_you_mean(premise, statements(graph))}"
    aimed = type_of(target)
    if aimed is None:
        return f"unknown statement '{target}'{did_you_mean(target, graph.nodes)}"
    if relation == "support" and aimed == "inference":
        return f"a support cannot aim at an inference ('{target}'); only an attack can undercut one"
    if target in premises:
        return f"statement '{target}' {relation}s itself"
    if id is not None and type_of(id) is not None:
        return f"'{id}' is already the id of {'another inference' if type_of(id) == 'inference' else 'a statement'}; an inference needs an id of its own"
    return None


def order_inferences(graph, order: list[str]) -> None:
    """Put the inference nodes in this order (undercuts are added after what they aim at, but listed as written)."""
    if list(n for n in graph if is_inference(graph, n)) == order:
        return
    nodes = [(n, graph.nodes[n]) for n in order]
    edges = [(u, v, d) for n in order for u, v, d in [*graph.in_edges(n, data=True), *graph.out_edges(n, data=True)]]
    graph.remove_nodes_from(order)
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)


def check(graph: nx.DiGraph) -> list[Diagnostic]:
    """Warnings about a well-formed map that argues badly, in document order."""
    path = graph.graph.get("source")
    warnings: list[Diagnostic] = []

    nodes, pred, succ = graph._node, graph._pred, graph._succ  # the graph's own dicts, for speed

    def warn(node, message):
        data = nodes[node]
        warnings.append(Diagnostic(message, path, data.get("line"), data.get("col"), "warning"))

    # One pass for the theses and what each support joins: at 10^5 statements every pass over the
    # node dicts finds them cold in memory. A support's premises are the ends of its premise edges
    # (its pred also holds the attacks that undercut it, by their conclusion edges). networkx fills
    # _node, _pred and _succ together, in one order: read side by side, a node's edges cost no look-up
    # by id, a cache miss or two each at 10^5 statements (a graph whose dicts disagree is looked up).
    theses, support_edges, supported = [], [], set()
    for (node, data), (before, into), (after, out) in zip(nodes.items(), pred.items(), succ.items()):
        if before is not node or after is not node:
            into, out = pred[node], succ[node]
        if data.get("kind") == "thesis":
            theses.append(node)
        elif data.get("relation") == "support":
            (target,) = out
            supported.add(target)
            support_edges += [(premise, target) for premise, edge in into.items() if edge["role"] == "premise"]
    if not theses:
        warnings.append(Diagnostic("the map has no thesis: mark the main conclusion with .thesis", path, severity="warning"))
    reaches_thesis = set(theses)  # everything with a path to a thesis, inferences included
    frontier = list(theses)
    while frontier:
        frontier = [before for node in frontier for before in pred[node] if before not in reaches_thesis]
        reaches_thesis.update(frontier)
    # A support from a statement nothing supports is on no cycle: left out before peeling (half the edges, usually).
    around_cycles = _around_cycles([(source, target) for source, target in support_edges if source in supported])
    for (node, data), (after, out) in zip(nodes.items(), succ.items()):
        if data.get("type") != "statement":
            continue
        if after is not node:
            out = succ[node]
        kind = data["kind"]
        if not data["text"].strip():
            warn(node, f"'{node}' has no text: its span is empty")
        if kind in ("evidence", "rebuttal") and not out:
            warn(node, f"{kind} '{node}' supports or attacks nothing")
            continue
        # An implicit statement is an assumption by declaration: unsupported on purpose.
        if kind in ("claim", "thesis") and node not in supported and not data["implicit"]:
            warn(node, f"{kind} '{node}' has no support")
        if theses and node not in reaches_thesis:
            warn(node, f"'{node}' leads to no thesis")
    if around_cycles:  # else no graph to make: the usual case (a corpus checks hundreds of small maps)
        support_graph = nx.DiGraph(around_cycles)
        components = [c for c in nx.strongly_connected_components(support_graph) if len(c) > 1]
        order = {node: i for i, node in enumerate(graph)} if components else {}
        for component in sorted(components, key=lambda c: min(order[n] for n in c)):
            start = min(component, key=order.__getitem__)
            cycle = _shortest_cycle(support_graph, start, component)
            listed = cycle if len(cycle) <= CYCLE_LISTED else [*cycle[:CYCLE_LISTED], f"... ({len(cycle) - CYCLE_LISTED:,} more)"]
            warn(start, "support cycle: " + " -> ".join([*listed, cycle[0]]))
    return sorted(warnings, key=lambda d: (d.line or 0, d.col or 0))


def inference_counts(graph) -> dict[str, int]:
    """How many supports, attacks (on statements) and undercuts (attacks on inferences) the map has."""
    counts = dict.fromkeys(INFERENCE_TYPES, 0)
    nodes, succ = graph._node, graph._succ  # the graph's own dicts: this runs on every build's summary
    for node, data in nodes.items():
        if data.get("type") == "inference":
            relation = data["relation"]
            if relation == "attack":  # only an attack's target can be an inference: a support's is left unvisited
                (target,) = succ[node]
                if nodes[target].get("type") == "inference":
                    relation = "undercut"
            counts[relation] += 1
    return counts


def summary(graph: nx.DiGraph) -> str:
    """'42 statements (1 thesis, ...), 50 inferences (...)' for build output."""
    kinds = dict.fromkeys(KINDS, 0)
    for data in graph._node.values():  # the graph's own dict: a networkx view per statement cost 10 ms at 10^4
        if data.get("type") == "statement" and data["kind"] in kinds:
            kinds[data["kind"]] += 1
    plural = {"thesis": "theses", "evidence": "evidence"}

    def count(counts: dict, noun: str) -> str:
        total = sum(counts.values())
        parts = [f"{n} {name if n == 1 else plural.get(name, name + 's')}" for name, n in counts.items() if n]
        return f"{total} {noun}{'' if total == 1 else 's'}" + (f" ({', '.join(parts)})" if parts else "")

    return f"{count(kinds, 'statement')}, {count(inference_counts(graph), 'inference')}"



def _around_cycles(edges: list[tuple]) -> list[tuple]:
    """The edges left once every node no cycle can pass through is peeled off (nothing left into it), in their order.

    A map without support cycles (the usual case) leaves none, so networkx's
    component search runs on the few edges around cycles, not on every support.
    """
    following: dict = {}
    waiting: dict = {}  # node -> edges into it from nodes not peeled yet
    for source, target in edges:
        following.setdefault(source, []).append(target)
        waiting[target] = waiting.get(target, 0) + 1
    ready = [node for node in following if node not in waiting]
    peeled = set(ready)
    while ready:
        for target in following.get(ready.pop(), ()):
            waiting[target] -= 1
            if not waiting[target]:
                peeled.add(target)
                ready.append(target)
    return [(source, target) for source, target in edges if source not in peeled and target not in peeled]


def _shortest_cycle(graph: nx.DiGraph, start, members: set) -> list:
    """A shortest cycle from `start` back to itself within `members`, as the list of its nodes from `start`.

    A breadth-first walk: linear in the component, where networkx's
    find_cycle on a subgraph view took 6 s and 290 MB for 100,000 statements.
    """
    parent = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for successor in graph.succ[node]:
            if successor == start:
                cycle = [node]
                while parent[cycle[-1]] is not None:
                    cycle.append(parent[cycle[-1]])
                return cycle[::-1]
            if successor in members and successor not in parent:
                parent[successor] = node
                queue.append(successor)
    return [start]


def neighbourhood(graph, focus: str, depth: int):
    """The statements within `depth` relation steps of `focus`, either way, and the inferences among them.

    A step joins an inference's premise to what it concludes (through an
    undercut, to the statement the undercut inference ends at). Lets a
    reader print the part of a large map around one statement.
    """
    if focus not in graph or is_inference(graph, focus):
        raise ArgmapError(f"unknown statement id '{focus}'{did_you_mean(str(focus), statements(graph))}")
    if depth < 0:
        raise ArgmapError(f"depth must be 0 or more, not {depth}")
    found = inferences(graph)
    by_id = {inference.id: inference for inference in found}
    neighbours: dict[str, set] = {node: set() for node in statements(graph)}
    for inference in found:
        end = inference
        while end.target in by_id:
            end = by_id[end.target]
        for premise in inference.premises:
            neighbours[premise].add(end.target)
            neighbours[end.target].add(premise)
    near, frontier = {focus}, [focus]
    for _ in range(depth):
        frontier = [n for node in frontier for n in neighbours[node] if n not in near]
        near.update(frontier)
    kept = set(near)
    changed = True
    while changed:  # an inference stays when some premise is near and its target stays
        changed = False
        for inference in found:
            if inference.id not in kept and inference.target in kept and any(p in near for p in inference.premises):
                kept.add(inference.id)
                changed = True
    return graph.subgraph([node for node in graph.nodes if node in kept]).copy()
