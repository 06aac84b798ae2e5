"""Dung semantics on textbook frameworks, and a cross-check on random ones."""

import itertools
import random

import pytest

from argmap.evaluation.bipolar import framework
from argmap.evaluation.dung import grounded_labelling, labellings, strongly_connected_components


def in_sets(result):
    return sorted(sorted(lab["in"]) for lab in result["labellings"])


# --- textbook frameworks -----------------------------------------------------


def test_reinstatement_chain():
    args, attacks = ["a", "b", "c"], [("a", "b"), ("b", "c")]
    assert grounded_labelling(args, attacks) == {"a": "in", "b": "out", "c": "in"}
    for semantics in ("complete", "preferred", "stable"):
        result = labellings(args, attacks, semantics)
        assert in_sets(result) == [["a", "c"]]
        assert result["sceptical"] == {"a": True, "b": False, "c": True}


def test_odd_cycle_of_three():
    args = ["a", "b", "c"]
    attacks = [("a", "b"), ("b", "c"), ("c", "a")]
    assert set(grounded_labelling(args, attacks).values()) == {"undec"}
    stable = labellings(args, attacks, "stable")
    assert stable["labellings"] == [] and stable["count"] == 0
    assert "no stable labelling" in stable["note"]
    assert not any(stable["credulous"].values())
    preferred = labellings(args, attacks, "preferred")
    assert in_sets(preferred) == [[]]
    assert preferred["status"] == {"a": "undec", "b": "undec", "c": "undec"}


def test_even_cycle_of_two():
    args, attacks = ["a", "b"], [("a", "b"), ("b", "a")]
    assert grounded_labelling(args, attacks) == {"a": "undec", "b": "undec"}
    for semantics in ("preferred", "stable"):
        result = labellings(args, attacks, semantics)
        assert in_sets(result) == [["a"], ["b"]]
        assert result["credulous"] == {"a": True, "b": True}
        assert result["sceptical"] == {"a": False, "b": False}
    assert in_sets(labellings(args, attacks, "complete")) == [[], ["a"], ["b"]]


def test_self_attack():
    args, attacks = ["a", "b"], [("a", "a"), ("a", "b")]
    assert grounded_labelling(args, attacks) == {"a": "undec", "b": "undec"}
    assert in_sets(labellings(args, attacks, "preferred")) == [[]]
    assert labellings(args, attacks, "stable")["count"] == 0
    # an unattacked attacker of the self-attacker settles everything
    args2, attacks2 = ["x", "a", "b"], [("x", "a"), ("a", "a"), ("a", "b")]
    assert grounded_labelling(args2, attacks2) == {"x": "in", "a": "out", "b": "in"}


def test_floating_acceptance():
    args = ["a", "b", "c", "d"]
    attacks = [("a", "b"), ("b", "a"), ("a", "c"), ("b", "c"), ("c", "d")]
    assert set(grounded_labelling(args, attacks).values()) == {"undec"}
    preferred = labellings(args, attacks, "preferred")
    assert in_sets(preferred) == [["a", "d"], ["b", "d"]]
    assert preferred["status"] == {"a": "undec", "b": "undec", "c": "out", "d": "in"}
    assert preferred["sceptical"]["d"] is True and preferred["credulous"]["c"] is False


def test_budget_stops_with_a_partial_answer():
    args = [f"x{i}" for i in range(20)]
    attacks = [(args[i], args[i + 1]) for i in range(0, 20, 2)]
    attacks += [(args[i + 1], args[i]) for i in range(0, 20, 2)]
    result = labellings(args, attacks, "preferred", max_steps=7)
    assert result["complete"] is False
    assert "stopped after 7 steps" in result["note"]
    assert None in result["credulous"].values()
    assert result["count"] is None and result["labellings"] == []


def test_independent_pieces_are_counted_not_listed():
    args = [f"x{i}" for i in range(20)]
    attacks = [(args[i], args[i + 1]) for i in range(0, 20, 2)]
    attacks += [(args[i + 1], args[i]) for i in range(0, 20, 2)]
    result = labellings(args, attacks, "stable", max_labellings=5)
    assert result["count"] == 2**10
    assert len(result["labellings"]) == 5
    assert "1024 labellings" in result["note"]
    assert all(result["credulous"].values()) and not any(result["sceptical"].values())


def test_grounded_on_long_chain_has_no_recursion_limit():
    args = [f"n{i}" for i in range(50_000)]
    attacks = list(zip(args, args[1:]))
    label = grounded_labelling(args, attacks)
    assert label["n0"] == "in" and label["n1"] == "out" and label["n49999"] == "out"


def test_search_on_long_undecided_path_has_no_recursion_limit():
    args = [f"n{i}" for i in range(5_000)]
    attacks = [("n0", "n1"), ("n1", "n0")] + list(zip(args[1:], args[2:]))
    result = labellings(args, attacks, "preferred")
    assert result["count"] == 2
    assert result["status"]["n4"] == "undec"


def test_strongly_connected_components_in_topological_order():
    nodes = ["a", "b", "c", "d"]
    successors = {"a": ["b"], "b": ["c"], "c": ["b", "d"]}
    assert strongly_connected_components(nodes, successors) == [["a"], ["b", "c"], ["d"]]


# --- cross-checks ------------------------------------------------------------


def random_frameworks(count, seed):
    rng = random.Random(seed)
    for _ in range(count):
        n = rng.randint(1, 7)
        args = [f"a{i}" for i in range(n)]
        density = rng.choice([0.1, 0.2, 0.3, 0.5])
        attacks = [(x, y) for x in args for y in args if rng.random() < density]
        yield args, attacks


def brute_force(args, attacks):
    """Complete extensions straight from Dung's definitions, by enumeration."""
    attackers = {a: {x for x, y in attacks if y == a} for a in args}
    complete = []
    for size in range(len(args) + 1):
        for subset in itertools.combinations(args, size):
            s = set(subset)
            if any((x, y) in attacks for x in s for y in s):
                continue  # not conflict-free
            attacked_by_s = {y for x, y in attacks if x in s}
            defended = {a for a in args if attackers[a] <= attacked_by_s}
            if s <= defended and defended <= s:
                complete.append(frozenset(s))
    grounded = min(complete, key=len)
    preferred = [e for e in complete if not any(e < f for f in complete)]
    stable = [e for e in complete if set(args) - e == {y for x, y in attacks if x in e}]
    return {
        "grounded": {grounded},
        "complete": set(complete),
        "preferred": set(preferred),
        "stable": set(stable),
    }


def ours(args, attacks, semantics):
    if semantics == "grounded":
        label = grounded_labelling(args, attacks)
        return {frozenset(a for a in args if label[a] == "in")}
    result = labellings(args, attacks, semantics, max_labellings=10_000)
    assert result["complete"]
    return {frozenset(lab["in"]) for lab in result["labellings"]}


def test_agrees_with_brute_force_enumeration():
    for args, attacks in random_frameworks(3000, seed=1):
        expected = brute_force(args, attacks)
        for semantics in ("grounded", "complete", "preferred", "stable"):
            assert ours(args, attacks, semantics) == expected[semantics], (semantics, args, attacks)


def test_agrees_with_py_arg():
    py_arg = pytest.importorskip("py_arg")  # noqa: F841  (test-only: python-argumentation)
    from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (
        AbstractArgumentationFramework,
    )
    from py_arg.abstract_argumentation_classes.argument import Argument
    from py_arg.abstract_argumentation_classes.defeat import Defeat
    from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
    from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
    from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

    solvers = {
        "grounded": lambda af: {frozenset(get_grounded_extension(af))},
        "preferred": get_preferred_extensions,
        "stable": get_stable_extensions,
    }
    for args, attacks in random_frameworks(3000, seed=2):
        for semantics, solve in solvers.items():
            objects = {a: Argument(a) for a in args}
            af = AbstractArgumentationFramework(
                "af", list(objects.values()), [Defeat(objects[x], objects[y]) for x, y in attacks]
            )
            theirs = {frozenset(arg.name for arg in ext) for ext in solve(af)}
            assert ours(args, attacks, semantics) == theirs, (semantics, args, attacks)


def test_attackers_match_the_built_framework_on_the_bundled_maps():
    from pathlib import Path

    from argmap.pipeline import build_file
    from argmap.evaluation.bipolar import attacker_finder

    root = Path(__file__).resolve().parents[1]
    for path in [root / "essays" / "iran-russia.txt", *sorted((root / "examples").glob("*.txt"))]:
        graph = build_file(str(path)).graph
        arguments, attacks = framework(graph)
        attackers_of = attacker_finder(graph)
        for argument in arguments:
            expected = [a for a in arguments if (a, argument) in set(attacks)]
            assert attackers_of(argument) == expected, (path.name, argument)
