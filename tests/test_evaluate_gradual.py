"""DF-QuAD and h-categorizer against values worked out by hand."""

import math

import networkx as nx
import pytest

from argmap.errors import ArgmapError
from argmap.gradual import base_scores, dfquad, dfquad_combine, h_categorizer, probabilistic_sum


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
    result = dfquad(g)
    assert result["strength"]["t"] == pytest.approx(0.6)
    assert result["converged"]
    # overriding t's base to 0.2: 0.2 + 0.8 * 0.2 = 0.36
    assert dfquad(g, base_scores(g, {"t": 0.2}))["strength"]["t"] == pytest.approx(0.36)


def test_two_attackers_one_supporter():
    g = graph(
        [("a1", "t", "attack"), ("a2", "t", "attack"), ("s", "t", "support")], {"s": 0.4}
    )
    # va = 1 - (1 - 0.5)(1 - 0.5) = 0.75, vs = 0.4
    # sigma(t) = 0.5 - 0.5 * (0.75 - 0.4) = 0.325
    assert dfquad(g)["strength"]["t"] == pytest.approx(0.325)


def test_chain_of_supports_and_attacks():
    g = graph([("e", "c", "support"), ("r", "c", "attack"), ("e2", "r", "support")])
    s = dfquad(g)["strength"]
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
    assert dfquad(g)["strength"]["t"] == pytest.approx(0.62)


def test_unlinked_premises_combine_by_probabilistic_sum():
    g = graph([("p1", "t", "support"), ("p2", "t", "support")], {"p1": 0.8, "p2": 0.5})
    # vs = 1 - 0.2 * 0.5 = 0.9; sigma(t) = 0.5 + 0.5 * 0.9 = 0.95
    assert dfquad(g)["strength"]["t"] == pytest.approx(0.95)


def test_attack_cycle_converges():
    g = graph([("a", "b", "attack"), ("b", "a", "attack")])
    # fixpoint x = 0.5 - 0.5 * x  ->  x = 1/3
    result = dfquad(g)
    assert result["converged"]
    assert result["strength"]["a"] == pytest.approx(1 / 3, abs=1e-8)
    assert result["strength"]["b"] == pytest.approx(1 / 3, abs=1e-8)


def test_attack_cycle_with_full_base_scores_oscillates_and_is_flagged():
    g = graph([("a", "b", "attack"), ("b", "a", "attack"), ("b", "c", "support")], {"a": 1, "b": 1})
    # sigma(a) = 1 - sigma(b): (1, 1) -> (0, 0) -> (1, 1) ... never settles
    result = dfquad(g, max_iterations=50)
    assert not result["converged"]
    assert result["unconverged"] == ["a", "b"]
    assert result["iterations"] == 50


def test_h_categorizer_known_values():
    chain = h_categorizer(graph([("a", "b", "attack"), ("b", "c", "attack")]))["strength"]
    # h(a) = 1, h(b) = 1 / (1 + 1) = 0.5, h(c) = 1 / (1 + 0.5) = 2/3
    assert chain == pytest.approx({"a": 1.0, "b": 0.5, "c": 2 / 3})
    two = h_categorizer(graph([("b", "a", "attack"), ("c", "a", "attack")]))["strength"]
    # h(a) = 1 / (1 + 1 + 1) = 1/3
    assert two["a"] == pytest.approx(1 / 3)
    golden = (math.sqrt(5) - 1) / 2  # h = 1 / (1 + h)
    for edges in (
        [("a", "b", "attack"), ("b", "a", "attack")],
        [("a", "b", "attack"), ("b", "c", "attack"), ("c", "a", "attack")],
    ):
        result = h_categorizer(graph(edges))
        assert result["converged"]
        for value in result["strength"].values():
            assert value == pytest.approx(golden, abs=1e-8)


def test_h_categorizer_ignores_supports():
    result = h_categorizer(graph([("s", "t", "support"), ("a", "t", "attack")]))
    assert result["strength"]["t"] == pytest.approx(0.5)


def test_bad_base_scores_are_user_errors():
    g = graph([("a", "b", "attack")])
    with pytest.raises(ArgmapError, match="unknown statement 'zz'"):
        base_scores(g, {"zz": 0.3})
    with pytest.raises(ArgmapError, match=r"in \[0, 1\]"):
        base_scores(g, {"a": 1.5})


def test_acyclic_map_is_exact_in_one_pass():
    g = graph([(f"n{i}", f"n{i + 1}", "support") for i in range(3000)])
    result = dfquad(g)
    assert result["converged"] and result["iterations"] == 0
    # every step: 0.5 + 0.5 * s(previous), starting from 0.5 -> tends to 1
    assert result["strength"]["n1"] == pytest.approx(0.75)
    assert result["strength"]["n2"] == pytest.approx(0.875)
