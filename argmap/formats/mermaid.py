"""Mermaid flowcharts, which GitHub and many wikis draw from a code block.

Conclusions sit on top (`flowchart BT`). Premises that only work together
meet at a small junction node before their arrow reaches the target, and an
undercut ends on the junction of the inference it attacks, since Mermaid
arrows cannot end on other arrows. Labels are quoted strings with Mermaid's
`#name;` entities for the characters its parser would otherwise take.
"""

from __future__ import annotations

from argmap.escape import mermaid_label

SHAPES = {"thesis": ('(["', '"])'), "claim": ('["', '"]'), "evidence": ('[/"', '"/]'), "rebuttal": ('{{"', '"}}')}
STYLES = {
    "thesis": "fill:#fde68a,stroke:#92400e,font-weight:bold",
    "claim": "fill:#dbeafe,stroke:#1e40af",
    "evidence": "fill:#dcfce7,stroke:#166534",
    "rebuttal": "fill:#fee2e2,stroke:#991b1b",
}
def write(graph, text: str | None = None, losses=None) -> str:
    from argmap.model import inferences, statements

    lines = ["flowchart BT"]
    nodes = statements(graph)
    name = {node: f"s{index}" for index, node in enumerate(nodes)}
    for node in nodes:
        data = graph.nodes[node]
        opening, closing = SHAPES[data["kind"]]
        lines.append(f"    {name[node]}{opening}{mermaid_label(data['label'])}{closing}:::{data['kind']}")

    # A junction where premises are linked or an attack aims at the inference; plain arrows otherwise.
    found = inferences(graph)
    attacked = {inference.target for inference in found}
    for index, inference in enumerate(found):
        if len(inference.premises) > 1 or inference.id in attacked:
            name[inference.id] = f"j{index}"
    for inference in found:
        arrow = "-->" if inference.relation == "support" else ("--x" if inference.target in nodes else "-.-x")  # dotted: an undercut
        target = name[inference.target]
        if inference.id not in name:
            lines.append(f"    {name[inference.premises[0]]} {arrow} {target}")
            continue
        junction = name[inference.id]
        lines.append(f"    {junction}(( )):::junction")
        lines += [f"    {name[premise]} --- {junction}" for premise in inference.premises]
        lines.append(f"    {junction} {arrow} {target}")
    lines += [f"    classDef {kind} {style}" for kind, style in STYLES.items()]
    lines.append("    classDef junction fill:#333,stroke:#333")
    return "\n".join(lines) + "\n"
