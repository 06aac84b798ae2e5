"""Evaluation results as aligned text tables, for people."""

from __future__ import annotations


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
