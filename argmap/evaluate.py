"""Evaluate a map: which statements stand, how strongly, and what if one fell.

`evaluate` joins Dung's acceptability (argmap.semantics) and a gradual
strength (argmap.gradual) into one JSON-able, deterministic result;
`without`, `compare` and `critical_premises` answer what-if questions;
`format_table` prints a result for people.
"""

from __future__ import annotations

from argmap.errors import ArgmapError
from argmap.gradual import base_scores as scores_of, gradual_strengths
from argmap.semantics import DEFAULT_MAX_STEPS, IN, OUT, UNDEC, attacker_finder, map_grounded_labelling, map_labellings

DIGITS = 6  # strengths are rounded so that output does not depend on float noise


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
    graph,
    semantics: str = "grounded",
    gradual: str = "dfquad",
    base_scores: dict | None = None,
    mode: str = "bipolar",
    max_steps: int = DEFAULT_MAX_STEPS,
    max_labellings: int = 20,
    max_iterations: int = 1000,
    tolerance: float = 1e-9,
) -> dict:
    """Status and strength of every statement, in node order.

    Each statement gets `id`, `kind`, `label`, `status` (in/out/undec: the
    label every labelling of `semantics` agrees on, undec where they differ),
    `credulous` and `sceptical` (except under grounded, where they follow
    from the status), and `strength` (DF-QuAD or h-categorizer).
    """
    acceptance = map_labellings(graph, semantics, mode, max_steps, max_labellings)
    base = scores_of(graph, base_scores)
    strengths = gradual_strengths(
        graph, gradual, base, max_iterations=max_iterations, tolerance=tolerance
    )
    statements = []
    for node, data in graph.nodes(data=True):
        row = {
            "id": node,
            "kind": data.get("kind"),
            "label": data.get("label"),
            "status": acceptance["status"][node],
        }
        if semantics != "grounded":
            row["credulous"] = acceptance["credulous"][node]
            row["sceptical"] = acceptance["sceptical"][node]
        row["base"] = round(base[node], DIGITS) if gradual == "dfquad" else None
        row["strength"] = round(strengths["strength"][node], DIGITS)
        statements.append(row)
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
        "labellings": [_statements_only(lab, graph) for lab in acceptance["labellings"]],
        "labelling_count": acceptance["count"],
        "statements": statements,
    }


def _statements_only(labelling: dict, graph) -> dict:
    """A labelling without the internal inference arguments."""
    return {label: [a for a in members if a in graph] for label, members in labelling.items()}


def without(graph, ids) -> object:
    """A copy of the map minus the given statements and their relations.

    Linked premises only work together, so a linked inference that loses a
    premise loses its other premises' edges too (the statements stay).
    Undercuts forget the links that are gone, and disappear with the last.
    """
    ids = list(ids)
    unknown = [node for node in ids if node not in graph]
    if unknown:
        raise ArgmapError(f"unknown statement id: {', '.join(unknown)}")
    gone = set(ids)
    broken_links = {
        (target, data.get("relation"), data["link"])
        for node in ids
        for _, target, data in graph.out_edges(node, data=True)
        if data.get("link") is not None
    }
    reduced = graph.copy()
    reduced.remove_nodes_from(ids)
    reduced.remove_edges_from(
        [
            (source, target)
            for source, target, data in reduced.edges(data=True)
            if (target, data.get("relation"), data.get("link")) in broken_links
        ]
    )
    for source, target, data in list(reduced.edges(data=True)):
        if data.get("relation") != "undercut":
            continue
        premises = [
            p for p in data.get("premises") or [] if p not in gone and reduced.has_edge(p, target)
        ]
        if premises:
            data["premises"] = premises
        else:
            reduced.remove_edge(source, target)
    return reduced


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


def critical_premises(graph, claim: str, **options) -> list[dict]:
    """Premises of `claim`, ranked by how much removing each alone lowers it.

    A premise is any statement with a path of relations to `claim`. Only
    those statements can change the claim's status or strength, so each
    what-if runs on that part of the map. `options` go to `evaluate`. Ties
    are broken by id; a negative drop means the claim gains without it (the
    premise attacks it).
    """
    import networkx as nx

    if claim not in graph:
        raise ArgmapError(f"unknown statement id: {claim}")
    ancestors = nx.ancestors(graph, claim)
    part = graph.subgraph([n for n in graph.nodes if n in ancestors or n == claim]).copy()
    base_override = options.pop("base_scores", None) or {}
    options["base_scores"] = {k: v for k, v in base_override.items() if k in part}
    reference = _row(evaluate(part, **options), claim)
    ranking = []
    for premise in part.nodes:
        if premise == claim:
            continue
        reduced_options = dict(options)
        reduced_options["base_scores"] = {
            k: v for k, v in options["base_scores"].items() if k != premise
        }
        row = _row(evaluate(without(part, [premise]), **reduced_options), claim)
        ranking.append(
            {
                "id": premise,
                "label": part.nodes[premise].get("label"),
                "kind": part.nodes[premise].get("kind"),
                "drop": round(reference["strength"] - row["strength"], DIGITS),
                "strength_without": row["strength"],
                "status_without": row["status"],
            }
        )
    ranking.sort(key=lambda item: (-item["drop"], item["id"]))
    return ranking


def explain(graph, claim: str, mode: str = "bipolar") -> dict:
    """Why `claim` has its grounded status: who defeats it, and who answers its other attackers.

    `defeated_by`: attackers labelled in (any one of them puts the claim
    out). `undecided_attackers`: attackers labelled undec. `answered`: each
    attacker labelled out, with the in arguments that defeat it -- the
    defenders that reinstate the claim. Attackers are those of the derived
    framework, so a rebuttal's evidence and the supports of a defeated premise
    appear here too (docs/evaluation.md).
    """
    return explain_all(graph, [claim], mode)[claim]


def explain_all(graph, claims, mode: str = "bipolar") -> dict:
    """`explain` for each of `claims` ({claim: explanation}), labelling the map once for all."""
    unknown = [claim for claim in claims if claim not in graph]
    if unknown:
        raise ArgmapError(f"unknown statement id: {', '.join(unknown)}")
    labels = map_grounded_labelling(graph, mode)
    attackers_of = attacker_finder(graph, mode)

    def entry(argument: str) -> dict:
        return {"id": argument, "label": _argument_label(graph, argument), "status": labels[argument]}

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


def _argument_label(graph, argument: str) -> str:
    """A statement's label, or 'a + b → t' for the hidden argument standing for an inference."""
    if argument in graph:
        return graph.nodes[argument].get("label") or argument
    premises, target = argument.split(">", 1)
    return " + ".join(graph.nodes[p].get("label") or p for p in premises.split("&")) + f" → {graph.nodes[target].get('label') or target} (the inference)"


def format_changes(changes: list[dict]) -> str:
    """What-if changes as an aligned table: status and strength before -> after."""
    if not changes:
        return "nothing changes"
    rows = [["id", "status", "strength", "label"]]
    for change in changes:
        if change["removed"]:
            rows.append([change["id"], "removed", "", change["label"] or ""])
            continue
        status = change["status_before"] if change["status_before"] == change["status_after"] else f"{change['status_before']} -> {change['status_after']}"
        strength = f"{change['strength_before']:.4f} -> {change['strength_after']:.4f}"
        rows.append([change["id"], status, strength, change["label"] or ""])
    return _align(rows)


def format_critical(ranking: list[dict]) -> str:
    """Premises ranked by how much removing each alone lowers the claim."""
    if not ranking:
        return "nothing leads to it: no premise to remove"
    rows = [["id", "drop", "strength without", "status without", "label"]]
    rows += [[r["id"], f"{r['drop']:+.3f}", f"{r['strength_without']:.3f}", r["status_without"], r["label"] or ""] for r in ranking]
    return _align(rows)


def _align(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)


def _row(result: dict, node: str) -> dict:
    return next(row for row in result["statements"] if row["id"] == node)


def format_table(result: dict) -> str:
    """An aligned text table of an `evaluate` result, notes underneath."""
    headers = ["id", "kind", "status"]
    if result["semantics"] != "grounded":
        headers += ["credulous", "sceptical"]
    headers += ["strength", "label"]
    rows = [headers]
    for row in result["statements"]:
        cells = [row["id"], row["kind"] or "", _cell(row["status"])]
        if result["semantics"] != "grounded":
            cells += [_cell(row["credulous"]), _cell(row["sceptical"])]
        cells += [f"{row['strength']:.3f}", row["label"] or ""]
        rows.append(cells)
    title = f"{result['semantics']} semantics ({result['framework']} framework), {result['gradual']} strength"
    return "\n".join([title, "", _align(rows)] + [f"note: {note}" for note in result["notes"]]) + "\n"


def _cell(value) -> str:
    if value is None:
        return "?"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)
