"""The structured (ASPIC+) labelling against arguments built one by one.

On random small theories -- supports, attacks, linked premises, undercuts,
undercuts of undercuts, cycles -- the statement labels argmap computes
without building arguments equal those of (1) a brute-force enumeration of
the ASPIC+ arguments below, labelled with argmap's own Dung code, and (2)
python-argumentation's ASPIC+ implementation run on the same theory.
"""

import itertools
import random

import pytest

from argmap.evaluation.dung import grounded_labelling, labellings
from argmap.evaluation.structured import structured_grounded, structured_labellings
from argmap.evaluation.theory import Theory
from argmap.model import Inference

RANK = {"out": 0, "undec": 1, "in": 2}


def theory(statements, *inferences):
    """A theory from ('id', relation, premises, target) tuples."""
    return Theory(
        list(statements),
        {s: {"kind": "claim", "label": s, "weight": None} for s in statements},
        [Inference(id, relation, tuple(premises), target) for id, relation, premises, target in inferences],
    )


def random_theory(rng):
    n = rng.randint(1, 5)
    statements = [f"s{i}" for i in range(n)]
    inferences = []
    seen = set()
    if n > 1 and rng.random() < 0.4:  # a mutual rebuttal: undecided in grounded, split by preferred
        inferences += [("m1", "attack", ("s0",), "s1"), ("m2", "attack", ("s1",), "s0")]
        seen |= {("attack", frozenset(["s0"]), "s1"), ("attack", frozenset(["s1"]), "s0")}
    for j in range(rng.randint(0, 8)):
        relation = rng.choice(["support", "attack"])
        premises = tuple(rng.sample(statements, 2 if n > 1 and rng.random() < 0.35 else 1))
        if relation == "attack" and inferences and rng.random() < 0.35:
            target = rng.choice(inferences)[0]  # an undercut, possibly of an undercut
        else:
            target = rng.choice(statements)
        key = (relation, frozenset(premises), target)
        if key not in seen:
            seen.add(key)
            inferences.append((f"i{j}", relation, premises, target))
    return theory(statements, *inferences)


def enumerate_arguments(t):
    """Every ASPIC+ argument of the theory, bottom up, as (conclusion, parts, sub-conclusions).

    A premise argument for each statement no support is aimed at; then each
    inference applied to one argument per premise, unless its conclusion is
    already among theirs. A support concludes its target, an attack its own
    fresh contrary (named by the inference). Parts are the statements and
    inferences an attack can hit.
    """
    supported = {i.target for i in t.inferences if i.relation == "support"}
    found = {(s, (s,)) for s in t.statements if s not in supported}
    details = {(s, (s,)): (s, frozenset([s]), frozenset([s])) for s in t.statements if s not in supported}
    by_conclusion = {}
    for key, (conclusion, _, _) in details.items():
        by_conclusion.setdefault(conclusion, []).append(key)
    changed = True
    while changed:
        changed = False
        for inference in t.inferences:
            conclusion = inference.target if inference.relation == "support" else inference.id
            options = [by_conclusion.get(p, []) for p in inference.premises]
            for combination in itertools.product(*options):
                subs = [details[k] for k in combination]
                if any(conclusion in sub[2] for sub in subs):
                    continue
                key = (inference.id, tuple(sorted(combination)))
                if key in found:
                    continue
                found.add(key)
                parts = frozenset().union(*(sub[1] for sub in subs)) | {inference.id, conclusion}
                details[key] = (conclusion, parts, frozenset().union(*(sub[2] for sub in subs)) | {conclusion})
                by_conclusion.setdefault(conclusion, []).append(key)
                changed = True
    return details


def brute_force(t, semantics):
    details = enumerate_arguments(t)
    attack_targets = {i.id: i.target for i in t.inferences if i.relation == "attack"}
    arguments = sorted(details, key=repr)
    attacks = [
        (a, b)
        for a in arguments
        for b in arguments
        if details[a][0] in attack_targets and attack_targets[details[a][0]] in details[b][1]
    ]
    if semantics == "grounded":
        labelled = [grounded_labelling(arguments, attacks)]
    else:
        found = labellings(arguments, attacks, semantics, max_steps=10**7, max_labellings=10**6)
        labelled = [{a: name for name in ("in", "out", "undec") for a in lab[name]} for lab in found["labellings"]]
    return _statement_verdicts(t, [{a: lab[a] for a in arguments} for lab in labelled], details)


def _statement_verdicts(t, labelled, details):
    """(status, credulous, sceptical) per statement from argument labellings: a statement takes its best argument's label."""
    per_labelling = []
    for lab in labelled:
        best = {s: "out" for s in t.statements}
        for argument, (conclusion, _, _) in details.items():
            if conclusion in best and RANK[lab[argument]] > RANK[best[conclusion]]:
                best[conclusion] = lab[argument]
        per_labelling.append(best)
    verdicts = {}
    for s in t.statements:
        labels = {best[s] for best in per_labelling}
        if not labels:
            verdicts[s] = (None, False, False)
        else:
            verdicts[s] = (labels.pop() if len(labels) == 1 else "undec", any(b[s] == "in" for b in per_labelling), all(b[s] == "in" for b in per_labelling))
    return verdicts


def ours(t, semantics):
    result = structured_labellings(t, semantics, max_steps=10**7, max_labellings=10**6)
    assert result["complete"]
    return {s: (result["status"][s], result["credulous"][s], result["sceptical"][s]) for s in t.statements}


def test_grounded_and_preferred_equal_brute_force_enumeration():
    rng = random.Random(11)
    for _ in range(2000):
        t = random_theory(rng)
        for semantics in ("grounded", "preferred", "stable", "complete"):
            assert ours(t, semantics) == brute_force(t, semantics), (semantics, t.inferences)


def py_arg_verdicts(t, semantics):
    """The same theory in python-argumentation's ASPIC+: every inference a named defeasible rule,
    an attack concluding a contrary of its target statement or the negation of the rule it undercuts."""
    from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
    from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
    from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions
    from py_arg.aspic_classes.argumentation_system import ArgumentationSystem
    from py_arg.aspic_classes.argumentation_theory import ArgumentationTheory
    from py_arg.aspic_classes.defeasible_rule import DefeasibleRule
    from py_arg.aspic_classes.literal import Literal

    language = {s: Literal(s) for s in t.statements}
    contraries = {s: set() for s in t.statements}
    conclusion_of = {}
    for inference in t.inferences:
        if inference.relation == "support":
            conclusion_of[inference.id] = inference.target
        elif inference.target in language:
            conclusion_of[inference.id] = f"against-{inference.id}"
            contraries[inference.target].add(f"against-{inference.id}")
        else:
            conclusion_of[inference.id] = "-" + inference.target  # the negation of the rule's name
        language.setdefault(conclusion_of[inference.id], Literal(conclusion_of[inference.id]))
    rules = [
        DefeasibleRule(inference.id, {language[p] for p in inference.premises}, language[conclusion_of[inference.id]])
        for inference in t.inferences
    ]
    system = ArgumentationSystem(language, {s: {language[c] for c in cs} for s, cs in contraries.items()}, [], rules)
    supported = {i.target for i in t.inferences if i.relation == "support"}
    aspic = ArgumentationTheory(system, [], [system.language[s] for s in t.statements if s not in supported])
    framework = aspic.create_abstract_argumentation_framework("af")
    solve = {"grounded": lambda af: [get_grounded_extension(af)], "preferred": get_preferred_extensions, "stable": get_stable_extensions}
    extensions = solve[semantics](framework)
    arguments = framework.arguments
    labelled = []
    for extension in extensions:
        beaten = {d.to_argument for d in framework.defeats if d.from_argument in extension}
        labelled.append({a: "in" if a in extension else "out" if a in beaten else "undec" for a in arguments})
    details = {a: (str(a.conclusion), None, None) for a in arguments}
    return _statement_verdicts(t, labelled, details)


def test_grounded_preferred_and_stable_equal_python_argumentation():
    pytest.importorskip("py_arg")  # test-only: python-argumentation
    rng = random.Random(12)
    for _ in range(2000):
        t = random_theory(rng)
        for semantics in ("grounded", "preferred", "stable"):
            assert ours(t, semantics) == py_arg_verdicts(t, semantics), (semantics, t.inferences)


def status(t):
    return structured_grounded(t)


def test_a_defeated_rebuttal_no_longer_attacks_through_its_evidence():
    # e supports r, r attacks c, d attacks r: r is out, and e's support of it does not reach c.
    t = theory("e r c d".split(), ("i1", "support", ["e"], "r"), ("i2", "attack", ["r"], "c"), ("i3", "attack", ["d"], "r"))
    assert status(t) == {"e": "in", "r": "out", "c": "in", "d": "in"}


def test_an_independent_line_of_support_survives_when_another_falls():
    t = theory("a b c x".split(), ("i1", "support", ["a"], "c"), ("i2", "support", ["b"], "c"), ("i3", "attack", ["x"], "a"))
    assert status(t) == {"a": "out", "b": "in", "c": "in", "x": "in"}
    linked = theory("a b c x".split(), ("i1", "support", ["a", "b"], "c"), ("i3", "attack", ["x"], "a"))
    assert status(linked)["c"] == "out"


def test_a_supported_statement_is_no_premise_and_a_support_cycle_alone_proves_nothing():
    t = theory("a b".split(), ("i1", "support", ["a"], "b"), ("i2", "support", ["b"], "a"))
    assert status(t) == {"a": "out", "b": "out"}
    t = theory("a b q".split(), ("i1", "support", ["a"], "b"), ("i2", "support", ["b"], "a"), ("i3", "support", ["q"], "a"))
    assert status(t) == {"a": "in", "b": "in", "q": "in"}


def test_undercuts_and_undercuts_of_undercuts():
    base = [("i1", "support", ["p"], "c"), ("u1", "attack", ["u"], "i1")]
    assert status(theory("p c u".split(), *base)) == {"p": "in", "c": "out", "u": "in"}
    again = base + [("u2", "attack", ["v"], "u1")]
    assert status(theory("p c u v".split(), *again)) == {"p": "in", "c": "in", "u": "in", "v": "in"}


def test_mutual_rebuttals_are_undecided_and_split_the_preferred_labellings():
    t = theory("a b c".split(), ("i1", "attack", ["a"], "b"), ("i2", "attack", ["b"], "a"), ("i3", "support", ["a"], "c"))
    assert status(t) == {"a": "undec", "b": "undec", "c": "undec"}
    preferred = structured_labellings(t, "preferred")
    assert preferred["count"] == 2
    assert preferred["credulous"] == {"a": True, "b": True, "c": True}
    assert preferred["sceptical"] == {"a": False, "b": False, "c": False}


def test_floating_conclusion_is_sceptically_accepted_under_preferred():
    # a and b rebut each other; each supports c on its own.
    t = theory("a b c".split(), ("i1", "attack", ["a"], "b"), ("i2", "attack", ["b"], "a"),
               ("i3", "support", ["a"], "c"), ("i4", "support", ["b"], "c"))
    assert status(t)["c"] == "undec"
    preferred = structured_labellings(t, "preferred")
    assert preferred["status"]["c"] == "in" and preferred["sceptical"]["c"] is True


def test_the_search_budget_is_reported():
    t = theory("a b c".split(), ("i1", "attack", ["a"], "b"), ("i2", "attack", ["b"], "a"), ("i3", "support", ["a"], "c"))
    result = structured_labellings(t, "preferred", max_steps=1)
    assert result["complete"] is False and "search stopped" in result["note"]
    assert result["credulous"]["c"] is None and result["status"]["c"] == "undec"


def test_a_floating_conclusion_carries_through_the_inferences_that_use_it():
    # x and y rebut each other; each alone supports a, a supports c: every preferred labelling has a and c in.
    t = theory("x y a c".split(), ("X", "attack", ["x"], "y"), ("Y", "attack", ["y"], "x"),
               ("i1", "support", ["x"], "a"), ("i2", "support", ["y"], "a"), ("i3", "support", ["a"], "c"))
    preferred = structured_labellings(t, "preferred")
    assert preferred["status"] == {"x": "undec", "y": "undec", "a": "in", "c": "in"}
    assert preferred["sceptical"]["c"] is True
    assert ours(t, "preferred") == brute_force(t, "preferred")


def test_a_supported_statement_under_attack_falls_with_every_argument_for_it():
    # p is supported by q and attacked by x: every argument for p ends in p, so x defeats them all,
    # and the linked inference {p, r} into t falls with it; an unattacked x' on x reinstates everything.
    base = [("i1", "support", ["q"], "p"), ("i2", "attack", ["x"], "p"), ("i3", "support", ["p", "r"], "t")]
    assert status(theory("q p x r t".split(), *base)) == {"q": "in", "p": "out", "x": "in", "r": "in", "t": "out"}
    answered = base + [("i4", "attack", ["y"], "x")]
    assert status(theory("q p x r t y".split(), *answered)) == {"q": "in", "p": "in", "x": "out", "r": "in", "t": "in", "y": "in"}


def test_gradual_strength_of_an_undercut_of_an_undercut():
    from argmap.evaluation.gradual import dfquad, h_categorizer

    # p supports c; u undercuts that step; v undercuts the undercut. All base scores 0.5.
    t = theory("p c u v".split(), ("i1", "support", ["p"], "c"), ("u1", "attack", ["u"], "i1"), ("u2", "attack", ["v"], "u1"))
    # undercut u1: 0.5 * (1 - 0.5) = 0.25; inference i1: 0.5 * (1 - 0.25) = 0.375; c = 0.5 + 0.5 * 0.375
    assert dfquad(t)["strength"]["c"] == pytest.approx(0.6875)
    # h: u1 = 1 / (1 + 1) = 0.5 (its attack is v's); c's attacks: none, so h(c) = 1 whatever its support
    assert h_categorizer(t)["strength"] == {"p": 1.0, "c": 1.0, "u": 1.0, "v": 1.0}
    attack = theory("p c u v".split(), ("i1", "attack", ["p"], "c"), ("u1", "attack", ["u"], "i1"), ("u2", "attack", ["v"], "u1"))
    # h(u1) = 1 / 2; h(i1) = 1 / (1 + 0.5); h(c) = 1 / (1 + 2/3) = 0.6
    assert h_categorizer(attack)["strength"]["c"] == pytest.approx(0.6)
