"""Explain where a statement stands in an argument graph.

`describe` gathers what supports the statement, what attacks it and how it
bears on each thesis into a JSON-able dict; `argmap.query_text` draws that
dict as text and `argmap.lookup` finds the statement from what a reader types.
The dict is the single source for both the text and the `--json` output, so
extending a query (for instance with evaluation results) means adding keys to it.

Only the standard library is imported here: the functions take a graph built
elsewhere, so `argmap --help` never pays for networkx.
"""

from __future__ import annotations

import heapq
from typing import Any, Iterator

from argmap.errors import ArgmapError

MAX_CHAINS = 20
"""How many chains to theses `describe` reports before it says it stopped."""

MAX_DEPTH = 30
"""Tree levels `describe` expands; deeper statements are named, not expanded."""

MAX_CHAIN_SEARCH_STEPS = 100_000
"""Partial paths the chain search may expand; bounds the time on dense graphs."""


def _statements(graph) -> list[str]:
    from argmap.model import statements

    return statements(graph)


def _is_inference(graph, node: str) -> bool:
    return graph._node[node].get("type") == "inference"  # the graph's own dict: views cost more on big maps


def _children(index, x: int, via: int | None) -> Iterator[tuple[int, str, int | None, int, str]]:
    """What to show under statement number `x` in a tree where it bears on its parent through inference `via`.

    Yields (premise, relation, link, inference, "supports" or "attacks"), by
    number: the premises of the supports of `x`, then of its attacks, then of
    the attacks on `via` (undercuts: they attack the inference rather than
    `x` itself), inferences in map order. Premises of one inference come
    together; `link` is the inference when it has several premises.
    """
    premises = index.premises
    for relation, key, aimed in (("support", "supports", index.supports_of[x]), ("attack", "attacks", index.attacked_by[x])):
        for inference in aimed:
            linked = premises[inference]
            link = inference if len(linked) > 1 else None
            for premise in linked:
                yield premise, relation, link, inference, key
    if via is not None:
        for inference in index.attacked_by[via]:
            linked = premises[inference]
            link = inference if len(linked) > 1 else None
            for premise in linked:
                yield premise, "undercut", link, inference, "attacks"


def _trees(theory, root: str, max_depth: int) -> dict[str, list]:
    """The support and attack trees below `root`, each statement expanded once.

    An undercutter's entry also names the `step` [premise, target] it attacks;
    under an undercut, [undercutter, ..., premise, target]: the undercut it attacks.
    A statement met again on the current path is a cycle and is emitted as
    `{"cycle": true}`; one already expanded elsewhere is emitted as
    `{"repeated": true}` (the text output says "shown above"). Expanding each
    statement once keeps the output linear in the graph's size where a shared
    premise would otherwise be copied under every claim it feeds. Below
    `max_depth` levels a statement that has something under it is emitted as
    `{"deeper": true}`: very deep trees stay readable, and their JSON stays
    within what encoders (and readers) handle. The walk uses an explicit stack
    and goes by number (the evaluation's `Index` and `Theory.data`): a
    look-up by id per step was half of it at 10^5 statements.
    """
    index, data = theory.index(), theory.data
    names = index.names
    start = index.number[root]
    top: dict[str, list] = {"supports": [], "attacks": []}
    on_path = {start}
    expanded = {start}
    stack = [(start, None, top, _children(index, start, None))]
    while stack:
        node, parent, shown, pending = stack[-1]
        step = next(pending, None)
        if step is None:
            stack.pop()
            on_path.discard(node)
            continue
        child, relation, link, inference, key = step
        about = data[child]
        entry = {"id": names[child], "kind": about.get("kind"), "label": about.get("label"), "relation": relation,
                 "link": None if link is None else names[link]}
        if relation == "undercut":  # the step it attacks; an undercut's own step first: [a2, a1, a5]
            entry["step"] = [names[node], *shown["step"]] if shown.get("relation") == "undercut" else [names[node], names[parent]]
        shown[key].append(entry)
        if child in on_path:
            entry["cycle"] = True
        elif child in expanded:
            entry["repeated"] = True
        elif len(stack) >= max_depth:
            if next(_children(index, child, inference), None) is not None:
                entry["deeper"] = True
        else:
            entry["supports"] = []
            entry["attacks"] = []
            expanded.add(child)
            on_path.add(child)
            stack.append((child, node, entry, _children(index, child, inference)))
    return top


def _steps(index, x: int) -> dict[int, str]:
    """The statements statement number `x` bears on, each with how: through each inference from it to where it ends.

    Read from the evaluation's numbering of the map (`Index`). An undercut
    bears on the statement the inference it attacks ends at.
    """
    first, target, is_attack = index.statements, index.target, index.is_attack
    steps: dict[int, str] = {}
    for i in index.uses[x]:
        end = target[i]
        how = "support" if not is_attack[i] else "attack" if end < first else "undercut"
        while end >= first:
            end = target[end]
        steps.setdefault(end, how)
    return steps


def _distances_to_theses(theory) -> list[int]:
    """Fewest steps from each statement, by number, to some thesis (-1: none reachable)."""
    from argmap.evaluation.theory import append

    index = theory.index()
    first, target, premises = index.statements, index.target, index.premises
    before: list = [()] * first  # lists made when first needed
    for i in range(first, index.size):
        end = target[i]
        while end >= first:
            end = target[end]
        for premise in premises[i]:
            append(before, end, premise)
    frontier = [x for x, data in enumerate(theory.data) if data.get("kind") == "thesis"]
    distance = [-1] * first
    for x in frontier:
        distance[x] = 0
    while frontier:
        following = []
        for node in frontier:
            for source in before[node]:
                if distance[source] < 0:
                    distance[source] = distance[node] + 1
                    following.append(source)
        frontier = following
    return distance


def _routes(graph, theory=None) -> tuple:
    """What the trees and chain searches need from the whole map: its theory (numbering, statement data), and each statement's distance to a thesis.

    `theory`: the map's evaluation theory if the caller has it already. A
    statement's steps are read from the numbering when the search reaches it.
    """
    from argmap.evaluation.theory import theory_of

    theory = theory_of(theory or graph)
    return theory, _distances_to_theses(theory)


def _chains(graph, start: str, routes: tuple) -> tuple[list[list[dict]], bool]:
    """Simple paths from `start` to theses, shortest first then by ids, at most MAX_CHAINS.

    A best-first search keyed by (path length + distance still to go, ids on
    the path): the distance is exact and never overestimates, and extending a
    path never lowers its key, so complete paths come out already in the
    required order and the search stops after MAX_CHAINS of them instead of
    enumerating every path. Every inference counts, undercuts included: an
    undercutter bears on a thesis through the statement whose support it cuts.
    """
    theory, distance = routes
    index = theory.index()
    number, names = index.number, index.names
    if distance[number[start]] < 0:
        return [], False
    found: list[tuple[str, ...]] = []
    heap = [(distance[number[start]], (start,))]
    searched = 0
    while heap and len(found) <= MAX_CHAINS and searched < MAX_CHAIN_SEARCH_STEPS:
        _, path = heapq.heappop(heap)
        searched += 1
        last = path[-1]
        if len(path) > 1 and graph._node[last].get("kind") == "thesis":
            found.append(path)
        for target in _steps(index, number[last]):
            if distance[target] >= 0 and names[target] not in path:
                heapq.heappush(heap, (len(path) + distance[target], path + (names[target],)))
    truncated = len(found) > MAX_CHAINS or bool(heap)
    chains = []
    for path in found[:MAX_CHAINS]:
        chain = []
        for here, after in zip(path, path[1:] + (None,)):
            relation = _steps(index, number[here])[number[after]] if after else None
            chain.append({"id": here, "label": graph.nodes[here].get("label"), "relation": relation})
        chains.append(chain)
    return chains, truncated


def describe(graph, statement_id: str, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """Everything a reader asks about one statement, as a JSON-able dict.

    Keys: id, kind, label, text, section, implicit, weight, line, col, spans;
    supports and attacks (trees whose nodes carry id, kind, label, relation,
    link and their own supports and attacks, or `cycle`, `repeated` or
    `deeper` instead; leaves below `max_depth` carry neither);
    leads_to (chains to each thesis, each step {id, label, relation} where
    relation is how the step bears on the next one, null on the thesis) and
    leads_to_truncated.
    """
    return _describe(graph, statement_id, max_depth, _routes(graph))


def describe_all(graph, statement_ids, max_depth: int = MAX_DEPTH) -> dict[str, dict[str, Any]]:
    """`describe` for each of `statement_ids`, reading the map's routes to the theses once for all."""
    routes = _routes(graph)
    return {node: _describe(graph, node, max_depth, routes) for node in statement_ids}


def _describe(graph, statement_id: str, max_depth: int, routes: tuple) -> dict[str, Any]:
    if statement_id not in graph or _is_inference(graph, statement_id):
        raise ArgmapError(f"no statement with id '{statement_id}'")
    data = graph.nodes[statement_id]
    trees = _trees(routes[0], statement_id, max_depth)
    chains, truncated = _chains(graph, statement_id, routes)
    return {
        "id": statement_id,
        "kind": data.get("kind"),
        "label": data.get("label"),
        "text": data.get("text"),
        "section": data.get("section"),
        "implicit": bool(data.get("implicit")),
        "weight": data.get("weight"),
        "line": data.get("line"),
        "col": data.get("col"),
        "spans": [dict(span) for span in data.get("spans") or []],
        "supports": trees["supports"],
        "attacks": trees["attacks"],
        "leads_to": chains,
        "leads_to_truncated": truncated,
    }


def claim_report(graph, claim: str, without: str | None, critical: bool, settings: dict) -> tuple[dict, str]:
    """What `argmap query --claim` reports, as JSON-able data and as text.

    The statement `claim` names with its trees, chains and evaluation; or, with
    `without` (ids or words, comma-separated), what changes when those are
    removed; or, with `critical`, its premises ranked by what each one carries.
    """
    from argmap.base import collection_paused

    with collection_paused():  # a report of up to one entry per statement, no cycles: left on, the collector rescans them (a third of the time at 10^5)
        return _claim_report(graph, claim, without, critical, settings)


def _claim_report(graph, claim: str, without: str | None, critical: bool, settings: dict) -> tuple[dict, str]:
    from argmap import evaluation
    from argmap.lookup import find_statement
    from argmap.query_text import format_description

    statement = find_statement(graph, claim)
    if without:
        removed = [find_statement(graph, item.strip()) for item in without.split(",") if item.strip()]
        if not removed:
            raise ArgmapError("--without names no statement (give ids or words of the text, separated by commas)")
        changes = evaluation.compare(evaluation.evaluate(graph, **settings), evaluation.evaluate(evaluation.without(graph, removed), **settings))
        report = {"claim": statement, "without": removed, "changes": changes}
        text = f"Without {', '.join(removed)}:\n" + evaluation.format_changes(changes)
    elif critical:
        ranking = evaluation.critical_premises(graph, statement, **settings)
        report = {"claim": statement, "critical": ranking}
        text = f"Premises of {statement}, by how much removing each alone lowers its strength:\n" + evaluation.format_critical(ranking)
    else:
        from argmap.evaluation.theory import theory_of

        theory = theory_of(graph)  # read once for the chains, the evaluation and the explanation
        report = _describe(graph, statement, MAX_DEPTH, _routes(graph, theory))
        (row,) = evaluation.evaluate(theory, **settings, only=[statement])["statements"]
        report["evaluation"] = {**{k: row[k] for k in row if k not in ("id", "kind", "label")}, "semantics": settings["semantics"],
                                "gradual": settings["gradual"], "why": evaluation.explain(theory, statement, settings["mode"])}
        text = format_description(report)
    return report, text


def list_statements(graph) -> list[dict[str, Any]]:
    """Every statement's id, kind and label, in graph (document) order."""
    return [
        {"id": node, "kind": graph._node[node].get("kind"), "label": graph._node[node].get("label")}
        for node in _statements(graph)
    ]

