"""A map -> Argdown text (the reader is argmap.formats.argdown; docs/formats.md says what survives)."""

from __future__ import annotations

from argmap.escape import argdown_text


def write(graph, text: str | None = None, losses=None) -> str:
    """The map as Argdown: titled statements, each with the plain relations into it.

    A support with linked premises, a title or an undercut on it becomes an
    argument with a premise-conclusion structure, since Argdown joins
    premises, names inferences and undercuts only through arguments. An
    undercut attack whose premise does nothing else is written as Argdown
    does it, an argument without a structure (`<Premise>`) undercut by `_`.
    What Argdown cannot say is counted in `losses`: attacks with linked
    premises (written as separate attacks), titles of attacks, other
    undercuts of attacks, undercuts of undercuts and undercuts with linked
    premises.
    """
    from argmap.base import collection_paused

    with collection_paused():  # records, lists and lines per statement, no cycles: left on, the collector rescans the map (15% of the time at 10^5)
        return _write(graph, losses)


def _write(graph, losses) -> str:
    from argmap.formats.common import Losses
    from argmap.model import inferences, statements

    losses = losses or Losses("argdown")
    nodes = statements(graph)
    titles = _titles(graph, nodes)
    found = inferences(graph)
    by_id = {inference.id: inference for inference in found}
    undercuts: dict[str, list] = {}
    for inference in found:
        if inference.target in by_id:
            undercuts.setdefault(inference.target, []).append(inference)
    uses: dict[str, int] = {}
    for inference in found:
        for premise in inference.premises:
            uses[premise] = uses.get(premise, 0) + 1
    as_argument = {  # premise -> its one attack, which is undercut
        i.premises[0]: i for i in found
        if i.relation == "attack" and i.target not in by_id and len(i.premises) == 1 and not i.title
        and i.id in undercuts and uses[i.premises[0]] == 1
    }

    def ref(node: str) -> str:
        return f"<{titles[node]}>" if node in as_argument else f"[{titles[node]}]"

    argued = [i for i in found if i.relation == "support" and (len(i.premises) > 1 or i.title or i.id in undercuts)]
    argued_ids = {i.id for i in argued}  # membership by id: a look-up per inference, not a scan of the list
    anonymous = {i.id for i in argued if not i.title and i.id not in undercuts}  # Argdown can leave these untitled
    written = set()
    for inference in found:
        aimed = by_id.get(inference.target)
        if aimed is None:
            continue
        if aimed.relation == "attack" and not (len(inference.premises) == 1 and as_argument.get(aimed.premises[0]) is aimed):
            losses.add("undercut of an attack" if aimed.target not in by_id else "undercut of an undercut",
                       "undercuts of attacks" if aimed.target not in by_id else "undercuts of undercuts")
        elif len(inference.premises) > 1:
            losses.add("undercut with linked premises", "undercuts with linked premises")
        else:
            written.add(inference)
            if inference.title:
                losses.add("title of an undercut", "titles of undercuts")
    plain: dict[str, list[str]] = {node: [] for node in nodes}
    for inference in found:
        if inference.target in by_id or inference.id in argued_ids:
            continue
        sign = "+" if inference.relation == "support" else "-"
        if len(inference.premises) > 1:
            losses.add("attack with linked premises", "attacks with linked premises", "their premises are written as separate attacks")
        if inference.title:
            losses.add("title of an attack", "titles of attacks")
        plain[inference.target] += [f"  {sign} {ref(p)}" for p in inference.premises]
    lines: list[str] = []
    if graph.graph.get("title"):
        lines += ["===", f"title: {argdown_text(graph.graph['title'])}", "===", ""]
    section = None
    node_data = graph._node  # the graph's own dict: a view per statement cost more
    for node in nodes:
        data = node_data[node]
        if data.get("section") and data["section"] != section:
            section = data["section"]
            lines += [f"# {argdown_text(section)}", ""]
        lines.append(f"{ref(node)}: {argdown_text(data['text'])}")
        if node in as_argument:
            lines += [f"  _ {ref(u.premises[0])}" for u in undercuts[as_argument[node].id] if u in written]
        lines += plain[node]
        lines.append("")
    if argued:  # a heading ends the last statement: a structure after `<Premise>: text` would be its own
        lines += ["# Arguments", ""]
    argument_titles = set(titles.values())
    for inference in sorted(argued, key=lambda i: i.id not in anonymous):  # untitled structures first, after the statements
        if inference.id not in anonymous:
            title = argdown_text(inference.title) if inference.title else f"{titles[inference.target]} ({', '.join(titles[p] for p in inference.premises)})"
            title = title or "argument"
            while title in argument_titles:
                title += "'"
            argument_titles.add(title)
            lines.append(f"<{title}>")
            lines += [f"  _ {ref(undercut.premises[0])}" for undercut in undercuts.get(inference.id, []) if undercut in written]
            lines.append("")
        lines += [f"({index}) {ref(premise)}" for index, premise in enumerate(inference.premises, 1)]
        lines += ["----", f"({len(inference.premises) + 1}) {ref(inference.target)}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _titles(graph, nodes: list[str]) -> dict[str, str]:
    """A unique Argdown title per statement, escaped: its label, else its id, else either numbered."""
    node_data = graph._node  # the graph's own dict: a view per statement cost more
    labels = [argdown_text(node_data[node]["label"]) for node in nodes]
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    titles: dict[str, str] = {}
    taken: set[str] = set()
    for node, label in zip(nodes, labels):
        title = label if label and counts[label] == 1 else argdown_text(node) or "statement"
        candidate, number = title, 2
        while candidate in taken or (candidate != label and candidate in counts):
            candidate, number = f"{title} {number}", number + 1
        titles[node] = candidate
        taken.add(candidate)
    return titles
