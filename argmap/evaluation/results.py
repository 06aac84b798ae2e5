"""Evaluate a map: which statements stand, how strongly, and why.

`evaluate` joins a status (the structured ASPIC+ reading, or a bipolar Dung
framework) and a gradual strength into one JSON-able, deterministic result;
`explain` says why a statement has its grounded status.
"""

from __future__ import annotations

from argmap.base import collection_paused
from argmap.errors import ArgmapError
from argmap.evaluation.bipolar import MODES, attacker_finder, map_grounded_labelling, map_labellings
from argmap.evaluation.dung import DEFAULT_MAX_STEPS, IN, OUT, UNDEC
from argmap.evaluation.gradual import base_list, strength_list
from argmap.evaluation.structured import NAMES, grounded_labels, statement_acceptance
from argmap.evaluation.theory import theory_of

DIGITS = 6  # strengths are rounded so that output does not depend on float noise
FRAMEWORKS = ("structured",) + MODES


def parse_base_scores(items) -> dict:
    """Turn command-line `ID=0.8` items into {id: 0.8}."""
    scores = {}
    for item in items or ():
        node, sep, value = item.partition("=")
        if not sep or not node:
            raise ArgmapError(f"base score '{item}' is not of the form ID=NUMBER")
        try:
            scores[node.strip()] = float(value)
        except ValueError:
            raise ArgmapError(f"base score '{item}' is not of the form ID=NUMBER") from None
    return scores


def evaluate(
    source,
    semantics: str = "grounded",
    gradual: str = "dfquad",
    base_scores: dict | None = None,
    mode: str = "structured",
    max_steps: int = DEFAULT_MAX_STEPS,
    max_labellings: int = 20,
    max_iterations: int = 1000,
    tolerance: float = 1e-9,
    only=None,
) -> dict:
    """Status and strength of every statement of a map (or theory), in map order.

    Each statement gets `id`, `kind`, `label`, `status` (in/out/undec: the
    label every labelling of `semantics` agrees on, undec where they differ),
    `credulous` and `sceptical` (except under grounded, where they follow
    from the status), and `strength` (DF-QuAD or h-categorizer). `mode` is
    the framework: `structured` (ASPIC+), or a bipolar one. `only`: the
    statements to give a row for (default every one; a query needs one).
    """
    with collection_paused():  # a list or row per statement, no cycles: left on, the collector rescans them again and again
        theory = theory_of(source)
        statements = theory.statements
        if mode == "structured":
            acceptance = statement_acceptance(theory, semantics, max_steps, max_labellings)
            listed = acceptance["labellings"]  # of statements only
        elif mode in MODES:
            acceptance = map_labellings(theory, semantics, mode, max_steps, max_labellings)
            for key in ("status", "credulous", "sceptical"):
                acceptance[key] = [acceptance[key][node] for node in statements]
            listed = [{label: [a for a in members if a in theory.info] for label, members in lab.items()} for lab in acceptance["labellings"]]
        else:
            raise ArgmapError(f"unknown framework '{mode}' (choose from {', '.join(FRAMEWORKS)})")
        base = base_list(theory, base_scores)
        strengths = strength_list(theory, gradual, base, max_iterations=max_iterations, tolerance=tolerance)
        numbers = range(len(statements)) if only is None else [theory.index().number[node] for node in only]
        data_of, status, credulous, sceptical, strength = theory.data, acceptance["status"], acceptance["credulous"], acceptance["sceptical"], strengths["strength"]
        rows = []
        for i in numbers:
            node, data = statements[i], data_of[i]
            row = {"id": node, "kind": data.get("kind"), "label": data.get("label"), "status": status[i]}
            if semantics != "grounded":
                row["credulous"] = credulous[i]
                row["sceptical"] = sceptical[i]
            row["base"] = round(base[i], DIGITS) if gradual == "dfquad" else None
            row["strength"] = round(strength[i], DIGITS)
            rows.append(row)
    notes = [acceptance["note"]] if acceptance["note"] else []
    if not strengths["converged"]:
        notes.append(
            f"{gradual} did not converge within {max_iterations} iterations on: "
            + ", ".join(strengths["unconverged"])
        )
    return {
        "semantics": semantics,
        "framework": mode,
        "gradual": gradual,
        "complete": acceptance["complete"],
        "converged": strengths["converged"],
        "notes": notes,
        "labellings": listed,
        "labelling_count": acceptance["count"],
        "statements": rows,
    }


def explain(source, claim: str, mode: str = "structured") -> dict:
    """Why `claim` has its grounded status: who defeats it, and who answers its other attackers.

    `defeated_by`: attackers labelled in (any one of them puts the claim
    out). `undecided_attackers`: attackers labelled undec. `answered`: each
    attacker labelled out, with what defeats it. Under the structured
    reading the attackers are the attacks aimed at the claim, each named by
    its premises (what defeats one: the attacks on it or on its premises
    that are in); `supports` lists the inferences into the claim with their
    labels (a claim with none standing is out even when nothing attacks
    it). Under a bipolar reading they are the attackers of the derived
    framework, so a rebuttal's evidence appears too (docs/evaluation.md).
    """
    return explain_all(source, [claim], mode)[claim]


def explain_all(source, claims, mode: str = "structured") -> dict:
    """`explain` for each of `claims` ({claim: explanation}), labelling the map once for all."""
    theory = theory_of(source)
    unknown = [claim for claim in claims if claim not in theory.info]
    if unknown:
        raise ArgmapError(f"unknown statement id: {', '.join(unknown)}")
    if mode == "structured":
        why = _structured_explainer(theory)
        return {claim: why(claim) for claim in claims}
    labels = map_grounded_labelling(theory, mode)
    attackers_of = attacker_finder(theory, mode)
    by_id = {inference.id: inference for inference in theory.inferences}

    def entry(argument: str) -> dict:
        return {"id": argument, "label": _argument_label(theory, by_id, argument), "status": labels[argument]}

    def why(claim: str) -> dict:
        attackers = attackers_of(claim)
        return {
            "status": labels[claim],
            "defeated_by": [entry(a) for a in attackers if labels[a] == IN],
            "undecided_attackers": [entry(a) for a in attackers if labels[a] == UNDEC],
            "answered": [
                {**entry(a), "defeated_by": [entry(d) for d in attackers_of(a) if labels[d] == IN]}
                for a in attackers
                if labels[a] == OUT
            ],
        }

    return {claim: why(claim) for claim in claims}


def _structured_explainer(theory):
    index = theory.index()
    label = grounded_labels(index)

    def entry(i: int) -> dict:
        """An inference named by its premises: one premise by its own id and label."""
        premises = index.premises[i]
        if len(premises) == 1:
            node, text = index.names[premises[0]], _statement_label(theory, index.names[premises[0]])
        else:
            node, text = index.names[i], " + ".join(_statement_label(theory, index.names[p]) for p in premises)
        return {"id": node, "label": text, "status": NAMES[label[i]]}

    def answers(i: int) -> list[dict]:
        """What puts inference i out: attacks on it, or on one of its premises, that are in."""
        found = [entry(a) for a in index.attacked_by[i] if label[a] == 1]
        for p in index.premises[i]:
            found += [entry(a) for a in index.attacked_by[p] if label[a] == 1]
        return found

    def why(claim: str) -> dict:
        x = index.number[claim]
        attackers = index.attacked_by[x]
        return {
            "status": NAMES[label[x]],
            "defeated_by": [entry(a) for a in attackers if label[a] == 1],
            "undecided_attackers": [entry(a) for a in attackers if label[a] == 0],
            "answered": [{**entry(a), "defeated_by": answers(a)} for a in attackers if label[a] == 2],
            "supports": [entry(i) for i in index.supports_of[x]],
        }

    return why


def _statement_label(theory, node: str) -> str:
    return theory.info[node].get("label") or node


def _argument_label(theory, by_id: dict, argument: str) -> str:
    """A statement's label, or 'a + b → t (the inference)' for the argument standing for an inference."""
    if argument in theory.info:
        return _statement_label(theory, argument)
    inference = by_id[argument]
    premises = " + ".join(_statement_label(theory, p) for p in inference.premises)
    return f"{premises} → {_argument_label(theory, by_id, inference.target).removesuffix(' (the inference)')} (the inference)"
