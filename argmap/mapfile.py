"""Reading and writing map files (networkx node-link JSON, see docs/map-format.md).

Writing a map file goes through `argmap.output` like every output. Loading
checks the format version and the shape, and says what is wrong in one line.
"""

from __future__ import annotations

import json
from itertools import islice
from sys import intern

from argmap.base import FORMAT, KINDS, VERSION, collection_paused
from argmap.errors import ArgmapError, Diagnostic

STATEMENT_KEYS = ("kind", "label", "text", "implicit", "section", "weight", "line", "col", "spans")
INFERENCE_KEYS = ("relation", "title", "line", "col")
GRAPH_KEYS = ("format", "version", "source", "sha256", "title")
SPAN_KEYS = ("start", "end", "line", "col", "end_line", "end_col")
V1_EDGE_KEYS = ("relation", "link", "premises", "line", "col")


def dumps(graph) -> str:
    """Deterministic JSON text of a map: one node or edge per line, so diffs stay readable."""
    return "".join(chunks(graph))


def chunks(graph):
    """The text of `dumps` a block of lines at a time, so a big map reaches its file without being held whole.

    Nodes are listed in the graph's order, each with the keys of
    docs/map-format.md in a fixed order (a missing one is null); edges per
    inference, premises in their order then the conclusion, so that loading
    the file gives every inference its premises in the order they were
    written.
    """
    compact = _line_encoder()
    nodes, pred, succ = graph._node, graph._pred, graph._succ  # networkx's views cost more than these loops

    def node_lines():
        for node, data in nodes.items():
            if data.get("type") == "inference":
                yield _inference_line(node, data, compact)
            else:
                yield _statement_line(node, data, compact)

    def edge_lines():
        for node, data in nodes.items():
            if data.get("type") == "inference":
                for premise, edge in pred[node].items():
                    if edge["role"] == "premise":  # not an undercut's conclusion edge (its node is cold at 10^5)
                        yield f'{{"source": {_string(premise)}, "target": {_string(node)}, "role": "premise"}}'
                for target in succ[node]:
                    yield f'{{"source": {_string(node)}, "target": {_string(target)}, "role": "conclusion"}}'

    with collection_paused():  # many strings, no cycles
        yield f'{{\n  "directed": true,\n  "multigraph": false,\n  "graph": {compact({key: graph.graph.get(key) for key in GRAPH_KEYS})},\n  "nodes": '
        yield from _list_lines(node_lines())
        yield ',\n  "edges": '
        yield from _list_lines(edge_lines())
        yield "\n}\n"


def _list_lines(lines, block: int = 200):
    """A JSON list laid out one item per line, a block of lines per piece.

    A piece per line cost as much again in writing; a piece of 2,000 lines
    (about 800 KB) made the allocator hand its memory back to the system
    after each piece and fault it in again (5,000 page faults, a fifth of the
    writing time for a 1 MB essay).
    """
    first = True
    while piece := list(islice(lines, block)):
        yield ("[\n    " if first else ",\n    ") + ",\n    ".join(piece)
        first = False
    yield "[]" if first else "\n  ]"


# The lines below are what `compact` gives for the node, written out for the values a map
# usually holds (checked one by one: anything else goes through `compact`): json's C encoder
# encodes every key of every node again, which cost twice as much for a 10^5-statement map.
_string = json.encoder.encode_basestring  # what the encoder does to a string (ensure_ascii=False)


def _statement_line(node, data: dict, compact) -> str:
    try:
        kind, label, text, implicit, section = data["kind"], data["label"], data["text"], data["implicit"], data["section"]
        weight, line, col, spans = data["weight"], data["line"], data["col"], data["spans"]
    except KeyError:
        spans = None
    if (
        spans.__class__ is list and node.__class__ is str and kind.__class__ is str and label.__class__ is str
        and text.__class__ is str and implicit.__class__ is bool and (section is None or section.__class__ is str)
        and weight is None and line.__class__ is int and col.__class__ is int
    ):
        return (
            f'{{"id": {_string(node)}, "type": "statement", "kind": {_string(kind)}, "label": {_string(label)}, '
            f'"text": {_string(text)}, "implicit": {"true" if implicit else "false"}, '
            f'"section": {"null" if section is None else _string(section)}, "weight": null, "line": {line}, "col": {col}, '
            f'"spans": [{", ".join([_span_text(span, compact) for span in spans])}]}}'
        )
    return compact({"id": node, "type": "statement", **{key: data.get(key) for key in STATEMENT_KEYS}})


def _span_text(span, compact) -> str:
    if span.__class__ is dict and tuple(span) == SPAN_KEYS:
        start, end, line, col, end_line, end_col = span.values()
        if start.__class__ is end.__class__ is line.__class__ is col.__class__ is end_line.__class__ is end_col.__class__ is int:
            return f'{{"start": {start}, "end": {end}, "line": {line}, "col": {col}, "end_line": {end_line}, "end_col": {end_col}}}'
    return compact(span)


def _inference_line(node, data: dict, compact) -> str:
    relation, title, line, col = data.get("relation"), data.get("title"), data.get("line"), data.get("col")
    if (
        node.__class__ is str and relation.__class__ is str and (title is None or title.__class__ is str)
        and line.__class__ is int and col.__class__ is int
    ):
        return (
            f'{{"id": {_string(node)}, "type": "inference", "relation": {_string(relation)}, '
            f'"title": {"null" if title is None else _string(title)}, "line": {line}, "col": {col}}}'
        )
    return compact({"id": node, "type": "inference", **{key: data.get(key) for key in INFERENCE_KEYS}})


def _line_encoder():
    """One JSON encoder for every line: what json.dumps(value, ensure_ascii=False, separators=(", ", ": ")) gives.

    JSONEncoder.encode makes a new C encoder on every call, which costs more
    than encoding a small node; here it is made once (as encode makes it,
    without the check for reference cycles a map cannot have) and called.
    """
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
    if json.encoder.c_make_encoder is None:  # a Python without json's C accelerator
        return encoder.encode
    encode = json.encoder.c_make_encoder(None, encoder.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    return lambda value: "".join(encode(value, 0))


def from_data(data, path: str):
    """Node-link data -> graph, after checking every field; a version-1 map is migrated.

    Anything wrong is one "not a valid argmap map: ..." error naming the
    node, edge or field, never a crash later in render or evaluate.
    """
    def fail(message):
        raise ArgmapError(Diagnostic(f"not a valid argmap map: {message}", path))

    if not isinstance(data, dict) or not isinstance(data.get("graph"), dict):
        fail("expected a JSON object with 'graph', 'nodes' and 'edges'")
    meta = data["graph"]
    if meta.get("format") != FORMAT:
        fail(f"graph.format is {meta.get('format')!r}, expected {FORMAT!r}")
    if type(meta.get("version")) is not int or meta["version"] not in (1, VERSION):
        raise ArgmapError(Diagnostic(
            f"map format version {meta.get('version')!r} is not supported (this argmap reads versions 1 and {VERSION}); rebuild the map from its essay",
            path,
        ))
    for key in ("source", "sha256", "title"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            fail(f"graph.{key} is {meta[key]!r}, expected a string or null")
    nodes, edges = data.get("nodes"), data.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        fail("'nodes' and 'edges' must be lists")
    if meta["version"] == 1:
        return _from_version_1(meta, nodes, edges, fail)
    import networkx as nx

    graph = nx.DiGraph(**{key: meta.get(key) for key in GRAPH_KEYS})
    # The new graph's own dicts, filled while checking as add_nodes_from and add_edges_from would, at a fifth of
    # their cost; a graph that fails is dropped. Every edge of one role shares one attribute dict (docs/map-format.md).
    found, succ, pred = graph._node, graph._succ, graph._pred
    for index, node in enumerate(nodes):
        if not isinstance(node, dict) or not isinstance(node.get("id"), str):
            fail(f"node {index} has no string 'id'")
        id = intern(node["id"])  # one string for a node and every edge that names it, as a build holds them
        if id in found:
            fail(f"node '{id}' appears twice")
        kind = node.get("type")
        if kind != "statement" and kind != "inference":
            fail(f"node '{id}' has type {kind!r}, expected 'statement' or 'inference'")
        kind = "statement" if kind == "statement" else "inference"  # the constant, not the decoder's copy
        found[id] = _node_data(node, kind, fail)
        succ[id], pred[id] = {}, {}
    premise_edge, conclusion_edge = {"role": "premise"}, {"role": "conclusion"}
    premised: set[str] = set()  # inferences with a premise edge (an undercut's conclusion edge is not one)
    for index, edge in enumerate(edges):  # an inference's succ holds its conclusion edge alone, once it is read
        if not isinstance(edge, dict):
            fail(f"edge {index} is not an object")
        source, target, role = edge.get("source"), edge.get("target"), edge.get("role")
        ends = []
        for end in (source, target):
            data = found.get(end) if isinstance(end, str) else None
            if data is None:
                fail(f"edge {index} joins unknown node {end!r}")
            ends.append(data)
        source_data, target_data = ends
        source, target = intern(source), intern(target)
        following = succ[source]
        if role == "premise":
            if source_data["type"] != "statement" or target_data["type"] != "inference":
                fail(f"edge {index} ('{source}' -> '{target}') is a premise edge, which goes from a statement to an inference")
            attributes = premise_edge
            premised.add(target)
        elif role == "conclusion":
            if source_data["type"] != "inference" or following:
                fail(f"edge {index}: inference '{source}' needs exactly one conclusion edge, from itself")
            if target_data["type"] == "inference" and source_data["relation"] != "attack":
                fail(f"edge {index}: support '{source}' aims at inference '{target}'; only an attack can")
            attributes = conclusion_edge
        else:
            fail(f"edge {index} has role {role!r}, expected 'premise' or 'conclusion'")
        if target in following or source == target:
            fail(f"edge {index} ('{source}' -> '{target}') appears twice or joins a node to itself")
        following[target] = pred[target][source] = attributes
    for node, data in found.items():
        if data["type"] == "inference" and not (succ[node] and node in premised):
            fail(f"inference '{node}' needs at least one premise and one conclusion")
    return graph


def _check(owner: str, node: dict, key: str, ok, expected: str, fail):
    value = node.get(key)
    if not ok(value):
        fail(f"{owner} has {key} {value!r}, expected {expected}")
    return value


def _is_position(value) -> bool:
    return value is None or (type(value) is int and value >= 1)


def _is_span(span) -> bool:
    if not isinstance(span, dict):
        return False
    values = list(map(span.get, SPAN_KEYS))
    for value in values:
        if type(value) is not int or value < 0:
            return False
    return values[0] <= values[1]  # start <= end


_EXPECTED = {
    "kind": "one of thesis, claim, evidence, rebuttal",
    "label": "a string",
    "text": "a string",
    "implicit": "true or false",
    "section": "a string or null",
    "weight": "a number from 0 to 1 or null",
    "line": "a positive integer or null",
    "col": "a positive integer or null",
    "spans": "a list of spans {start, end, line, col, end_line, end_col} (integers, start <= end)",
    "relation": "'support' or 'attack'",
    "title": "a string or null",
}
"""What each field of a node must be, as the error says it."""


def _statement_problem(values: dict) -> str | None:
    """The first field of a statement's values that is wrong (in STATEMENT_KEYS order), or None.

    One function, not a check per field: at 10^5 statements a call per field cost as much as reading the JSON.
    """
    if values["kind"] not in KINDS:
        return "kind"
    if not isinstance(values["label"], str):
        return "label"
    if not isinstance(values["text"], str):
        return "text"
    if values["implicit"] is not None and type(values["implicit"]) is not bool:
        return "implicit"
    if values["section"] is not None and not isinstance(values["section"], str):
        return "section"
    weight = values["weight"]
    if weight is not None and not (type(weight) in (int, float) and 0 <= weight <= 1):
        return "weight"
    if not _is_position(values["line"]):
        return "line"
    if not _is_position(values["col"]):
        return "col"
    spans = values["spans"]
    if spans is not None and not (isinstance(spans, list) and all(map(_is_span, spans))):
        return "spans"
    return None


def _inference_problem(values: dict) -> str | None:
    """The first field of an inference's values that is wrong (in INFERENCE_KEYS order), or None."""
    if values["relation"] not in ("support", "attack"):
        return "relation"
    if values["title"] is not None and not isinstance(values["title"], str):
        return "title"
    if not _is_position(values["line"]):
        return "line"
    if not _is_position(values["col"]):
        return "col"
    return None


def _node_data(node: dict, kind: str, fail) -> dict:
    """A node's attributes as the graph holds them ("type" first), each checked; the first wrong one fails naming the node."""
    keys, problem = (STATEMENT_KEYS, _statement_problem) if kind == "statement" else (INFERENCE_KEYS, _inference_problem)
    values = {"type": kind}
    values.update(zip(keys, map(node.get, keys)))
    wrong = problem(values)
    if wrong is not None:
        fail(f"{kind} '{node['id']}' has {wrong} {values[wrong]!r}, expected {_EXPECTED[wrong]}")
    if kind == "statement":
        values["implicit"] = bool(values["implicit"])
        values["spans"] = list(values["spans"] or [])
        # The decoder makes a string per occurrence; a built map shares them (ids, kinds, sections, a label that is its text).
        values["kind"] = intern(values["kind"])
        if values["section"] is not None:
            values["section"] = intern(values["section"])
        if values["label"] == values["text"]:
            values["label"] = values["text"]
    else:
        values["relation"] = intern(values["relation"])
    return values


def statement_fields(node: dict, fail) -> dict:
    """A statement node's attributes, each checked."""
    values = _node_data(node, "statement", fail)
    del values["type"]
    return values


def inference_fields(node: dict, fail) -> dict:
    """An inference node's attributes, each checked."""
    values = _node_data(node, "inference", fail)
    del values["type"]
    return values


def _from_version_1(meta: dict, nodes: list, edges: list, fail):
    """A version-1 map (statements as nodes, relations as edges), checked, as a version-2 graph."""
    import networkx as nx

    old = nx.DiGraph(**{key: meta.get(key) for key in GRAPH_KEYS})
    for index, node in enumerate(nodes):
        if not isinstance(node, dict) or not isinstance(node.get("id"), str):
            fail(f"node {index} has no string 'id'")
        if node["id"] in old:
            fail(f"node '{node['id']}' appears twice")
        old.add_node(node["id"], **statement_fields(node, fail))
    for index, edge in enumerate(edges):
        if not isinstance(edge, dict):
            fail(f"edge {index} is not an object")
        for end in ("source", "target"):
            if not isinstance(edge.get(end), str) or edge[end] not in old:
                fail(f"edge {index} has unknown {end} {edge.get(end)!r}")
        owner = f"edge {index}"
        _check(owner, edge, "relation", lambda v: v in ("support", "attack", "undercut"), "support, attack or undercut", fail)
        _check(owner, edge, "link", lambda v: v is None or isinstance(v, str), "a string or null", fail)
        _check(owner, edge, "premises", lambda v: v is None or (isinstance(v, list) and all(isinstance(p, str) for p in v)), "a list of statement ids or null", fail)
        _check(owner, edge, "line", _is_position, "a positive integer or null", fail)
        _check(owner, edge, "col", _is_position, "a positive integer or null", fail)
        if edge["source"] == edge["target"]:
            fail(f"edge {index} joins '{edge['source']}' to itself")
        old.add_edge(edge["source"], edge["target"], **{key: edge.get(key) for key in V1_EDGE_KEYS})
    try:
        return from_version_1(old)
    except ArgmapError as err:
        fail(err.diagnostics[0].message)


def from_version_1(old):
    """A version-1 map (one edge per pair of statements) as a version-2 map with the same meaning.

    Support/attack edges into one target with one `link` become one
    inference; an `undercut` edge u -> t naming premise p becomes an attack
    from u aimed at the inference that carries p into t.
    """
    from argmap.model import add_inference, new_graph, order_inferences

    graph = new_graph(old.graph.get("source"), old.graph.get("sha256"), old.graph.get("title"))
    for node, data in old.nodes(data=True):
        graph.add_node(node, type="statement", **data)
    groups: list[dict] = []
    linked: dict[tuple, dict] = {}
    undercuts: list[tuple] = []
    for premise, neighbours in old.adjacency():
        for target, data in neighbours.items():
            relation = data.get("relation")
            if relation == "undercut":
                undercuts.append((premise, target, data))
                continue
            link = data.get("link")
            if link is not None and (target, relation, link) in linked:
                linked[(target, relation, link)]["premises"].append(premise)
                continue
            group = {"relation": relation, "premises": [premise], "target": target, "data": data, "undercutters": []}
            groups.append(group)
            if link is not None:
                linked[(target, relation, link)] = group
    by_link = {(premise, group["target"]): group for group in groups for premise in group["premises"]}
    for undercutter, target, data in undercuts:
        for premise in data.get("premises") or []:
            group = by_link.get((premise, target))
            if group is None:
                raise ArgmapError(
                    f"undercut from '{undercutter}' names the link '{premise}' -> '{target}', which the map does not have"
                )
            if all(u != undercutter for u, _ in group["undercutters"]):
                group["undercutters"].append((undercutter, data))
    added = []
    for group in groups:
        data = group["data"]
        id = add_inference(graph, group["relation"], group["premises"], group["target"], line=data.get("line"), col=data.get("col"))
        added.append((data.get("line") or 0, data.get("col") or 0, len(added), id))
        for undercutter, data in group["undercutters"]:
            added.append((data.get("line") or 0, data.get("col") or 0, len(added), add_inference(graph, "attack", [undercutter], id, line=data.get("line"), col=data.get("col"))))
    order_inferences(graph, [id for *_, id in sorted(added)])  # in the order they are written
    return graph


def loads(text: str, path: str):
    """Map JSON text -> graph (warnings about the JSON dropped; `formats.load` reports them)."""
    from argmap import jsondata

    return from_data(jsondata.loads(text, path)[0], path)

