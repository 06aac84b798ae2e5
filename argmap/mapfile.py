"""Reading and writing map files (networkx node-link JSON, see docs/map-format.md).

Writing a map file goes through `argmap.output` like every output. Loading
checks the format version and the shape, and says what is wrong in one line.
"""

from __future__ import annotations

import json

from argmap.base import FORMAT, VERSION, collection_paused
from argmap.errors import ArgmapError, Diagnostic

NODE_KEYS = ("kind", "label", "text", "implicit", "section", "weight", "line", "col", "spans")
EDGE_KEYS = ("relation", "link", "premises", "line", "col")
GRAPH_KEYS = ("format", "version", "source", "sha256", "title")


def to_data(graph) -> dict:
    """The graph as node-link data with a fixed key order."""
    return {
        "directed": True,
        "multigraph": False,
        "graph": {key: graph.graph.get(key) for key in GRAPH_KEYS},
        "nodes": [{"id": node, **{key: data.get(key) for key in NODE_KEYS}} for node, data in graph.nodes(data=True)],
        "edges": [
            {"source": u, "target": v, **{key: data.get(key) for key in EDGE_KEYS}}
            for u, v, data in graph.edges(data=True)
        ],
    }


def dumps(graph) -> str:
    """Deterministic JSON text of a map: one node or edge per line, so diffs stay readable."""
    return "".join(chunks(graph))


def chunks(graph):
    """The text of `dumps` line by line, so a big map reaches its file without being held whole.

    (json's C encoder is only used without `indent`; laying out the lines here
    keeps a 10,000-statement map fast to write.)
    """
    with collection_paused():
        data = to_data(graph)

    def compact(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    def items(values):
        if not values:
            yield "[]"
            return
        yield "[\n"
        last = len(values) - 1
        for index, value in enumerate(values):
            yield "    " + compact(value) + (",\n" if index < last else "\n  ]")

    yield f'{{\n  "directed": true,\n  "multigraph": false,\n  "graph": {compact(data["graph"])},\n  "nodes": '
    yield from items(data["nodes"])
    yield ',\n  "edges": '
    yield from items(data["edges"])
    yield "\n}\n"


def from_data(data, path: str):
    """Node-link data -> graph, after checking it is an argmap map this version can read."""
    import networkx as nx

    def fail(message):
        raise ArgmapError(Diagnostic(f"not a valid argmap map: {message}", path))

    if not isinstance(data, dict) or not isinstance(data.get("graph"), dict):
        fail("expected a JSON object with 'graph', 'nodes' and 'edges'")
    meta = data["graph"]
    if meta.get("format") != FORMAT:
        fail(f"graph.format is {meta.get('format')!r}, expected {FORMAT!r}")
    if type(meta.get("version")) is not int or meta["version"] != VERSION:
        raise ArgmapError(Diagnostic(
            f"map format version {meta.get('version')!r} is not supported (this argmap reads version {VERSION}); rebuild the map from its essay",
            path,
        ))
    nodes, edges = data.get("nodes"), data.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        fail("'nodes' and 'edges' must be lists")
    from argmap.model import RELATIONS
    from argmap.syntax import KINDS

    graph = nx.DiGraph(**{key: meta.get(key) for key in GRAPH_KEYS})
    for index, node in enumerate(nodes):
        if not isinstance(node, dict) or not isinstance(node.get("id"), str):
            fail(f"node {index} has no string 'id'")
        if node.get("kind") not in KINDS:
            fail(f"node '{node['id']}' has kind {node.get('kind')!r}, expected one of {', '.join(KINDS)}")
        if not isinstance(node.get("label"), str) or not isinstance(node.get("text"), str):
            fail(f"node '{node['id']}' needs string 'label' and 'text'")
        if not isinstance(node.get("spans", []), list):
            fail(f"node '{node['id']}' has 'spans' that is not a list")
        weight = node.get("weight")
        if weight is not None and (type(weight) not in (int, float) or not 0 <= weight <= 1):
            fail(f"node '{node['id']}' has weight {weight!r}, expected a number from 0 to 1 or null")
        if node["id"] in graph:
            fail(f"node '{node['id']}' appears twice")
        graph.add_node(node["id"], **{key: node.get(key) for key in NODE_KEYS})
        graph.nodes[node["id"]]["spans"] = node.get("spans") or []
        graph.nodes[node["id"]]["implicit"] = bool(node.get("implicit"))
    for index, edge in enumerate(edges):
        if not isinstance(edge, dict):
            fail(f"edge {index} is not an object")
        for end in ("source", "target"):
            if edge.get(end) not in graph:
                fail(f"edge {index} has unknown {end} {edge.get(end)!r}")
        if edge.get("relation") not in RELATIONS:
            fail(f"edge {index} has relation {edge.get('relation')!r}, expected one of {', '.join(RELATIONS)}")
        if edge.get("link") is not None and not isinstance(edge["link"], str):
            fail(f"edge {index} has link {edge['link']!r}, expected a string or null")
        graph.add_edge(edge["source"], edge["target"], **{key: edge.get(key) for key in EDGE_KEYS})
    return graph


def loads(text: str, path: str):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ArgmapError(Diagnostic(f"not valid JSON: {err.msg}", path, err.lineno, err.colno)) from None
    return from_data(data, path)

