"""AIF JSON, as AIFdb and OVA exchange it.

AIF draws an argument as a bipartite graph: I nodes hold statements, S nodes
(RA inference, CA conflict, MA rephrase) stand between premises and what they
support or attack, and L/YA/TA nodes record the dialogue that asserted them.
Reading: I -> statement; RA -> support and CA -> attack from each premise to
the conclusion, several premises of one S node forming one linked argument; MA
-> support from the rephrase to the original (our restatements need spans,
which AIF has not); a CA that points at an S node -> undercut of that
inference. Dialogue nodes become no statements; who asserted a statement (an
L node connected through a YA node) is kept as the node's `speaker`.

Writing gives plain AIF and, under `argmap` keys that AIF tools ignore, what
AIF cannot say (ids, kinds, labels, spans, the essay text), so an argmap map
survives a trip through AIF unchanged.
"""

from __future__ import annotations

import json

from argmap.errors import ArgmapError, Diagnostic
from argmap.formats.common import Draft
from argmap.syntax import decode, slug

RELATION_OF_SCHEME = {"RA": "support", "CA": "attack", "MA": "support"}
DIALOGUE_TYPES = ("L", "YA", "TA")
SCHEME_TEXT = {"RA": "Default Inference", "CA": "Default Conflict"}
STATEMENT_KEYS = ("kind", "label", "spans", "implicit", "section", "weight", "line", "col")


def read(path: str):
    from argmap import model
    from argmap.pipeline import Build, read_bytes

    data = read_bytes(path)
    graph, warnings = parse(_load_json(data, path), path, model.sha256(data))
    return Build(graph, warnings + model.check(graph))


def plain_text(path: str) -> str | None:
    """The essay text an argmap-written AIF file carries, or OVA's text; None if neither."""
    from argmap.pipeline import read_bytes

    root = _load_json(read_bytes(path), path)
    extension = root.get("argmap") if isinstance(root, dict) else None
    if isinstance(extension, dict) and isinstance(extension.get("text"), str):
        return extension["text"]
    return None


def _load_json(data: bytes, path: str):
    try:
        return json.loads(decode(data, path).lstrip("\ufeff"))
    except json.JSONDecodeError as err:
        raise ArgmapError(Diagnostic(f"not valid JSON: {err.msg}", path, err.lineno, err.colno)) from None


def parse(root, path: str, digest: str):
    """AIF JSON data (already decoded) -> (graph, warnings)."""
    if not isinstance(root, dict):
        raise ArgmapError(Diagnostic("not AIF: expected a JSON object with 'nodes' and 'edges'", path))
    extension = root.get("argmap") if isinstance(root.get("argmap"), dict) else {}
    aif = next((root[key] for key in ("AIF", "aif") if isinstance(root.get(key), dict)), root)
    nodes, edges = aif.get("nodes"), aif.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise ArgmapError(Diagnostic("not AIF: 'nodes' and 'edges' must be lists", path))
    draft = Draft(path, digest, extension.get("title"))

    by_id: dict[str, dict] = {}
    for index, node in enumerate(nodes):
        if not isinstance(node, dict) or "nodeID" not in node or not isinstance(node.get("type"), str):
            raise ArgmapError(Diagnostic(f"not AIF: node {index} needs a 'nodeID' and a 'type'", path))
        by_id[str(node["nodeID"])] = node
    sources: dict[str, list[str]] = {id: [] for id in by_id}
    targets: dict[str, list[str]] = {id: [] for id in by_id}
    for index, edge in enumerate(edges):
        ends = (str(edge.get("fromID")), str(edge.get("toID"))) if isinstance(edge, dict) else ("", "")
        if not all(end in by_id for end in ends):
            draft.warn(f"AIF edge {index} joins unknown nodes {ends[0]!r} -> {ends[1]!r}; skipped")
            continue
        targets[ends[0]].append(ends[1])
        sources[ends[1]].append(ends[0])

    statement_of: dict[str, str] = {}
    taken: set[str] = set()
    for node_id, node in by_id.items():
        if node["type"] != "I":
            continue
        own = node.get("argmap") if isinstance(node.get("argmap"), dict) else {}
        text = str(node.get("text", ""))
        id = own.get("id") if isinstance(own.get("id"), str) and own["id"] not in taken else slug(text, taken)
        taken.add(id)
        statement_of[node_id] = id
        draft.statement(id, text, **{key: own[key] for key in STATEMENT_KEYS if key in own})
    _speakers(aif, by_id, sources, targets, statement_of, draft)

    def statements(ids):
        return [statement_of[i] for i in ids if i in statement_of]

    ignored: dict[str, int] = {}
    for node_id, node in by_id.items():
        scheme = node["type"]
        if scheme == "I" or scheme in DIALOGUE_TYPES:
            continue
        if scheme not in RELATION_OF_SCHEME:
            ignored[scheme] = ignored.get(scheme, 0) + 1
            continue
        own = node.get("argmap") if isinstance(node.get("argmap"), dict) else {}
        premises = statements(sources[node_id])
        conclusions = statements(targets[node_id])
        inferences = [t for t in targets[node_id] if by_id[t]["type"] in RELATION_OF_SCHEME]
        if not premises or not (conclusions or inferences):
            draft.warn(f"{scheme} node {node_id} lacks a premise or a conclusion; skipped")
            continue
        if scheme == "CA" and inferences:
            for inference in inferences:
                attacked = own.get("premises") or statements(sources[inference])
                for conclusion in statements(targets[inference]):
                    for premise in premises:
                        draft.relate(premise, conclusion, "undercut", premises=list(attacked), **_where(own, premise))
            continue
        link = own.get("link", f"{scheme.lower()}{node_id}" if len(premises) > 1 else None)
        for conclusion in conclusions:
            for premise in premises:
                draft.relate(premise, conclusion, RELATION_OF_SCHEME[scheme], link=link, **_where(own, premise))
    for scheme, count in ignored.items():
        draft.warn(f"{count} {scheme} node{'s' if count > 1 else ''} skipped: argmap reads I, RA, CA and MA nodes")
    return draft.build(), draft.warnings


def _where(own: dict, premise: str) -> dict:
    """line/col of the relation from `premise`, as an argmap-written S node records them."""
    line, col = (own.get("lines") or {}).get(premise, (None, None))
    return {"line": line, "col": col}


def _speakers(aif: dict, by_id, sources, targets, statement_of, draft: Draft) -> None:
    """Record who asserted each I node: L node -> YA node -> I node, names from locutions/participants."""
    people = {
        str(p.get("participantID")): " ".join(filter(None, (p.get("firstname"), p.get("surname"))))
        for p in aif.get("participants") or [] if isinstance(p, dict)
    }
    speaker_of_locution = {
        str(l.get("nodeID")): people.get(str(l.get("personID")))
        for l in aif.get("locutions") or [] if isinstance(l, dict)
    }
    for node_id, node in by_id.items():
        if node["type"] != "YA":
            continue
        for locution in sources[node_id]:
            if by_id[locution]["type"] != "L":
                continue
            speaker = speaker_of_locution.get(locution) or _speaker_prefix(str(by_id[locution].get("text", "")))
            for target in targets[node_id]:
                if target in statement_of and speaker:
                    draft.extra.setdefault(statement_of[target], {})["speaker"] = speaker


def _speaker_prefix(locution: str) -> str | None:
    """The speaker an L node's text starts with: `Name : words` (AIFdb) or `Name: words` (OVA)."""
    for separator in (" : ", ": "):
        if separator in locution:
            return locution.split(separator, 1)[0].strip() or None
    return None


def write(graph, text: str | None = None) -> str:
    """The graph as AIF JSON: I nodes, one RA/CA node per argument, CA nodes on inferences for undercuts."""
    nodes: list[dict] = []
    edges: list[dict] = []

    def add_node(type: str, text: str, extension: dict) -> str:
        node_id = str(len(nodes) + 1)
        nodes.append({"nodeID": node_id, "text": text, "type": type, "argmap": extension})
        return node_id

    def add_edge(source: str, target: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": source, "toID": target, "formEdgeID": None})

    node_of = {
        id: add_node("I", data["text"], {"id": id, **{key: data.get(key) for key in STATEMENT_KEYS}})
        for id, data in graph.nodes(data=True)
    }
    groups: dict[tuple, list[tuple[str, dict]]] = {}
    for source, target, data in graph.edges(data=True):
        if data["relation"] != "undercut":
            key = (target, data["relation"], data["link"]) if data["link"] is not None else (target, data["relation"], None, source)
            groups.setdefault(key, []).append((source, data))
    scheme_of_group: dict[tuple, str] = {}
    for key, members in groups.items():
        target, relation, link = key[:3]
        scheme = "RA" if relation == "support" else "CA"
        extension = {"link": link, "lines": {source: [data["line"], data["col"]] for source, data in members}}
        scheme_node = scheme_of_group[key] = add_node(scheme, SCHEME_TEXT[scheme], extension)
        for source, _ in members:
            add_edge(node_of[source], scheme_node)
        add_edge(scheme_node, node_of[target])
    for source, target, data in graph.edges(data=True):
        if data["relation"] != "undercut":
            continue
        for key, members in groups.items():
            attacked = [p for p, _ in members if p in data["premises"]]
            if key[0] != target or not attacked:
                continue
            conflict = add_node("CA", SCHEME_TEXT["CA"], {
                "link": None, "premises": attacked, "lines": {source: [data["line"], data["col"]]},
            })
            add_edge(node_of[source], conflict)
            add_edge(conflict, scheme_of_group[key])
    meta = {key: graph.graph.get(key) for key in ("source", "sha256", "title")}
    document = {
        "nodes": nodes, "edges": edges, "locutions": [], "participants": [],
        "argmap": {"version": 1, **meta, "text": text},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
