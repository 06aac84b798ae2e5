"""Gradual strength of every statement: DF-QuAD and the h-categorizer.

Both read the theory as a weighted bipolar graph in which an inference is
as strong as its premises together (the product of their strengths),
weakened by the attacks aimed at it (undercuts). A statement's strength
depends only on what points at it, so the strongly connected components are
evaluated in topological order: a statement outside any cycle once,
exactly; each cycle by Gauss-Seidel sweeps that recompute only what its
inputs moved, until nothing moves by more than `tolerance`, at most
`max_iterations` sweeps. Cycles that did not settle are reported.
docs/evaluation.md gives the formulas and worked examples.
"""

from __future__ import annotations

from argmap.errors import ArgmapError
from argmap.evaluation.dung import indexed_components
from argmap.evaluation.theory import append, theory_of
from argmap.base import collection_paused

DEFAULT_BASE = 0.5
METHODS = ("dfquad", "hcat")


def base_scores(source, overrides: dict | None = None) -> dict:
    """Base score per statement: the override, else `weight`, else 0.5."""
    theory = theory_of(source)
    return dict(zip(theory.statements, base_list(theory, overrides)))


def base_list(source, overrides: dict | None = None) -> list[float]:
    """`base_scores` as a list in statement order."""
    theory = theory_of(source)
    scores = [DEFAULT_BASE if weight is None else float(weight) for weight in (data.get("weight") for data in theory.data)]
    if overrides:
        info, number = theory.info, theory.index().number
        for node, value in overrides.items():
            if node not in info:
                raise ArgmapError(f"base score given for unknown statement '{node}'")
            value = float(value)
            if not 0.0 <= value <= 1.0:
                raise ArgmapError(f"base score of '{node}' must be in [0, 1], got {value}")
            scores[number[node]] = value
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


def _inputs(theory, supports: bool = True) -> tuple:
    """The theory by number, as the strength formulas read it.

    Numbers 0..S-1 are the statements; above them come the inferences that
    are attacked (undercut), whose strength is a value of its own. Every
    other inference is computed where it is used: a plain one (one premise)
    is its premise's strength, a linked one the product of its premises'.
    Returns (names, plain attackers, plain supporters, linked inferences as
    (is_attack, premises), own premises of each undercut inference, and the
    numbers each one feeds, once per use: the edges the evaluation order
    follows, and how many of them go into each number). With `supports` false, supports and the undercuts aimed at
    them are left out entirely.
    """
    index = theory.index()
    first, premises, target, is_attack = index.statements, index.premises, index.target, index.is_attack
    kept = index.kept_inferences(supports)
    number = list(range(first)) + [-1] * (index.size - first)
    names = index.names[:first]
    for i in sorted({target[i] for i in kept if target[i] >= first}):
        number[i] = len(names)
        names.append(index.names[i])
    size = len(names)
    plain_attackers: list = [()] * size  # lists, each made when first needed (`append`)
    plain_supporters: list = [()] * size
    linked: list = [()] * size
    own: list[tuple] = [()] * size
    feeds: list = [()] * size
    fed = [0] * size  # how many feeds go into each number, counted here rather than in a pass of its own over `feeds`
    for i in kept:
        aimed = number[target[i]]
        if number[i] >= 0:  # undercut: a value of its own, fed by its premises, feeding its target
            own[number[i]] = premises[i]
            for p in premises[i]:
                append(feeds, p, number[i])
            fed[number[i]] += len(premises[i])
            append(plain_attackers if is_attack[i] else plain_supporters, aimed, number[i])
            append(feeds, number[i], aimed)
            fed[aimed] += 1
        elif len(premises[i]) == 1:
            append(plain_attackers if is_attack[i] else plain_supporters, aimed, premises[i][0])
            append(feeds, premises[i][0], aimed)
            fed[aimed] += 1
        else:
            append(linked, aimed, (bool(is_attack[i]), premises[i]))
            for p in premises[i]:
                append(feeds, p, aimed)
            fed[aimed] += len(premises[i])
    return names, first, plain_attackers, plain_supporters, linked, own, feeds, fed


def dfquad(
    source,
    base: dict | None = None,
    max_iterations: int = 1000,
    tolerance: float = 1e-9,
) -> dict:
    """DF-QuAD strengths (Rago, Toni, Aurisicchio & Baroni 2016).

    sigma(a) = C(tau(a), F(attack contributions), F(support contributions)),
    where an inference contributes the product of its premises' strengths
    times (1 - F(strengths of the attacks aimed at it)). Returns {"strength":
    {id: float}, "converged": bool, "iterations": int, "unconverged": [ids]}.
    """
    theory = theory_of(source)
    tau = base_list(theory) if base is None else [base[node] for node in theory.statements]
    return _by_id(theory, _dfquad(theory, tau, max_iterations, tolerance))


def _dfquad(theory, tau: list[float], max_iterations: int, tolerance: float) -> dict:
    """`dfquad` from the base scores in statement order, strengths in statement order."""
    with collection_paused():
        names, first, plain_attackers, plain_supporters, linked, own, feeds, fed = _inputs(theory)
        strength = tau + [1.0] * (len(names) - first)

        def update(node):
            attack = support = 1.0  # products of (1 - contribution)
            for premise in plain_attackers[node]:
                attack *= 1.0 - strength[premise]
            for premise in plain_supporters[node]:
                support *= 1.0 - strength[premise]
            if linked[node]:
                for is_attack, premises in linked[node]:
                    value = 1.0
                    for premise in premises:
                        value *= strength[premise]
                    if is_attack:
                        attack *= 1.0 - value
                    else:
                        support *= 1.0 - value
            if node >= first:  # an undercut inference: its premises together, weakened by its attackers
                value = attack
                for premise in own[node]:
                    value *= strength[premise]
                return value
            return dfquad_combine(tau[node], 1.0 - attack, 1.0 - support)

        return _fixpoint(names, first, feeds, fed, update, strength, max_iterations, tolerance)


def h_categorizer(source, max_iterations: int = 1000, tolerance: float = 1e-9) -> dict:
    """h-categorizer strengths (Besnard & Hunter 2001) on the attacks only.

    h(a) = 1 / (1 + sum of attack contributions); a plain attacker
    contributes its own h, a linked attack the product of its premises' h,
    an attack that is itself attacked that product divided by 1 + the sum of
    its attackers' contributions. Supports are ignored, so only cycles of
    attacks need iterating. Same result shape as `dfquad`.
    """
    theory = theory_of(source)
    return _by_id(theory, _h_categorizer(theory, max_iterations, tolerance))


def _h_categorizer(theory, max_iterations: int, tolerance: float) -> dict:
    """`h_categorizer`, strengths in statement order."""
    with collection_paused():
        names, first, plain_attackers, _, linked, own, feeds, fed = _inputs(theory, supports=False)
        strength = [1.0] * len(names)

        def update(node):
            total = 0.0
            for premise in plain_attackers[node]:
                total += strength[premise]
            if linked[node]:
                for _, premises in linked[node]:
                    value = 1.0
                    for premise in premises:
                        value *= strength[premise]
                    total += value
            if node >= first:
                value = 1.0
                for premise in own[node]:
                    value *= strength[premise]
                return value / (1.0 + total)
            return 1.0 / (1.0 + total)

        return _fixpoint(names, first, feeds, fed, update, strength, max_iterations, tolerance)


def strength_list(theory, method: str, tau: list[float], max_iterations: int = 1000, tolerance: float = 1e-9) -> dict:
    """`dfquad` or `h_categorizer` by name, from the base scores in statement order (`base_list`), strengths in that order."""
    if method == "dfquad":
        return _dfquad(theory, tau, max_iterations, tolerance)
    if method == "hcat":
        return _h_categorizer(theory, max_iterations, tolerance)
    raise ArgmapError(f"unknown gradual semantics '{method}' (choose from {', '.join(METHODS)})")


def _by_id(theory, result: dict) -> dict:
    """A result of `strength_list` with the strengths by statement id."""
    result["strength"] = dict(zip(theory.statements, result["strength"]))
    return result


def _fixpoint(nodes, first: int, feeds, fed: list[int], update, strength: list, max_iterations: int, tolerance: float) -> dict:
    """Set `strength[i] = update(i)` everywhere, component by component.

    `update(i)` reads `strength` of the nodes that feed i (`fed[i]` of them,
    counted with repeats; the list is used up). What no cycle
    feeds is peeled first, in topological order: each node once, after
    everything it reads (one with nothing feeding it keeps its initial
    strength, which is what `update` would give). The rest (cycles and what
    they feed) goes by strongly connected components in topological order; a
    cycle is settled by `_settle`. Peeling spares the component search on
    most of a map: at 10^5 statements it cost a third of DF-QuAD.
    """
    waiting = fed  # inputs not yet computed
    ready = [node for node, count in enumerate(waiting) if not count]
    sources = len(ready)
    head = 0
    while head < len(ready):
        node = ready[head]
        if head >= sources:
            strength[node] = update(node)
        head += 1
        for target in feeds[node]:
            waiting[target] -= 1
            if not waiting[target]:
                ready.append(target)
    iterations_used = 0
    unconverged: list[int] = []
    rest = [node for node, count in enumerate(waiting) if count]
    if rest:
        local = dict(zip(rest, range(len(rest))))
        rest_pieces, count = indexed_components([[local[target] for target in feeds[node]] for node in rest])
        piece_of = [-1] * len(feeds)
        members: list[list[int]] = [[] for _ in range(count)]
        for node, piece in zip(rest, rest_pieces):
            piece_of[node] = piece
            members[piece].append(node)
        for component in members:
            if len(component) == 1 and component[0] not in feeds[component[0]]:
                strength[component[0]] = update(component[0])
                continue
            sweeps, settled = _settle(component, piece_of, feeds, update, strength, max_iterations, tolerance)
            iterations_used = max(iterations_used, sweeps)
            if not settled:
                unconverged.extend(component)
    return {
        "strength": strength[:first],
        "converged": not unconverged,
        "iterations": iterations_used,
        "unconverged": [nodes[i] for i in sorted(unconverged)],
    }


def _settle(component, piece_of, feeds, update, strength, max_iterations, tolerance) -> tuple[int, bool]:
    """Iterate one cycle to its fixpoint: lazy Gauss-Seidel sweeps.

    Each sweep goes through the component in feed-forward order, updating
    in place, so a change reaches what it feeds within the same sweep
    (Jacobi rounds, which use the previous round's values, need about twice
    as many passes). `pending[k]` adds up how far the inputs of the k-th node
    moved since it was last computed; every input moves a strength by at
    most as much, so a node whose `pending` is within `tolerance` is skipped:
    once nothing is pending, every strength is within `tolerance` of its own
    update. Returns (sweeps that updated something, settled).
    """
    order = _feed_forward_order(component, piece_of, feeds)
    place_of = {node: place for place, node in enumerate(order)}
    fed = [[place_of[target] for target in feeds[node] if target in place_of] for node in order]
    pending = [2.0] * len(order)  # more than any strength can move: all due in the first sweep
    sweeps = 0
    again = True
    while again:
        if sweeps == max_iterations:
            return sweeps, False
        sweeps += 1
        again = False
        for place, node in enumerate(order):
            if pending[place] <= tolerance:
                continue
            pending[place] = 0.0
            value = update(node)
            change = value - strength[node]
            if not change:
                continue
            strength[node] = value
            if change < 0.0:
                change = -change
            for target in fed[place]:
                due = pending[target] + change
                pending[target] = due
                if due > tolerance and target <= place:
                    again = True  # already passed in this sweep
    return sweeps, True


def _feed_forward_order(component, piece_of, feeds) -> list[int]:
    """The component's nodes so that most edges go forward: reverse postorder
    of a depth-first search along `feeds`, started from the nodes in map
    order. Only the edges that close cycles point backwards."""
    piece = piece_of[component[0]]
    seen = set()
    finished = []
    for root in component:
        if root in seen:
            continue
        seen.add(root)
        work = [(root, iter(feeds[root]))]
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in seen and piece_of[target] == piece:
                    seen.add(target)
                    work.append((target, iter(feeds[target])))
                    break
            else:
                work.pop()
                finished.append(node)
    finished.reverse()
    return finished
