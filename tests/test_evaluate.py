"""The map's abstract framework, evaluate(), what-if and the table."""

import json

import networkx as nx
import pytest

from argmap.errors import ArgmapError
from argmap.evaluation import compare, critical_premises, evaluate, format_table, parse_base_scores, without
from argmap.evaluation.bipolar import attack_relation, framework
from theories import T

KINDS = {"t": "thesis", "r": "rebuttal", "u": "rebuttal"}


def graph(edges, weights=None, extra_nodes=()):
    g = nx.DiGraph()
    for source, target, *_ in edges:
        for n in (source, target):
            g.add_node(n)
    for n in extra_nodes:
        g.add_node(n)
    for n in g.nodes:
        g.nodes[n].update(kind=KINDS.get(n[0], "claim"), label=n.upper(), weight=(weights or {}).get(n))
    for source, target, relation, *extra in edges:
        if relation == "undercut":
            g.add_edge(source, target, relation=relation, link=None, premises=extra[0])
        else:
            g.add_edge(source, target, relation=relation, link=extra[0] if extra else None)
    return g


# --- the framework -----------------------------------------------------------


def test_supported_attack():
    # e supports r, r attacks c  =>  e attacks c
    g = graph([("e", "r", "support"), ("r", "c", "attack")])
    assert set(attack_relation(T(g))) == {("r", "c"), ("e", "c")}


def test_secondary_attack_follows_the_support_chain():
    # r attacks p, p supports c, c supports t  =>  r attacks c and t
    g = graph([("r", "p", "attack"), ("p", "c", "support"), ("c", "t", "support")])
    assert set(attack_relation(T(g))) == {("r", "p"), ("r", "c"), ("r", "t")}


def test_both_rules_compose_and_mediated_attacks_are_not_derived():
    # e supports r, r attacks p, p supports t: e attacks p (supported) and t (both rules);
    # mediated attacks (r on p's supporter s) are not derived
    g = graph([("e", "r", "support"), ("r", "p", "attack"), ("p", "t", "support"), ("s", "p", "support")])
    assert set(attack_relation(T(g))) == {("r", "p"), ("r", "t"), ("e", "p"), ("e", "t")}
    assert ("r", "s") not in attack_relation(T(g))


def test_modes():
    g = graph([("e", "r", "support"), ("r", "p", "attack"), ("p", "t", "support")])
    assert set(attack_relation(T(g), "supported")) == {("r", "p"), ("e", "p")}
    assert attack_relation(T(g), "attacks-only") == [("r", "p")]
    with pytest.raises(ArgmapError, match="unknown framework mode"):
        attack_relation(T(g), "deductive")


def test_linked_attack_is_one_inference_argument():
    g = graph([("a", "c", "attack", "g"), ("b", "c", "attack", "g"), ("x", "a", "attack")])
    arguments, attacks = framework(T(g))
    assert arguments[-1] == "a&b>c"
    assert set(attacks) == {("a&b>c", "c"), ("x", "a"), ("x", "a&b>c")}
    result = evaluate(T(g))
    status = {row["id"]: row["status"] for row in result["statements"]}
    # x defeats a, so the linked attack fails and c stands
    assert status == {"a": "out", "b": "in", "c": "in", "x": "in"}
    assert result["labellings"] == [{"in": ["c", "b", "x"], "out": ["a"], "undec": []}]


def test_undercut_defeats_the_inference_not_the_premise():
    g = graph([("p", "c", "attack"), ("u", "c", "undercut", ["p"])])
    assert set(attack_relation(T(g))) == {("p>c", "c"), ("u", "p>c")}
    status = {row["id"]: row["status"] for row in evaluate(T(g))["statements"]}
    assert status == {"p": "in", "c": "in", "u": "in"}


def test_undercut_on_a_support_stops_supported_attacks():
    # p supports c, c attacks d; u undercuts p -> c. The inference p>c carries the
    # supported attack on d, and u defeats it; u also attacks c (secondary).
    g = graph([("p", "c", "support"), ("c", "d", "attack"), ("u", "c", "undercut", ["p"])])
    assert set(attack_relation(T(g))) == {("c", "d"), ("p>c", "d"), ("u", "p>c"), ("u", "c")}


def test_an_inference_aimed_at_nothing_is_a_user_error():
    from argmap.evaluation.theory import Theory
    from argmap.model import Inference

    broken = Theory(["p", "c"], {"p": {}, "c": {}}, [Inference("i", "attack", ("p",), "zz")])
    with pytest.raises(ArgmapError, match="aimed at 'zz', which the map does not have"):
        evaluate(broken)


# --- evaluate and what-if ----------------------------------------------------


def reinstatement():
    # r attacks c, d attacks r; e supports c
    return graph([("e", "c", "support"), ("r", "c", "attack"), ("d", "r", "attack"), ("c", "t", "support")])


def test_evaluate_is_deterministic_json():
    first = json.dumps(evaluate(T(reinstatement()), semantics="preferred"))
    assert first == json.dumps(evaluate(T(reinstatement()), semantics="preferred"))
    rows = json.loads(first)["statements"]
    assert [row["id"] for row in rows] == list(reinstatement().nodes)
    assert {row["id"]: row["status"] for row in rows} == {
        "e": "in", "c": "in", "r": "out", "d": "in", "t": "in"
    }
    assert all(row["sceptical"] == (row["status"] == "in") for row in rows)


def test_evaluate_strengths_and_base_overrides():
    g = reinstatement()
    rows = {row["id"]: row for row in evaluate(T(g))["statements"]}
    # r: attacked by d (0.5): 0.5 - 0.5 * 0.5 = 0.25
    # c: va = 0.25, vs = 0.5: 0.5 + 0.5 * 0.25 = 0.625
    # t: vs = 0.625: 0.5 + 0.5 * 0.625 = 0.8125
    assert rows["r"]["strength"] == 0.25
    assert rows["c"]["strength"] == 0.625
    assert rows["t"]["strength"] == 0.8125
    rows = {row["id"]: row for row in evaluate(T(g), base_scores={"d": 0.0})["statements"]}
    # d = 0 leaves r at 0.5; c: 0.5 + 0.5 * 0 = 0.5; t: 0.5 + 0.5 * 0.5 = 0.75
    assert rows["t"]["strength"] == 0.75
    assert evaluate(T(g), gradual="hcat")["statements"][0]["base"] is None


def test_without_and_compare():
    g = reinstatement()
    before = evaluate(T(g))
    after = evaluate(T(without(T(g), ["d"])))
    changes = {change["id"]: change for change in compare(before, after)}
    assert set(changes) == {"d", "r", "c", "t"}
    assert changes["d"]["removed"] and changes["d"]["status_after"] is None
    assert (changes["c"]["status_before"], changes["c"]["status_after"]) == ("in", "out")
    assert (changes["r"]["strength_before"], changes["r"]["strength_after"]) == (0.25, 0.5)
    assert "d" in g and "d" in T(g).statements  # the original map is untouched
    with pytest.raises(ArgmapError, match="unknown statement id: zz"):
        without(T(g), ["zz"])


def test_without_breaks_linked_inferences_and_cleans_undercuts():
    g = graph([("a", "t", "support", "g"), ("b", "t", "support", "g"), ("u", "t", "undercut", ["a"])])
    reduced = without(T(g), ["b"])
    assert reduced.inferences == []
    assert reduced.statements == ["a", "t", "u"]
    # the original keeps its undercut
    assert [i.premises for i in T(g).inferences] == [("a", "b"), ("u",)]


def test_critical_premises_ranking():
    g = graph([("a", "t", "support"), ("b", "t", "support"), ("e", "a", "support"), ("r", "t", "attack")],
              {"a": 0.9, "b": 0.9})
    ranking = critical_premises(T(g), "t")
    assert [item["id"] for item in ranking] == ["a", "b", "e", "r"]
    # a = 0.9 + 0.1 * 0.5 = 0.95, b = 0.9, r = 0.5
    # with all: vs = 1 - 0.05 * 0.1 = 0.995, va = 0.5: t = 0.5 + 0.5 * 0.495 = 0.7475
    # without a: vs = 0.9: t = 0.5 + 0.5 * 0.4 = 0.7            -> drop 0.0475
    # without b: vs = 0.95: t = 0.5 + 0.5 * 0.45 = 0.725        -> drop 0.0225
    # without e: a = 0.9, vs = 0.99: t = 0.5 + 0.5 * 0.49 = 0.745 -> drop 0.0025
    # without r: va = 0: t = 0.5 + 0.5 * 0.995 = 0.9975          -> drop -0.25
    assert [item["drop"] for item in ranking] == [0.0475, 0.0225, 0.0025, -0.25]
    tied = critical_premises(T(graph([("y", "t", "support"), ("x", "t", "support")])), "t")
    assert [item["id"] for item in tied] == ["x", "y"]
    with pytest.raises(ArgmapError):
        critical_premises(T(g), "nope")


def test_parse_base_scores():
    assert parse_base_scores(["a=0.8", "b-c=1"]) == {"a": 0.8, "b-c": 1.0}
    for bad in ("a", "=0.3", "a=high"):
        with pytest.raises(ArgmapError, match="ID=NUMBER"):
            parse_base_scores([bad])


def test_format_table_is_aligned_and_notes_problems():
    text = format_table(evaluate(T(graph([("a", "b", "attack"), ("b", "a", "attack")])), semantics="stable"))
    lines = text.splitlines()
    assert lines[0] == "stable semantics (structured framework), dfquad strength"
    header = lines[2]
    assert header.split() == ["id", "kind", "status", "credulous", "sceptical", "strength", "label"]
    assert lines[3].index("undec") == header.index("status")
    assert lines[3].index("0.333") == header.index("strength")
    odd = graph([("a", "b", "attack"), ("b", "c", "attack"), ("c", "a", "attack")])
    text = format_table(evaluate(T(odd), semantics="stable"))
    assert "note: no stable labelling exists" in text
    assert text.splitlines()[3].split()[2:5] == ["?", "no", "no"]


def random_map(rng, n):
    g = graph([], extra_nodes=[f"n{i}" for i in range(n)])
    for i in range(n):
        for j in range(n):
            if i != j and rng.random() < 0.25 and not g.has_edge(f"n{j}", f"n{i}"):
                relation = rng.choice(["support", "support", "attack"])
                g.add_edge(f"n{i}", f"n{j}", relation=relation, link=rng.choice([None, None, "g"]))
    for source, target in list(g.edges):
        undercutter = f"n{rng.randrange(n)}"
        if rng.random() < 0.15 and undercutter not in (source, target) and not g.has_edge(undercutter, target):
            g.add_edge(undercutter, target, relation="undercut", link=None, premises=[source])
    return g


@pytest.mark.parametrize("mode", ["bipolar", "supported", "attacks-only"])
def test_map_grounded_labelling_equals_grounded_of_the_built_framework(mode):
    import random

    from argmap.evaluation.bipolar import map_grounded_labelling, map_labellings
    from argmap.evaluation.dung import grounded_labelling, labellings

    rng = random.Random(7)
    for _ in range(1500):
        g = random_map(rng, rng.randint(1, 8))
        arguments, attacks = framework(T(g), mode)
        assert map_grounded_labelling(T(g), mode) == grounded_labelling(arguments, attacks)
        for semantics in ("preferred", "stable"):
            assert map_labellings(T(g), semantics, mode) == labellings(arguments, attacks, semantics)
