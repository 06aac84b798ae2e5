"""Write a map back as argmap's own annotated essay (docs/annotation.md).

This is what makes a brat or AIF document something a person can keep
editing: the plain text gets `[...]{#id .kind +target}` marks around every
span, the prose is escaped so that stripping the marks gives the text back
byte for byte, and statements with no place in the text (implicit ones, or
those of a format without source text) go to the front matter.
"""

from __future__ import annotations

import re

from argmap.errors import ArgmapError, Diagnostic
from argmap.escape import annotated_quoted, annotated_text
from argmap.syntax import is_id, opens_front_matter
from argmap.naming import Names, shorten, slug

_SPACES = re.compile(r"\s+")


def write(graph, text: str | None, losses=None) -> str:
    """The annotated essay: `text` with every span marked, spanless statements in front matter."""
    from argmap.model import statements

    text = text or ""
    nodes = statements(graph)
    names = _valid_names(nodes)
    relations, titles = _relations(graph, names)

    def attributes(node: str, written: str) -> str:
        data = graph.nodes[node]
        parts = [f"#{names[node]}", f".{data['kind']}", *relations[node]]
        label = _SPACES.sub(" ", data["label"]).strip()  # a label is one line; a blank one is no label
        if label and label != shorten(written):
            parts.append("label=" + annotated_quoted(label))
        if data.get("weight") is not None:
            parts.append(f"weight={data['weight']!r}")
        return "{" + " ".join(parts) + "}"

    front = []
    if graph.graph.get("title"):
        front.append(f"title: {_SPACES.sub(' ', graph.graph['title']).strip()}")
    front += titles
    events: list[tuple[int, int, int, str]] = []  # (offset, order, tiebreak, markup)
    for node in nodes:
        data = graph.nodes[node]
        spans = data["spans"]
        if not spans:
            # a declaration needs words: an empty statement (a microtext's empty segment) is declared by its label or id
            declared = next((flat for flat in (_SPACES.sub(" ", value).strip() for value in (data["text"], data["label"], node)) if flat), "statement")
            front.append(f"[{annotated_text(declared)}]{attributes(node, declared)}")
            continue
        for index, span in enumerate(spans):
            if not 0 <= span["start"] <= span["end"] <= len(text):
                raise ArgmapError(Diagnostic(f"statement '{node}' has a span outside the essay text", graph.graph.get("source")))
            closing = attributes(node, text[span["start"]:span["end"]]) if index == 0 else "{#" + names[node] + "}"
            length = span["end"] - span["start"]
            # At one offset: closings first (inner ones first), then empty spans whole, then openings (outer ones first).
            if length == 0:
                events.append((span["start"], 1, 0, "[]" + closing))
                continue
            events.append((span["start"], 2, -length, "["))
            events.append((span["end"], 0, length, "]" + closing))
    events.sort(key=lambda event: (event[0], event[1], event[2]))
    _check_nesting(graph, nodes)

    pieces, position = [], 0
    for offset, _, _, markup in events:
        pieces.append(annotated_text(text[position:offset]))
        pieces.append(markup)
        position = offset
    pieces.append(annotated_text(text[position:]))
    body = "".join(pieces)
    if front or opens_front_matter(body):
        return "---\n" + "".join(line + "\n" for line in front) + "---\n" + body
    return body


def _check_nesting(graph, nodes) -> None:
    """Refuse spans that cross: the annotation language nests spans, it cannot interleave them."""
    open_spans: list[tuple[int, int]] = []
    spans = sorted(
        ((span["start"], span["end"], node) for node in nodes for span in graph.nodes[node]["spans"]),
        key=lambda item: (item[0], -item[1]),
    )
    for start, end, node in spans:
        while open_spans and open_spans[-1][1] <= start:
            open_spans.pop()
        if open_spans and end > open_spans[-1][1]:
            raise ArgmapError(Diagnostic(
                f"statement '{node}' has a span ({start}-{end}) that crosses another ({open_spans[-1][0]}-{open_spans[-1][1]}); "
                "annotated text can nest spans but not interleave them",
                graph.graph.get("source"),
            ))
        open_spans.append((start, end))


def _relations(graph, names: dict[str, str]) -> tuple[dict[str, list[str]], list[str]]:
    """The relation marks each statement carries, and the front-matter lines titling inferences.

    Most inferences need no name: `+t`, `-t`, `+t&g` for linked premises,
    and `_p>t` for an attack on the one inference from p into t. An
    inference gets an `@name` when it has a title, when it repeats another
    unnamed inference, or when an attack aims at it and no `_p>t` can
    single it out; attacks on it are then written `-@name`.
    """
    from argmap.model import inferences

    found = inferences(graph)
    by_id = {inference.id: inference for inference in found}
    into: dict[tuple, int] = {}
    for inference in found:
        for premise in inference.premises:
            into[(premise, inference.target)] = into.get((premise, inference.target), 0) + 1

    def step_premise(inference) -> str | None:
        if inference.target in by_id:
            return None
        return next((p for p in inference.premises if into[(p, inference.target)] == 1), None)

    attacked = {inference.target for inference in found}
    taken = set(names.values())
    name: dict[str, str] = {}
    plain: set[tuple] = set()
    for inference in found:
        key = (inference.relation, inference.target, inference.premises) if len(inference.premises) == 1 else None
        if inference.title or key in plain or (inference.id in attacked and step_premise(inference) is None):
            what = "undercut" if inference.target in by_id else inference.relation
            name[inference.id] = inference.id if is_id(inference.id) and inference.id not in taken else slug(inference.title or f"{names[inference.premises[0]]} {what}", taken)
            taken.add(name[inference.id])
        elif key:
            plain.add(key)
    relations: dict[str, list[str]] = {node: [] for node in names}
    groups = 0
    for inference in found:
        aimed = by_id.get(inference.target)
        if aimed is None:
            mark = ("+" if inference.relation == "support" else "-") + names[inference.target]
        elif aimed.id in name:
            mark = f"-@{name[aimed.id]}"
        else:
            mark = f"_{names[step_premise(aimed)]}>{names[aimed.target]}"
        if inference.id in name:
            mark += f"@{name[inference.id]}"
        elif len(inference.premises) > 1:
            groups += 1
            mark += f"&g{groups}"
        for premise in inference.premises:
            relations[premise].append(mark)
    titles = [f"@{name[i.id]}: {_SPACES.sub(' ', i.title).strip()}" for i in found if i.title]
    return relations, titles


def _valid_names(names) -> dict[str, str]:
    """Each name as itself when the annotation language accepts it as an id, else a slug of it."""
    taken = Names(name for name in names if is_id(name))
    return {name: name if is_id(name) else slug(name, taken) for name in names}
