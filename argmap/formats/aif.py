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
from dataclasses import dataclass

from argmap import jsondata
from argmap.errors import ArgmapError, Diagnostic
from argmap.formats.common import Draft
from argmap.naming import Names, slug

RELATION_OF_SCHEME = {"RA": "support", "CA": "attack", "MA": "support"}
DIALOGUE_TYPES = ("L", "YA", "TA")
SCHEME_TEXT = {"RA": "Default Inference", "CA": "Default Conflict"}
DEFAULT_SCHEMES = {"Default Inference", "Default Conflict", "Default Rephrase", "RA", "CA", "MA", "Default Transition", "Default Illocuting"}
STATEMENT_KEYS = ("kind", "label", "spans", "implicit", "section", "weight", "line", "col")


def read(path: str):
    from argmap import model
    from argmap.pipeline import Build, read_bytes

    data = read_bytes(path)
    root, warnings = jsondata.load(data, path)
    graph, parse_warnings = parse(root, path, model.sha256(data))
    return Build(graph, warnings + parse_warnings + model.check(graph))


def plain_text(path: str) -> str | None:
    """The essay text an argmap-written AIF file carries; None if it has none."""
    from argmap.pipeline import read_bytes

    root, _ = jsondata.load(read_bytes(path), path)
    return validated(root, path).text


@dataclass
class Node:
    type: str
    text: str
    scheme: str | None  # AIFdb's scheme name of an S node
    own: dict  # the `argmap` extension, checked


@dataclass
class Document:
    """An AIF file whose every field the reader uses has the type it expects."""

    nodes: dict[str, Node]
    edges: list[tuple[int, str, str]]  # (index, from, to), ids as strings
    people: dict[str, str]  # participantID -> name
    speaker_of_locution: dict[str, str]  # L nodeID -> participantID
    title: str | None
    text: str | None


def validated(root, path: str) -> Document:
    """The AIF document in `root` (decoded JSON), every field type-checked; ArgmapError names the first problem and counts the rest.

    AIF ids may be strings or integers (xAIF); both become strings. Text may
    be missing (empty). What the reader does not use is not checked.
    """

    if not isinstance(root, dict):
        raise ArgmapError(Diagnostic("not AIF: expected a JSON object with 'nodes' and 'edges'", path))
    problems: list[str] = []
    extension = root.get("argmap")
    if extension is None:
        extension = {}
    elif not isinstance(extension, dict):
        problems.append(f"'argmap' is {short(extension)}, expected an object")
        extension = {}
    for key in ("title", "text"):
        if extension.get(key) is not None and not isinstance(extension[key], str):
            problems.append(f"argmap.{key} {short(extension[key])} is not a string or null")
    aif = next((root[key] for key in ("AIF", "aif") if isinstance(root.get(key), dict)), root)
    nodes, edges = aif.get("nodes"), aif.get("edges")
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise ArgmapError(Diagnostic("not AIF: 'nodes' and 'edges' must be lists", path))

    def identifier(value, what: str) -> str | None:
        if isinstance(value, str) or is_int(value):
            return str(value)
        problems.append(f"{what} is {short(value)}, expected a string or an integer")
        return None

    document = Document({}, [], {}, {}, None, None)
    for index, node in enumerate(nodes):
        if not isinstance(node, dict):
            problems.append(f"node {index} is {short(node)}, expected an object")
            continue
        node_id = identifier(node.get("nodeID"), f"node {index}'s nodeID")
        where = f"node {short(node_id)}" if node_id is not None else f"node {index}"
        type, text, own = node.get("type"), node.get("text", ""), node.get("argmap")
        if not isinstance(type, str):
            problems.append(f"{where}'s type is {short(type)}, expected a string such as I, RA or CA")
        if text is None:
            text = ""
        elif not isinstance(text, str):
            problems.append(f"{where}'s text is {short(text)}, expected a string")
        if own is None:
            own = {}
        elif not isinstance(own, dict):
            problems.append(f"{where}'s argmap is {short(own)}, expected an object")
            own = {}
        if node_id is None or not isinstance(type, str) or not isinstance(text, str):
            continue
        wrong = _extension_problem(node_id, own, type, text)
        if wrong:
            problems.append(f"{where}'s argmap: {wrong}")
            continue
        if node_id in document.nodes:
            problems.append(f"{where} appears twice")
        scheme = node.get("scheme")
        document.nodes[node_id] = Node(type, text, scheme if isinstance(scheme, str) else None, own)
    for index, edge in enumerate(edges):
        if not isinstance(edge, dict):
            problems.append(f"edge {index} is {short(edge)}, expected an object")
            continue
        ends = [identifier(edge.get(key), f"edge {index}'s {key}") for key in ("fromID", "toID")]
        if None not in ends:
            document.edges.append((index, ends[0], ends[1]))
    for key, records in (("participants", "participantID"), ("locutions", "nodeID")):
        listed = aif.get(key)
        if listed is None:
            continue
        if not isinstance(listed, list):
            problems.append(f"'{key}' is {short(listed)}, expected a list")
            continue
        for index, record in enumerate(listed):
            where = f"{key} entry {index}"
            if not isinstance(record, dict):
                problems.append(f"{where} is {short(record)}, expected an object")
                continue
            if key == "participants":
                person = identifier(record.get("participantID"), f"{where}'s participantID")
                names = [record.get(part) for part in ("firstname", "surname")]
                bad = [name for name in names if name is not None and not isinstance(name, str)]
                problems += [f"{where} has name {short(name)}, expected a string" for name in bad]
                if person is not None and not bad:
                    document.people[person] = " ".join(filter(None, names))
            else:
                locution = identifier(record.get("nodeID"), f"{where}'s nodeID")
                person = identifier(record.get("personID"), f"{where}'s personID") if record.get("personID") is not None else None
                if locution is not None and person is not None:
                    document.speaker_of_locution[locution] = person
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise ArgmapError(Diagnostic(f"not valid AIF: {problems[0]}{more}", path))
    document.title, document.text = extension.get("title"), extension.get("text")
    return document


def _extension_problem(node_id: str, own: dict, type, text: str) -> str | None:
    """The first wrong field of a node's `argmap` extension, checked as a map file's fields are; None if all are right.

    Statement fields go on I nodes, inference fields (title, line, col) on S
    nodes. A null kind or label is absent: the reader infers the one, shortens the text for the other.
    """
    from argmap import mapfile

    def fail(message: str):
        raise ArgmapError(message)

    if "id" in own and not isinstance(own["id"], str):
        return f"id {short(own['id'])} is not a string"
    try:
        if type == "I":
            given = {key: own[key] for key in STATEMENT_KEYS if key in own and not (key in ("kind", "label") and own[key] is None)}
            mapfile.statement_fields({"id": node_id, "kind": "claim", "label": "", "text": text, **given}, fail)
        else:
            given = {key: own[key] for key in ("title", "line", "col") if key in own}
            mapfile.inference_fields({"id": node_id, "relation": "support", **given}, fail)
    except ArgmapError as err:
        return err.diagnostics[0].message
    return None


def is_int(value) -> bool:
    return type(value) is int


def short(value, limit: int = 40) -> str:
    """A value as Python-like text, cut so that a huge field gives a short message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse(root, path: str, digest: str):
    """AIF JSON data (already decoded) -> (graph, warnings)."""
    document = validated(root, path)
    draft = Draft(path, digest, document.title)
    by_id = document.nodes
    sources: dict[str, list[str]] = {id: [] for id in by_id}
    targets: dict[str, list[str]] = {id: [] for id in by_id}
    for index, source, target in document.edges:
        if source not in by_id or target not in by_id:
            draft.warn(f"AIF edge {index} joins unknown nodes {source!r} -> {target!r}; skipped")
            continue
        targets[source].append(target)
        sources[target].append(source)

    statement_of: dict[str, str] = {}
    taken = Names()
    for node_id, node in by_id.items():
        if node.type != "I":
            continue
        own = node.own
        id = own["id"] if isinstance(own.get("id"), str) and own["id"] not in taken else slug(node.text, taken)
        taken.add(id)
        statement_of[node_id] = id
        draft.statement(id, node.text, **{key: own[key] for key in STATEMENT_KEYS if key in own})
    _speakers(document, sources, targets, statement_of, draft)

    def statements(ids):
        return [statement_of[i] for i in ids if i in statement_of]

    ignored: dict[str, int] = {}
    self_rephrases: list[str] = []
    for node_id, node in by_id.items():
        scheme = node.type
        if scheme == "I" or scheme in DIALOGUE_TYPES:
            continue
        if scheme not in RELATION_OF_SCHEME:
            ignored[scheme] = ignored.get(scheme, 0) + 1
            continue
        own = node.own
        premises = statements(sources[node_id])
        conclusions = statements(targets[node_id])
        inferences = [t for t in targets[node_id] if by_id[t].type in RELATION_OF_SCHEME]
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
        draft.warn(f"{count} {scheme[:40]} node{'s' if count > 1 else ''} skipped: argmap reads I, RA, CA and MA nodes")
    if self_rephrases:
        count = len(self_rephrases)
        draft.warn(f"{count} MA node{'s' if count > 1 else ''} ({', '.join(self_rephrases[:5])}{', ...' if count > 5 else ''}) "
                   f"rephrase{'' if count > 1 else 's'} an I node as itself; skipped")
    return draft.build(), draft.warnings


def _scheme_name(node: Node) -> str | None:
    """The argumentation scheme an S node names (AIFdb's `scheme`, else its text), unless it is a default one."""
    for name in (node.scheme, node.text):
        if name and name.strip() and name.strip() not in DEFAULT_SCHEMES:
            return name.strip()
    return None


def _speakers(document: Document, sources, targets, statement_of, draft: Draft) -> None:
    """Record who asserted each I node: L node -> YA node -> I node, names from locutions/participants."""
    by_id = document.nodes
    for node_id, node in by_id.items():
        if node.type != "YA":
            continue
        for locution in sources[node_id]:
            if by_id[locution].type != "L":
                continue
            person = document.speaker_of_locution.get(locution)
            speaker = document.people.get(person) if person is not None else None
            speaker = speaker or _speaker_prefix(by_id[locution].text)
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
