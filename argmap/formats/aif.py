"""AIF JSON, as AIFdb and OVA exchange it.

AIF draws an argument as a bipartite graph: I nodes hold statements, S nodes
(RA inference, CA conflict, MA rephrase) stand between premises and what they
support or attack, and L/YA/TA nodes record the dialogue that asserted them.
Reading: I -> statement; each RA (support) and CA (attack) node -> one
inference, its premises the I nodes pointing at it; MA -> support from the
rephrase to the original (our restatements need spans, which AIF has not; an
MA whose premise is its own conclusion, which AIFdb holds, is skipped with a
warning); a CA that points at an S node attacks that inference (an undercut,
or an undercut of an undercut). A scheme name other than the defaults
becomes the inference's title. Dialogue nodes become no statements; who asserted a statement (an
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
DEFAULT_SCHEMES = {"Default Inference", "Default Conflict", "Default Rephrase", "RA", "CA", "MA", "Default Transition", "Default Illocuting"}
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
    self_rephrases: list[str] = []
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
        if scheme == "MA" and set(conclusions) & set(premises):
            self_rephrases.append(node_id)
            continue
        if not premises or not (conclusions or inferences) or (inferences and scheme != "CA"):
            draft.warn(f"{scheme} node {node_id} lacks a premise or a conclusion; skipped")
            continue
        title = own["title"] if "title" in own else _scheme_name(node)
        where = {"line": own.get("line"), "col": own.get("col")}
        # One inference per conclusion; the first keeps the S node's id, for conflicts aimed at it.
        aims = [(c, False) for c in conclusions] + [(t, True) for t in inferences]
        for index, (target, on_inference) in enumerate(aims):
            draft.infer(RELATION_OF_SCHEME[scheme], premises, target, on_inference=on_inference, title=title,
                        key=node_id if index == 0 else (node_id, index), **where)
    for scheme, count in ignored.items():
        draft.warn(f"{count} {scheme} node{'s' if count > 1 else ''} skipped: argmap reads I, RA, CA and MA nodes")
    if self_rephrases:
        count = len(self_rephrases)
        draft.warn(f"{count} MA node{'s' if count > 1 else ''} ({', '.join(self_rephrases[:5])}{', ...' if count > 5 else ''}) "
                   f"rephrase{'' if count > 1 else 's'} an I node as itself; skipped")
    return draft.build(), draft.warnings


def _scheme_name(node: dict) -> str | None:
    """The argumentation scheme an S node names (AIFdb's `scheme`, else its text), unless it is a default one."""
    for key in ("scheme", "text"):
        name = node.get(key)
        if isinstance(name, str) and name.strip() and name.strip() not in DEFAULT_SCHEMES:
            return name.strip()
    return None


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


def write(graph, text: str | None = None, losses=None) -> str:
    """The graph as AIF JSON: I nodes, an RA or CA node per inference; a CA node aims at the S node it undercuts."""
    from argmap import model

    nodes: list[dict] = []
    edges: list[dict] = []

    def add_node(type: str, text: str, extension: dict) -> str:
        node_id = str(len(nodes) + 1)
        nodes.append({"nodeID": node_id, "text": text, "type": type, "argmap": extension})
        return node_id

    def add_edge(source: str, target: str) -> None:
        edges.append({"edgeID": str(len(edges) + 1), "fromID": source, "toID": target, "formEdgeID": None})

    node_of = {
        id: add_node("I", graph.nodes[id]["text"], {"id": id, **{key: graph.nodes[id].get(key) for key in STATEMENT_KEYS}})
        for id in model.statements(graph)
    }
    for inference in model.inferences(graph):
        scheme = "RA" if inference.relation == "support" else "CA"
        node_of[inference.id] = add_node(scheme, inference.title or SCHEME_TEXT[scheme], {
            "title": inference.title, "line": inference.line, "col": inference.col,
        })
    for inference in model.inferences(graph):
        for premise in inference.premises:
            add_edge(node_of[premise], node_of[inference.id])
        add_edge(node_of[inference.id], node_of[inference.target])
    meta = {key: graph.graph.get(key) for key in ("source", "sha256", "title")}
    document = {
        "nodes": nodes, "edges": edges, "locutions": [], "participants": [],
        "argmap": {"version": 2, **meta, "text": text},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
