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
from argmap.pipeline import collection_paused
from argmap.semantics import indexed_components, link_groups

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


def _inputs(graph) -> tuple[list, dict, list, list, list]:
    """The map by node index: nodes, their index, and per target its plain
    attackers, plain supporters and other (linked or undercut) groups as
    (is_attack, premises, undercutters)."""
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    plain_attackers: list[list[int]] = [[] for _ in nodes]
    plain_supporters: list[list[int]] = [[] for _ in nodes]
    linked: list[list[tuple]] = [[] for _ in nodes]
    for group in link_groups(graph):
        target = index[group["target"]]
        premises = [index[p] for p in group["premises"]]
        if len(premises) == 1 and not group["undercutters"]:
            table = plain_attackers if group["relation"] == "attack" else plain_supporters
            table[target].append(premises[0])
        else:
            undercutters = [index[u] for u in group["undercutters"]]
            linked[target].append((group["relation"] == "attack", premises, undercutters))
    return nodes, index, plain_attackers, plain_supporters, linked


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
    with collection_paused():
        scores = base_scores(graph) if base is None else base
        nodes, index, plain_attackers, plain_supporters, linked = _inputs(graph)
        tau = [scores[node] for node in nodes]

        def update(node, strength):
            attack = support = 1.0  # products of (1 - contribution)
            for premise in plain_attackers[node]:
                attack *= 1.0 - strength[premise]
            for premise in plain_supporters[node]:
                support *= 1.0 - strength[premise]
            for is_attack, premises, undercutters in linked[node]:
                value = 1.0
                for premise in premises:
                    value *= strength[premise]
                for undercutter in undercutters:
                    value *= 1.0 - strength[undercutter]
                if is_attack:
                    attack *= 1.0 - value
                else:
                    support *= 1.0 - value
            return dfquad_combine(tau[node], 1.0 - attack, 1.0 - support)

        return _fixpoint(graph, nodes, index, update, list(tau), max_iterations, tolerance)


def h_categorizer(graph, max_iterations: int = 1000, tolerance: float = 1e-9) -> dict:
    """h-categorizer strengths (Besnard & Hunter 2001) on the attacks only.

    h(a) = 1 / (1 + sum of attack contributions); a plain attacker
    contributes its own h, a linked attack the product of its premises' h,
    times 1 / (1 + sum of its undercutters' h). Supports are ignored.
    Same result shape as `dfquad`.
    """
    with collection_paused():
        nodes, index, plain_attackers, _, linked = _inputs(graph)

        def update(node, strength):
            total = 0.0
            for premise in plain_attackers[node]:
                total += strength[premise]
            for is_attack, premises, undercutters in linked[node]:
                if not is_attack:
                    continue
                value = 1.0
                for premise in premises:
                    value *= strength[premise]
                if undercutters:
                    value /= 1.0 + sum(strength[u] for u in undercutters)
                total += value
            return 1.0 / (1.0 + total)

        return _fixpoint(graph, nodes, index, update, [1.0] * len(nodes), max_iterations, tolerance)


def gradual_strengths(graph, method: str = "dfquad", base: dict | None = None, **limits) -> dict:
    """Dispatch to `dfquad` or `h_categorizer` by name."""
    if method == "dfquad":
        return dfquad(graph, base, **limits)
    if method == "hcat":
        return h_categorizer(graph, **limits)
    raise ArgmapError(f"unknown gradual semantics '{method}' (choose from {', '.join(METHODS)})")


def _fixpoint(graph, nodes, index, update, strength: list, max_iterations: int, tolerance: float) -> dict:
    """Evaluate `update` component by component, premises before conclusions.

    A component without a cycle is one exact evaluation; a cycle is iterated
    synchronously (every member from the previous round's values).
    """
    successors = [[index[nxt] for nxt in neighbours] for _, neighbours in graph.adjacency()]
    piece_of, count = indexed_components(successors)
    members: list[list[int]] = [[] for _ in range(count)]
    for node, piece in enumerate(piece_of):
        members[piece].append(node)
    iterations_used = 0
    unconverged: list[int] = []
    for component in members:
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
    return {
        "strength": dict(zip(nodes, strength)),
        "converged": not unconverged,
        "iterations": iterations_used,
        "unconverged": [nodes[i] for i in sorted(unconverged)],
    }
