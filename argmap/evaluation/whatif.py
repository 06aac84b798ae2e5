"""What-if questions: what changes when statements are removed, and which premises matter most."""

from __future__ import annotations

from argmap.errors import ArgmapError
from argmap.evaluation.results import DIGITS, evaluate
from argmap.evaluation.theory import ancestors, restricted, theory_of, without


def compare(before: dict, after: dict) -> list[dict]:
    """Statements whose status or strength differs between two evaluations.

    Statements missing from `after` are reported as removed (after: None).
    """
    after_rows = {row["id"]: row for row in after["statements"]}
    changes = []
    for row in before["statements"]:
        other = after_rows.get(row["id"])
        if other is not None and other["status"] == row["status"] and other["strength"] == row["strength"]:
            continue
        changes.append(
            {
                "id": row["id"],
                "label": row["label"],
                "status_before": row["status"],
                "status_after": None if other is None else other["status"],
                "strength_before": row["strength"],
                "strength_after": None if other is None else other["strength"],
                "removed": other is None,
            }
        )
    return changes


def critical_premises(source, claim: str, **options) -> list[dict]:
    """Premises of `claim`, ranked by how much removing each alone lowers it.

    A premise is any statement from which a chain of inferences leads to
    `claim`. Only those statements can change the claim's status or strength
    (every semantics here reads inferences forwards only), so each what-if
    runs on that part of the map. `options` go to `evaluate`. Ties are
    broken by id; a negative drop means the claim gains without it (the
    premise attacks it).
    """
    theory = theory_of(source)
    if claim not in theory.info:
        raise ArgmapError(f"unknown statement id: {claim}")
    part = restricted(theory, ancestors(theory, claim) | {claim})
    base_override = options.pop("base_scores", None) or {}
    options["base_scores"] = {k: v for k, v in base_override.items() if k in part.info}
    reference = _row(evaluate(part, **options), claim)
    ranking = []
    for premise in part.statements:
        if premise == claim:
            continue
        reduced_options = dict(options)
        reduced_options["base_scores"] = {k: v for k, v in options["base_scores"].items() if k != premise}
        row = _row(evaluate(without(part, [premise]), **reduced_options), claim)
        ranking.append(
            {
                "id": premise,
                "label": part.info[premise].get("label"),
                "kind": part.info[premise].get("kind"),
                "drop": round(reference["strength"] - row["strength"], DIGITS),
                "strength_without": row["strength"],
                "status_without": row["status"],
            }
        )
    ranking.sort(key=lambda item: (-item["drop"], item["id"]))
    return ranking


def _row(result: dict, node: str) -> dict:
    return next(row for row in result["statements"] if row["id"] == node)
