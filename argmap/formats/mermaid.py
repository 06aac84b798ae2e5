"""Mermaid flowcharts, which GitHub and many wikis draw from a code block.

Conclusions sit on top (`flowchart BT`). Premises that only work together
meet at a small junction node before their arrow reaches the target, and an
undercut ends on the junction of the inference it attacks, since Mermaid
arrows cannot end on other arrows. Labels are quoted strings with Mermaid's
`#name;` entities for the characters its parser would otherwise take.
"""

from __future__ import annotations

SHAPES = {"thesis": ('(["', '"])'), "claim": ('["', '"]'), "evidence": ('[/"', '"/]'), "rebuttal": ('{{"', '"}}')}
STYLES = {
    "thesis": "fill:#fde68a,stroke:#92400e,font-weight:bold",
    "claim": "fill:#dbeafe,stroke:#1e40af",
    "evidence": "fill:#dcfce7,stroke:#166534",
    "rebuttal": "fill:#fee2e2,stroke:#991b1b",
}
ENTITIES = {"&": "#amp;", '"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "`": "#96;"}


def label(text: str) -> str:
    """Text as the inside of a Mermaid quoted label, on one line."""
    flat = " ".join(text.split())
    return "".join(ENTITIES.get(char, char) for char in flat)


def write(graph) -> str:
    lines = ["flowchart BT"]
    name = {node: f"s{index}" for index, node in enumerate(graph)}
    for node, data in graph.nodes(data=True):
        opening, closing = SHAPES[data["kind"]]
        lines.append(f"    {name[node]}{opening}{label(data['label'])}{closing}:::{data['kind']}")

    # One junction per inference that is linked or undercut; plain arrows otherwise.
    undercut_targets = {(target, premise) for _, target, data in graph.edges(data=True)
                        if data["relation"] == "undercut" for premise in data["premises"]}
    groups: dict[tuple, list[str]] = {}
    for source, target, data in graph.edges(data=True):
        if data["relation"] != "undercut":
            key = (target, data["relation"], data["link"] if data["link"] is not None else ("", source))
            groups.setdefault(key, []).append(source)
    junction_of: dict[tuple[str, str], str] = {}
    for index, ((target, relation, _), premises) in enumerate(groups.items()):
        arrow = "-->" if relation == "support" else "--x"
        if len(premises) == 1 and (target, premises[0]) not in undercut_targets:
            lines.append(f"    {name[premises[0]]} {arrow} {name[target]}")
            continue
        junction = f"j{index}"
        lines.append(f"    {junction}(( )):::junction")
        lines += [f"    {name[premise]} --- {junction}" for premise in premises]
        lines.append(f"    {junction} {arrow} {name[target]}")
        for premise in premises:
            junction_of[(target, premise)] = junction
    for source, target, data in graph.edges(data=True):
        if data["relation"] == "undercut":
            for junction in dict.fromkeys(junction_of[(target, p)] for p in data["premises"] if (target, p) in junction_of):
                lines.append(f"    {name[source]} -.-x {junction}")
    lines += [f"    classDef {kind} {style}" for kind, style in STYLES.items()]
    lines.append("    classDef junction fill:#333,stroke:#333")
    return "\n".join(lines) + "\n"
