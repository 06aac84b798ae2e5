"""GraphML for yEd, Gephi and other graph tools.

GraphML holds only scalar attributes, so spans are written as JSON strings
and null attributes are left out. The map's own nodes, attributes and edges
are kept as they are (statements and inferences, premise and conclusion
edges), so a tool can colour by `type`, `kind`, `relation` or `role`.
"""

from __future__ import annotations

import json

from argmap.escape import xml_chars


def _scalars(data: dict) -> dict:
    """Attributes GraphML can hold: lists as JSON text, nulls left out, text in characters XML allows."""
    flat = {
        key: json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
        for key, value in data.items() if value is not None
    }
    return {key: xml_chars(value) if isinstance(value, str) else value for key, value in flat.items()}


def write(graph, text: str | None = None, losses=None) -> str:
    import networkx as nx

    flat = nx.DiGraph(**_scalars(dict(graph.graph)))
    for node, data in graph.nodes(data=True):
        flat.add_node(xml_chars(node), **_scalars(data))
    for source, target, data in graph.edges(data=True):
        flat.add_edge(xml_chars(source), xml_chars(target), **_scalars(data))
    return "\n".join(nx.generate_graphml(flat, prettyprint=True)) + "\n"
