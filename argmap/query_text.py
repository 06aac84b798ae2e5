"""Draw what `query.describe` and `query.list_statements` return as terminal text.

The dicts are the single source for both the text and the `--json` output;
this module only lays them out (box-drawn trees, chains, evaluation lines).
"""

from __future__ import annotations

CHAINS_SHOWN = 5  # in text; JSON has up to query.MAX_CHAINS

RELATION_VERBS = {"support": "supports", "attack": "attacks", "undercut": "undercuts"}
RELATION_SIGNS = {"support": "+", "attack": "-", "undercut": "-"}


def one_line(text: str | None) -> str:
    """Essay text on one terminal line: newlines and control characters become spaces."""
    text = text or ""
    if not text.isprintable():  # rare: only then look at each character
        text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())


def _tag(entry: dict) -> str:
    return f"{one_line(entry.get('label'))}  [{entry.get('kind')}, {entry['id']}]"


def _tree_lines(entries: list[dict], indent: str) -> list[str]:
    """Box-drawn lines for sibling entries, linked premises under one "together" line."""
    groups: list[list[dict]] = []
    for entry in entries:
        link = entry.get("link")
        previous = groups[-1][0] if groups else None
        if (
            link is not None
            and previous is not None
            and previous.get("link") == link
            and previous.get("relation") == entry.get("relation")
        ):
            groups[-1].append(entry)
        else:
            groups.append([entry])

    lines: list[str] = []
    for number, group in enumerate(groups):
        last = number == len(groups) - 1
        branch, below = ("└─ ", "   ") if last else ("├─ ", "│  ")
        if len(group) == 1:
            lines.extend(_entry_lines(group[0], indent + branch, indent + below, signed=True))
            continue
        relation = group[0].get("relation")
        lines.append(
            f"{indent}{branch}{RELATION_SIGNS.get(relation, '?')} together, these only {relation} it jointly:"
        )
        for index, entry in enumerate(group):
            inner = ("└─ ", "   ") if index == len(group) - 1 else ("├─ ", "│  ")
            lines.extend(
                _entry_lines(entry, indent + below + inner[0], indent + below + inner[1], signed=False)
            )
    return lines


def _entry_lines(entry: dict, first: str, rest: str, signed: bool) -> list[str]:
    relation = entry.get("relation")
    sign = f"{RELATION_SIGNS.get(relation, '?')} " if signed else ""
    line = f"{first}{sign}{_tag(entry)}"
    if relation == "undercut":
        *undercutters, premise, target = entry["step"]
        undercut = "".join(f"{u}'s undercut of " for u in undercutters)
        line += f"  (undercuts {undercut}the step {premise} -> {target}, not the statement)"
    if entry.get("cycle"):
        return [line + "  (cycle: already on this path)"]
    if entry.get("repeated"):
        return [line + "  (shown above)"]
    if entry.get("deeper"):
        return [line + "  (more below: query it to see)"]
    return [line] + _tree_lines(entry.get("supports", []) + entry.get("attacks", []), rest)


def _where(desc: dict) -> str:
    spans = desc.get("spans") or []
    if desc.get("implicit") or not spans:
        where = "implicit: declared in the front matter, never written in the essay"
        if desc.get("line") is not None:
            where += f" (line {desc['line']}, col {desc['col']})"
        return where
    places = [f"line {span['line']}, col {span['col']}" for span in spans]
    where = places[0]
    if len(places) > 1:
        where += "; restated at " + "; ".join(places[1:])
    return where


def _evaluation_lines(evaluation: dict) -> list[str]:
    """Status, strength and why, from the `evaluation` key the CLI adds to a description."""
    status = f"Status: {evaluation['status']} ({evaluation['semantics']} semantics"
    if "credulous" in evaluation:
        status += f"; credulously {'accepted' if evaluation['credulous'] else 'rejected'}, sceptically {'accepted' if evaluation['sceptical'] else 'rejected'}"
    status += f")   Strength: {evaluation['strength']:.3f} ({evaluation['gradual']}"
    if evaluation.get("base") is not None:
        status += f", base {evaluation['base']:g}"
    lines = [status + ")"]
    why = evaluation["why"]
    named = lambda entries: ", ".join(f"{one_line(e['label'])} [{e['id']}]" for e in entries)
    if why["defeated_by"]:
        lines.append(f"  Defeated (grounded) by: {named(why['defeated_by'])}")
    if why["undecided_attackers"]:
        lines.append(f"  Undecided attackers: {named(why['undecided_attackers'])}")
    for answered in why["answered"]:
        lines.append(f"  Attacker {one_line(answered['label'])} [{answered['id']}] is answered by: {named(answered['defeated_by'])}")
    supports = why.get("supports")  # structured reading only
    if not (why["defeated_by"] or why["undecided_attackers"] or why["answered"]):
        lines.append("  Nothing attacks it." if supports is not None else "  Nothing attacks it, directly or through what it rests on.")
    fallen = [s for s in supports or () if s["status"] != "in"]
    if fallen:  # a support that does not stand needs saying; all standing does not
        listed = ", ".join(f"{one_line(s['label'])} [{s['id']}] ({s['status']})" for s in fallen)
        lines.append(f"  Supports holding: {len(supports) - len(fallen)} of {len(supports)}; not holding: {listed}")
    return lines


def format_description(desc: dict) -> str:
    """The description as text: heading, support tree, attack tree, chains to theses."""
    heading = f"{one_line(desc.get('label'))}  [{desc.get('kind')}, {desc['id']}"
    if desc.get("weight") is not None:
        heading += f", weight {desc['weight']}"
    lines = [heading + "]", f"  \"{one_line(desc.get('text'))}\"  ({_where(desc)})"]
    if desc.get("section"):
        lines.append(f"  section: {one_line(desc['section'])}")
    lines.append("")
    if desc.get("evaluation"):
        lines.extend(_evaluation_lines(desc["evaluation"]))
        lines.append("")

    if desc["supports"]:
        lines.append("Supported by")
        lines.extend(_tree_lines(desc["supports"], ""))
    elif desc.get("kind") == "evidence":
        lines.append("Supported by: nothing (evidence stands on its own)")
    else:
        lines.append(f"Supported by: nothing — an unsupported {desc.get('kind')}")

    if desc["attacks"]:
        lines.append("Attacked by")
        lines.extend(_tree_lines(desc["attacks"], ""))
    else:
        lines.append("Attacked by: nothing — no statement attacks it")

    chains = desc["leads_to"]
    is_thesis = desc.get("kind") == "thesis"
    if chains:
        lines.append("Leads to" + (" (it is itself a thesis; other theses:)" if is_thesis else ""))
        for chain in chains[:CHAINS_SHOWN]:
            text = ""
            for step in chain:
                text += one_line(step.get("label"))
                if step.get("relation"):
                    text += f" --{RELATION_VERBS.get(step['relation'], step['relation'])}--> "
            lines.append("  " + text)
        if len(chains) > CHAINS_SHOWN or desc.get("leads_to_truncated"):
            more = "more" if desc.get("leads_to_truncated") else str(len(chains) - CHAINS_SHOWN)
            lines.append(f"  ... and {more} longer chains (--json lists {len(chains)})")
    elif is_thesis:
        lines.append("Leads to: it is itself a thesis (a main conclusion)")
    else:
        lines.append("Leads to: no thesis — it bears on no main conclusion")
    return "\n".join(lines)



def format_list(rows: list[dict]) -> str:
    """Rows as aligned columns: id, kind, label."""
    if not rows:
        return "no statements"
    id_width = max(len(row["id"]) for row in rows)
    kind_width = max(len(str(row["kind"])) for row in rows)
    return "\n".join(
        f"{row['id']:<{id_width}}  {str(row['kind']):<{kind_width}}  {one_line(row['label'])}".rstrip()
        for row in rows
    )
