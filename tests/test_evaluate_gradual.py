"""DF-QuAD and h-categorizer against values worked out by hand."""

import math

import networkx as nx
import pytest

from argmap.errors import ArgmapError
from theories import T
from argmap.evaluation.gradual import base_scores, dfquad, dfquad_combine, h_categorizer, probabilistic_sum


def graph(edges, weights=None):
    g = nx.DiGraph()
    nodes = []
    for source, target, *_ in edges:
        for n in (source, target):
            if n not in nodes:
                nodes.append(n)
    for n in nodes:
        g.add_node(n, kind="claim", label=n, weight=(weights or {}).get(n))
    for source, target, relation, *extra in edges:
        attrs = {"relation": relation, "link": None}
        if relation == "undercut":
            attrs = {"relation": relation, "premises": extra[0]}
        elif extra:
            attrs["link"] = extra[0]
        g.add_edge(source, target, **attrs)
    return g


def test_probabilistic_sum_and_combination():
    # F(0.5, 0.5) = 1 - 0.5 * 0.5 = 0.75
    assert probabilistic_sum([0.5, 0.5]) == pytest.approx(0.75)
    assert probabilistic_sum([]) == 0.0
    # va >= vs: C(0.5, 0.75, 0.4) = 0.5 - 0.5 * 0.35 = 0.325
    assert dfquad_combine(0.5, 0.75, 0.4) == pytest.approx(0.325)
    # va < vs: C(0.5, 0.6, 0.8) = 0.5 + 0.5 * 0.2 = 0.6
    assert dfquad_combine(0.5, 0.6, 0.8) == pytest.approx(0.6)
    # equal aggregates leave the base score alone
    assert dfquad_combine(0.7, 0.3, 0.3) == pytest.approx(0.7)


def test_weights_and_overrides_set_base_scores():
    g = graph([("s", "t", "support"), ("a", "t", "attack")], {"s": 0.8, "a": 0.6})
    # s = 0.8, a = 0.6 (no parents); t: va = 0.6, vs = 0.8, vs > va
    # sigma(t) = 0.5 + (1 - 0.5) * (0.8 - 0.6) = 0.6
    result = dfquad(T(g))
    assert result["strength"]["t"] == pytest.approx(0.6)
    assert result["converged"]
    # overriding t's base to 0.2: 0.2 + 0.8 * 0.2 = 0.36
    assert dfquad(T(g), base_scores(T(g), {"t": 0.2}))["strength"]["t"] == pytest.approx(0.36)


def test_two_attackers_one_supporter():
    g = graph(
        [("a1", "t", "attack"), ("a2", "t", "attack"), ("s", "t", "support")], {"s": 0.4}
    )
    # va = 1 - (1 - 0.5)(1 - 0.5) = 0.75, vs = 0.4
    # sigma(t) = 0.5 - 0.5 * (0.75 - 0.4) = 0.325
    assert dfquad(T(g))["strength"]["t"] == pytest.approx(0.325)


def test_chain_of_supports_and_attacks():
    g = graph([("e", "c", "support"), ("r", "c", "attack"), ("e2", "r", "support")])
    s = dfquad(T(g))["strength"]
    # r: va = 0, vs = 0.5 -> 0.5 + 0.5 * 0.5 = 0.75
    assert s["r"] == pytest.approx(0.75)
    # c: va = 0.75, vs = 0.5 -> 0.5 - 0.5 * 0.25 = 0.375
    assert s["c"] == pytest.approx(0.375)


def test_linked_premises_and_undercut():
    g = graph(
        [
            ("p1", "t", "support", "g"),
            ("p2", "t", "support", "g"),
            ("u", "t", "undercut", ["p1"]),
        ],
        {"p1": 0.8, "p2": 0.5, "u": 0.4},
    )
    # linked contribution = 0.8 * 0.5 * (1 - 0.4) = 0.24
    # sigma(t) = 0.5 + 0.5 * 0.24 = 0.62
    assert dfquad(T(g))["strength"]["t"] == pytest.approx(0.62)


def test_unlinked_premises_combine_by_probabilistic_sum():
    g = graph([("p1", "t", "support"), ("p2", "t", "support")], {"p1": 0.8, "p2": 0.5})
    # vs = 1 - 0.2 * 0.5 = 0.9; sigma(t) = 0.5 + 0.5 * 0.9 = 0.95
    assert dfquad(T(g))["strength"]["t"] == pytest.approx(0.95)


def test_attack_cycle_converges():
    g = graph([("a", "b", "attack"), ("b", "a", "attack")])
    # fixpoint x = 0.5 - 0.5 * x  ->  x = 1/3
    result = dfquad(T(g))
    assert result["converged"]
    assert result["strength"]["a"] == pytest.approx(1 / 3, abs=1e-8)
    assert result["strength"]["b"] == pytest.approx(1 / 3, abs=1e-8)


def test_attack_cycle_with_full_base_scores_settles_on_one_of_its_fixpoints():
    g = graph([("a", "b", "attack"), ("b", "a", "attack"), ("b", "c", "support")], {"a": 1, "b": 1})
    # sigma(a) = 1 - sigma(b): every pair with sigma(a) + sigma(b) = 1 is a
    # fixpoint; in-place sweeps stop at one of them (Jacobi rounds would
    # oscillate (1, 1) -> (0, 0) -> ...)
    result = dfquad(T(g))
    assert result["converged"]
    s = result["strength"]
    assert s["a"] + s["b"] == pytest.approx(1.0)
    assert s["c"] == pytest.approx(0.5 + 0.5 * s["b"])


def test_odd_attack_cycle_with_full_base_scores_oscillates_and_is_flagged():
    g = graph(
        [("a", "b", "attack"), ("b", "c", "attack"), ("c", "a", "attack"), ("c", "d", "support")],
        {"a": 1, "b": 1, "c": 1},
    )
    # sigma(x) = 1 - sigma(attacker); the only fixpoint is 1/2 everywhere, but
    # from (1, 1, 1) the sweeps give (0, 1, 0), (1, 0, 1), (0, 1, 0), ...
    result = dfquad(T(g), max_iterations=50)
    assert not result["converged"]
    assert result["unconverged"] == ["a", "b", "c"]
    assert result["iterations"] == 50
    # d is outside the cycle: evaluated once from c's last value
    assert result["strength"]["d"] == pytest.approx(0.5 + 0.5 * result["strength"]["c"])


def test_h_categorizer_known_values():
    chain = h_categorizer(T(graph([("a", "b", "attack"), ("b", "c", "attack")])))["strength"]
    # h(a) = 1, h(b) = 1 / (1 + 1) = 0.5, h(c) = 1 / (1 + 0.5) = 2/3
    assert chain == pytest.approx({"a": 1.0, "b": 0.5, "c": 2 / 3})
    two = h_categorizer(T(graph([("b", "a", "attack"), ("c", "a", "attack")])))["strength"]
    # h(a) = 1 / (1 + 1 + 1) = 1/3
    assert two["a"] == pytest.approx(1 / 3)
    golden = (math.sqrt(5) - 1) / 2  # h = 1 / (1 + h)
    for edges in (
        [("a", "b", "attack"), ("b", "a", "attack")],
        [("a", "b", "attack"), ("b", "c", "attack"), ("c", "a", "attack")],
    ):
        result = h_categorizer(T(graph(edges)))
        assert result["converged"]
        for value in result["strength"].values():
            assert value == pytest.approx(golden, abs=1e-8)


def test_h_categorizer_ignores_supports():
    result = h_categorizer(T(graph([("s", "t", "support"), ("a", "t", "attack")])))
    assert result["strength"]["t"] == pytest.approx(0.5)


def test_bad_base_scores_are_user_errors():
    g = graph([("a", "b", "attack")])
    with pytest.raises(ArgmapError, match="unknown statement 'zz'"):
        base_scores(T(g), {"zz": 0.3})
    with pytest.raises(ArgmapError, match=r"in \[0, 1\]"):
        base_scores(T(g), {"a": 1.5})


def test_acyclic_map_is_exact_in_one_pass():
    g = graph([(f"n{i}", f"n{i + 1}", "support") for i in range(3000)])
    result = dfquad(T(g))
    assert result["converged"] and result["iterations"] == 0
    # every step: 0.5 + 0.5 * s(previous), starting from 0.5 -> tends to 1
    assert result["strength"]["n1"] == pytest.approx(0.75)
    assert result["strength"]["n2"] == pytest.approx(0.875)


def random_cyclic_map(rng, size):
    """Statements with random weights; plain, linked and undercut relations
    in any direction, so most maps have cycles, some several."""
    g = nx.DiGraph()
    names = [f"n{i}" for i in range(size)]
    for n in names:
        g.add_node(n, kind="claim", label=n, weight=round(rng.random(), 2))
    for _ in range(rng.randint(size, 2 * size)):
        source, target = rng.sample(names, 2)
        if g.has_edge(source, target):
            continue
        link = rng.choice([None, None, "g"])
        g.add_edge(source, target, relation=rng.choice(["support", "attack"]), link=link)
    plain = [(s, t) for s, t, d in g.edges(data=True) if d["relation"] != "undercut"]
    for _ in range(rng.randint(0, 2)):
        premise, target = rng.choice(plain)
        undercutter = rng.choice(names)
        if undercutter not in (premise, target) and not g.has_edge(undercutter, target):
            g.add_edge(undercutter, target, relation="undercut", premises=[premise])
    return g


def whole_graph_jacobi(g, contribution_of, combine, start):
    """Reference fixpoint: every statement from the previous round's values,
    over the whole map, until nothing moves by more than 1e-12."""
    theory = T(g)
    undercutters = {i.id: [] for i in theory.inferences}
    for i in theory.inferences:
        if i.target in undercutters:
            undercutters[i.target].append(i.premises[0])
    groups = [
        {"relation": i.relation, "premises": i.premises, "target": i.target, "undercutters": undercutters[i.id]}
        for i in theory.inferences
        if i.target in theory.info
    ]
    strength = {n: start(n) for n in g.nodes}
    for _ in range(10_000):
        incoming = {n: ([], []) for n in g.nodes}  # attack, support contributions
        for group in groups:
            value = contribution_of(group, strength)
            incoming[group["target"]][group["relation"] == "support"].append(value)
        new = {n: combine(n, *incoming[n]) for n in g.nodes}
        moved = max(abs(new[n] - strength[n]) for n in g.nodes)
        strength = new
        if moved <= 1e-12:
            return strength
    return None


def test_componentwise_sweeps_match_a_whole_graph_jacobi_fixpoint():
    import random

    rng = random.Random(7)
    compared = {"dfquad": 0, "hcat": 0}
    cyclic = 0
    for _ in range(300):
        g = random_cyclic_map(rng, rng.randint(2, 12))
        cyclic += not nx.is_directed_acyclic_graph(g)

        def linked_product(group, strength):
            value = math.prod(strength[p] for p in group["premises"])
            return value * math.prod(1 - strength[u] for u in group["undercutters"])

        reference = whole_graph_jacobi(
            g,
            linked_product,
            lambda n, attacks, supports: dfquad_combine(
                g.nodes[n]["weight"], probabilistic_sum(attacks), probabilistic_sum(supports)
            ),
            lambda n: g.nodes[n]["weight"],
        )
        result = dfquad(T(g))
        if reference is not None and result["converged"]:
            compared["dfquad"] += 1
            assert result["strength"] == pytest.approx(reference, abs=1e-6)

        def undercut_quotient(group, strength):
            value = math.prod(strength[p] for p in group["premises"])
            return value / (1 + sum(strength[u] for u in group["undercutters"]))

        reference = whole_graph_jacobi(
            g, undercut_quotient, lambda n, attacks, supports: 1 / (1 + sum(attacks)), lambda n: 1.0
        )
        result = h_categorizer(T(g))
        assert reference is not None and result["converged"]
        compared["hcat"] += 1
        assert result["strength"] == pytest.approx(reference, abs=1e-6)
    assert cyclic > 200
    # DF-QuAD may oscillate with extreme base scores; nearly every map is compared
    assert compared["dfquad"] > 270 and compared["hcat"] == 300
