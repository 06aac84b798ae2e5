"""Gradual strength of every statement: DF-QuAD and the h-categorizer.

Both read the map directly as a weighted bipolar graph. A statement's
strength depends only on the statements that point at it, so acyclic parts
are computed once each in topological order (exact); each cycle is iterated
from its starting values until no strength moves by more than `tolerance`, at
most `max_iterations` times, and cycles that did not settle are reported.
docs/evaluation.md gives the formulas and worked examples.
"""

from __future__ import annotations

from argmap.errors import ArgmapError
from argmap.semantics import link_groups, strongly_connected_components

DEFAULT_BASE = 0.5
METHODS = ("dfquad", "hcat")


def base_scores(graph, overrides: dict | None = None) -> dict:
    """Base score per statement: the override, else `weight`, else 0.5."""
    scores = {}
    for node, data in graph.nodes(data=True):
        weight = data.get("weight")
        scores[node] = DEFAULT_BASE if weight is None else float(weight)
    for node, value in (overrides or {}).items():
        if node not in scores:
            raise ArgmapError(f"base score given for unknown statement '{node}'")
        value = float(value)
        if not 0.0 <= value <= 1.0:
            raise ArgmapError(f"base score of '{node}' must be in [0, 1], got {value}")
        scores[node] = value
    return scores


def probabilistic_sum(values) -> float:
    """F(v1..vn) = 1 - prod(1 - vi); 0 for no values."""
    remaining = 1.0
    for value in values:
        remaining *= 1.0 - value
    return 1.0 - remaining


def dfquad_combine(base: float, attack: float, support: float) -> float:
    """DF-QuAD's C(v0, va, vs): move v0 towards 0 or 1 by |vs - va|."""
    if attack >= support:
        return base - base * (attack - support)
    return base + (1.0 - base) * (support - attack)


def _groups_by_target(graph) -> dict:
    by_target: dict = {}
    for group in link_groups(graph):
        by_target.setdefault(group["target"], []).append(group)
    return by_target


def dfquad(
    graph,
    base: dict | None = None,
    max_iterations: int = 1000,
    tolerance: float = 1e-9,
) -> dict:
    """DF-QuAD strengths (Rago, Toni, Aurisicchio & Baroni 2016).

    sigma(a) = C(tau(a), F(attack contributions), F(support contributions)),
    where a link group contributes the product of its premises' strengths
    times (1 - F(its undercutters' strengths)). Returns {"strength": {id:
    float}, "converged": bool, "iterations": int, "unconverged": [ids]}.
    """
    tau = base_scores(graph) if base is None else base
    groups = _groups_by_target(graph)

    def contribution(group, strength):
        value = 1.0
        for premise in group["premises"]:
            value *= strength[premise]
        for undercutter in group["undercutters"]:
            value *= 1.0 - strength[undercutter]
        return value

    def update(node, strength):
        attack = support = 1.0  # products of (1 - contribution)
        for group in groups.get(node, ()):
            if group["relation"] == "attack":
                attack *= 1.0 - contribution(group, strength)
            else:
                support *= 1.0 - contribution(group, strength)
        return dfquad_combine(tau[node], 1.0 - attack, 1.0 - support)

    return _fixpoint(graph, update, dict(tau), max_iterations, tolerance)


def h_categorizer(graph, max_iterations: int = 1000, tolerance: float = 1e-9) -> dict:
    """h-categorizer strengths (Besnard & Hunter 2001) on the attacks only.

    h(a) = 1 / (1 + sum of attack contributions); a plain attacker
    contributes its own h, a linked attack the product of its premises' h,
    times 1 / (1 + sum of its undercutters' h). Supports are ignored.
    Same result shape as `dfquad`.
    """
    groups = _groups_by_target(graph)

    def update(node, strength):
        total = 0.0
        for group in groups.get(node, ()):
            if group["relation"] != "attack":
                continue
            value = 1.0
            for premise in group["premises"]:
                value *= strength[premise]
            if group["undercutters"]:
                value /= 1.0 + sum(strength[u] for u in group["undercutters"])
            total += value
        return 1.0 / (1.0 + total)

    return _fixpoint(graph, update, {node: 1.0 for node in graph.nodes}, max_iterations, tolerance)


def gradual_strengths(graph, method: str = "dfquad", base: dict | None = None, **limits) -> dict:
    """Dispatch to `dfquad` or `h_categorizer` by name."""
    if method == "dfquad":
        return dfquad(graph, base, **limits)
    if method == "hcat":
        return h_categorizer(graph, **limits)
    raise ArgmapError(f"unknown gradual semantics '{method}' (choose from {', '.join(METHODS)})")


def _fixpoint(graph, update, strength: dict, max_iterations: int, tolerance: float) -> dict:
    """Evaluate `update` component by component, premises before conclusions.

    A component without a cycle is one exact evaluation; a cycle is iterated
    synchronously (every member from the previous round's values).
    """
    nodes = list(graph.nodes)
    successors = {node: list(graph.successors(node)) for node in nodes}
    iterations_used = 0
    unconverged: list = []
    for component in strongly_connected_components(nodes, successors):
        if len(component) == 1 and component[0] not in successors[component[0]]:
            strength[component[0]] = update(component[0], strength)
            continue
        settled = False
        rounds = 0
        while rounds < max_iterations:
            rounds += 1
            new = [update(node, strength) for node in component]
            change = max(abs(value - strength[node]) for node, value in zip(component, new))
            for node, value in zip(component, new):
                strength[node] = value
            if change <= tolerance:
                settled = True
                break
        iterations_used = max(iterations_used, rounds)
        if not settled:
            unconverged.extend(component)
    position = {node: i for i, node in enumerate(nodes)}
    return {
        "strength": {node: strength[node] for node in nodes},
        "converged": not unconverged,
        "iterations": iterations_used,
        "unconverged": sorted(unconverged, key=position.__getitem__),
    }
