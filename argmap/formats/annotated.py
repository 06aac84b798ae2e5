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
from argmap.syntax import escape, is_id, opens_front_matter, shorten, slug

_SPACES = re.compile(r"\s+")


def write(graph, text: str | None) -> str:
    """The annotated essay: `text` with every span marked, spanless statements in front matter."""
    text = text or ""
    names = _valid_names(graph.nodes)
    links = _valid_names(sorted({link for *_, link in graph.edges(data="link") if link is not None}))
    relations: dict[str, list[str]] = {node: [] for node in graph}
    for source, target, data in graph.edges(data=True):
        if data["relation"] == "undercut":
            relations[source] += [f"_{names[p]}>{names[target]}" for p in data["premises"]]
        else:
            sign = "+" if data["relation"] == "support" else "-"
            link = f"&{links[data['link']]}" if data["link"] is not None else ""
            relations[source].append(f"{sign}{names[target]}{link}")

    def attributes(node: str, written: str) -> str:
        data = graph.nodes[node]
        parts = [f"#{names[node]}", f".{data['kind']}", *relations[node]]
        if data["label"] != shorten(written):
            parts.append('label="' + data["label"].replace("\\", "\\\\").replace('"', '\\"') + '"')
        if data.get("weight") is not None:
            parts.append(f"weight={data['weight']!r}")
        return "{" + " ".join(parts) + "}"

    front = []
    if graph.graph.get("title"):
        front.append(f"title: {_SPACES.sub(' ', graph.graph['title']).strip()}")
    events: list[tuple[int, int, int, str]] = []  # (offset, order, tiebreak, markup)
    for node, data in graph.nodes(data=True):
        spans = data["spans"]
        if not spans:
            declared = _SPACES.sub(" ", data["text"]).strip() or data["label"]
            front.append(f"[{escape(declared)}]{attributes(node, declared)}")
            continue
        for index, span in enumerate(spans):
            if not 0 <= span["start"] <= span["end"] <= len(text):
                raise ArgmapError(Diagnostic(f"statement '{node}' has a span outside the essay text", graph.graph.get("source")))
            closing = attributes(node, text[span["start"]:span["end"]]) if index == 0 else "{#" + names[node] + "}"
            length = span["end"] - span["start"]
            # At one offset: closings first (inner ones first), then openings (outer ones first).
            events.append((span["start"], 1, -length, "["))
            events.append((span["end"], 0, length, "]" + closing))
    events.sort(key=lambda event: (event[0], event[1], event[2]))
    _check_nesting(graph)

    pieces, position = [], 0
    for offset, _, _, markup in events:
        pieces.append(escape(text[position:offset]))
        pieces.append(markup)
        position = offset
    pieces.append(escape(text[position:]))
    body = "".join(pieces)
    if front or opens_front_matter(body):
        return "---\n" + "".join(line + "\n" for line in front) + "---\n" + body
    return body


def _check_nesting(graph) -> None:
    """Refuse spans that cross: the annotation language nests spans, it cannot interleave them."""
    open_spans: list[tuple[int, int]] = []
    spans = sorted(
        ((span["start"], span["end"], node) for node, data in graph.nodes(data=True) for span in data["spans"]),
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


def _valid_names(names) -> dict[str, str]:
    """Each name as itself when the annotation language accepts it as an id, else a slug of it."""
    taken = {name for name in names if is_id(name)}
    return {name: name if is_id(name) else slug(name, taken) for name in names}
