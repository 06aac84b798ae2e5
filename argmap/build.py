"""An annotated document -> its map: statements from spans, inferences from the relations on them.

docs/annotation.md says what the marks mean; `build_graph` turns the spans
`argmap.syntax` parsed into the graph of docs/map-format.md through
`argmap.model`, and reports every error it finds at once.
"""

from __future__ import annotations

import networkx as nx

from argmap.errors import ArgmapError, Diagnostic
from argmap.model import generated_id, inference_problem, new_graph
from argmap.syntax import Document, Span
from argmap.naming import Names, did_you_mean, shorten, slug


def build_graph(document: Document, digest: str) -> nx.DiGraph:
    """A parsed document -> its graph; raise ArgmapError listing every error found."""
    graph = new_graph(document.path, digest, document.metadata.get("title"))
    errors: list[Diagnostic] = []
    statements = _merge_restatements(document, errors)
    # The graph's own dicts, filled as add_node would fill a new graph's: a call per node cost more than the rest.
    nodes, succ, pred = graph._node, graph._succ, graph._pred
    for id, (spans, kind, label, weight) in statements.items():
        first = spans[0]
        written = [span for span in spans if span.start is not None]
        nodes[id] = {
            "type": "statement",
            "kind": kind or "claim",
            "label": label or shorten(first.text),
            "text": first.text,
            "implicit": not written,  # declared in the front matter and never written in the essay
            "section": document.section_at(written[0].start) if written else None,
            "weight": weight,
            "line": first.line,
            "col": first.col,
            "spans": [_span_record(span) for span in written],
        }
        succ[id], pred[id] = {}, {}
    written = sorted(
        ((id, relation) for id, (spans, *_) in statements.items() for span in spans for relation in span.relations),
        key=lambda item: (item[1].line, item[1].col),
    )
    _add_written_inferences(graph, document, written, errors)
    if errors:
        raise ArgmapError(sorted(set(errors), key=lambda d: (d.line or 0, d.col or 0, d.message)))
    return graph


def _add_written_inferences(graph, document: Document, written: list, errors: list[Diagnostic]) -> None:
    """Gather the relations written on spans into inferences (docs/annotation.md) and add them.

    Relations with one `@name`, or into one target with one relation and
    `&group`, are one inference; any other relation is an inference of its
    own premise. A target is a statement (`+id`, `-id`), a named inference
    (`-@name`) or the one inference from a premise into a statement
    (`_premise>id`).
    """
    names_of_group: dict[tuple, str] = {}
    for _, relation in written:
        if relation.name and relation.link:
            names_of_group.setdefault(_aim(relation) + (relation.link,), relation.name)
    # One spec per inference, in written order; each spec carries what the steps below find
    # out about it (no side tables keyed by tuples: at 10^5 statements their lookups were a third of the build).
    specs: dict[tuple, dict] = {}
    for premise, relation in written:
        aim = _aim(relation)
        name = relation.name or (names_of_group.get(aim + (relation.link,)) if relation.link else None)
        key = ("name", name) if name else aim + ((relation.link,) if relation.link else ("", premise))
        spec = specs.get(key)
        if spec is None:
            specs[key] = {"key": key, "aim": aim, "premises": [premise], "name": name, "relation": relation, "done": False, "id": None}
        elif spec["aim"] != aim:
            errors.append(_located(document, relation, f"inference '@{name}' is written with two targets or relations; one name is one inference"))
        elif premise not in spec["premises"]:
            spec["premises"].append(premise)
    named = {spec["name"]: spec for spec in specs.values() if spec["name"]}
    for name, (title, line, col) in document.inference_titles.items():
        if name not in named:
            errors.append(Diagnostic(f"title for unknown inference '@{name}'{did_you_mean(name, named)}", document.path, line, col))

    # Until the inferences are added at the end, the graph's nodes are the statements.
    nodes = graph._node
    steps_into: dict[tuple, list] = {}  # (target, premise) -> the specs of the inferences into that statement

    def target_of(spec: dict) -> str | None:
        relation, kind = spec["relation"], spec["aim"][0]
        if kind == "statement":
            if relation.target in nodes:
                return relation.target
            return fail(relation, f"unknown statement '{relation.target}'{did_you_mean(relation.target, nodes)}")
        if kind == "inference":
            if relation.target in named:
                return named[relation.target]["id"]  # done already: None if it failed
            if relation.target in nodes:
                return fail(relation, f"'{relation.target}' is a statement, not an inference: attack it with -{relation.target}")
            return fail(relation, f"unknown inference '@{relation.target}'{did_you_mean(relation.target, named)}: name one with @name on its relation")
        premise, target = relation.premise, relation.target
        if premise not in nodes:
            return fail(relation, f"unknown statement '{premise}'{did_you_mean(premise, nodes)}")
        if target not in nodes:
            return fail(relation, f"unknown statement '{target}'{did_you_mean(target, nodes)}")
        if not steps_into:  # indexed once, at the first undercut: a scan of every inference per undercut was quadratic
            for other in specs.values():
                if other["aim"][0] == "statement":
                    for each in other["premises"]:
                        steps_into.setdefault((other["aim"][1], each), []).append(other)
        steps = steps_into.get((target, premise), [])
        if not steps:
            return fail(relation, f"'{spec['premises'][0]}' undercuts the link from '{premise}' to '{target}', but '{premise}' neither supports nor attacks '{target}'")
        if len(steps) > 1:
            return fail(relation, f"'{premise}' reaches '{target}' through {len(steps)} inferences; name the one you mean (+{target}@name) and attack it with -@name")
        return steps[0]["id"]

    def fail(relation, message: str) -> None:
        errors.append(_located(document, relation, message))

    # Ids first, inferences into statements before the undercuts aimed at them; then every
    # node and edge at once, in written order.
    planned: set[str] = set()  # inference ids about to be added
    pending = [spec for spec in specs.values() if spec["aim"][0] == "statement"]
    pending += [spec for spec in specs.values() if spec["aim"][0] != "statement"]
    while pending:
        waiting = []
        for spec in pending:
            relation = spec["relation"]
            if spec["aim"][0] == "inference" and relation.target in named and not named[relation.target]["done"]:
                waiting.append(spec)  # aimed at a named inference without an id yet
                continue
            spec["done"] = True
            target = target_of(spec)
            if target is None:
                continue
            kind = "support" if relation.relation == "support" else "attack"
            problem = inference_problem(graph, kind, spec["premises"], target, spec["name"], planned)
            if problem:
                fail(relation, problem)
                continue
            id = spec["name"] or generated_id(nodes, spec["premises"], target, planned)
            planned.add(id)
            spec["id"], spec["kind"], spec["target"] = id, kind, target
        if len(waiting) == len(pending):
            for spec in waiting:
                fail(spec["relation"], f"inference '@{spec['name'] or spec['key']}' is part of a cycle of undercuts that aims at itself")
            break
        pending = waiting
    added = [spec for spec in specs.values() if spec["id"]]
    succ, pred = graph._succ, graph._pred  # filled as add_nodes_from and add_edges_from would
    titles = document.inference_titles
    for spec in added:
        relation, name = spec["relation"], spec["name"]
        nodes[spec["id"]] = {
            "type": "inference", "relation": spec["kind"], "title": titles[name][0] if name in titles else None,
            "line": relation.line, "col": relation.col,
        }
        succ[spec["id"]], pred[spec["id"]] = {}, {}
    # Every edge of a role shares one attribute dict (read-only, see docs/map-format.md): a dict
    # per edge was a seventh of the map's memory.
    premise_edge, conclusion_edge = {"role": "premise"}, {"role": "conclusion"}
    for spec in added:
        id, target = spec["id"], spec["target"]
        for premise in spec["premises"]:
            succ[premise][id] = pred[id][premise] = premise_edge
        succ[id][target] = pred[target][id] = conclusion_edge


def _aim(relation) -> tuple:
    """What a written relation aims at: ('statement', id), ('inference', name) or ('step', premise, id)."""
    if relation.relation == "undercut":
        return ("step", relation.premise, relation.target, "attack")
    kind = "inference" if relation.on_inference else "statement"
    return (kind, relation.target, relation.relation)


def _located(document: Document, relation, message: str) -> Diagnostic:
    return Diagnostic(message, document.path, relation.line, relation.col)


def _span_record(span: Span) -> dict:
    return {
        "start": span.start, "end": span.end,
        "line": span.line, "col": span.col,
        "end_line": span.end_line, "end_col": span.end_col,
    }


def _merge_restatements(document: Document, errors: list[Diagnostic]) -> dict:
    """Group spans by id (naming unnamed ones) and reconcile kind, label and weight."""
    taken = Names(span.id for span in document.spans if span.id)
    statements: dict[str, list] = {}  # id -> [spans, kind, label, weight]
    for span in document.spans:
        if span.id is None:
            span.id = slug(span.label or span.text, taken)
        entry = statements.get(span.id)
        if entry is None:
            statements[span.id] = [[span], span.kind, span.label, span.weight]
            continue
        spans, kind, label, weight = entry
        for name, old, new in (("kind", kind, span.kind), ("label", label, span.label), ("weight", weight, span.weight)):
            if old is not None and new is not None and old != new:
                errors.append(Diagnostic(
                    f"statement '{span.id}' has {name} '{new}' here but '{old}' at {spans[0].line}:{spans[0].col}",
                    document.path, span.attrs_line, span.attrs_col,
                ))
        spans.append(span)
        entry[1:] = kind or span.kind, label or span.label, weight if weight is not None else span.weight
    return statements
