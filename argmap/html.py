"""The reader page: one self-contained HTML file with the essay beside its map.

`page` puts together the essay's plain text (each span marked in its kind's
colour), the map drawn by Graphviz as inline SVG (plain, and shaded by the
evaluation in a template the page swaps in), what `query --claim` says about
every statement as JSON, and the hand-written script and stylesheet in
argmap/static/. Nothing is fetched: the page opens from file:// and its
Content-Security-Policy lets only its own inline script and style run.
`reader` finds the essay's text from the map's source; it is what
`render -f html` writes and what `argmap serve` rebuilds on every save.
"""

from __future__ import annotations

import base64
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib import resources

from argmap.errors import ArgmapError
from argmap.escape import html_text, script_json

# --- the parts of the page ----------------------------------------------------


@cache
def _static(name: str) -> str:
    return resources.files("argmap").joinpath("static", name).read_text(encoding="utf-8")


def _kind_colours() -> str:
    """CSS variables for each kind's colours, taken from the map's own styles."""
    from argmap.render import KIND_STYLES

    lines = []
    for kind, style in KIND_STYLES.items():
        # the thesis is drawn dark; in running text its fill is too heavy, so it gets a pale mix
        fill = style["fill"] if kind != "thesis" else "#d5dcea"
        lines.append(f"--{kind}-fill:{fill};--{kind}-line:{style['color']};")
    return ":root{" + "".join(lines) + "}\n"


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _inline_svg(svg: bytes) -> str:
    """Graphviz's SVG document as an element for HTML: no XML prolog, doctype or comments."""
    source = svg.decode("utf-8")
    start = source.index("<svg")
    body = source[start:]
    # Graphviz escapes '-' in the names it writes into comments, so the first '-->' ends each one
    pieces = []
    while "<!--" in body:
        before, _, rest = body.partition("<!--")
        pieces.append(before)
        body = rest.partition("-->")[2]
    pieces.append(body)
    return "".join(pieces).strip()


def _segments(essay: str, spans: list[tuple[int, int, int]]) -> str:
    """The essay as HTML, each stretch covered by spans marked with their statements.

    `spans` holds (start, end, statement index). A stretch lists the spans
    covering it innermost first, as `data-s`; its colour is the innermost's kind.
    """
    cuts = sorted({0, len(essay)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    starts: dict[int, list] = {}
    for start, end, index in spans:
        if start < end:
            starts.setdefault(start, []).append((start, end, index))
    active: list[tuple[int, int, int]] = []
    out = []
    for left, right in zip(cuts, cuts[1:]):
        active = [span for span in active if span[1] > left] + starts.get(left, [])
        piece = html_text(essay[left:right])
        if not active:
            out.append(piece)
            continue
        inner = sorted(active, key=lambda span: (span[1] - span[0], span[2]))
        names = " ".join(str(span[2]) for span in inner)
        nested = " nested" if len(inner) > 1 else ""
        out.append(f'<span class="seg{nested}" data-s="{names}">{piece}</span>')
    return "".join(out)


def _statements_only_text(entries: list[tuple[int, str]]) -> str:
    """Without the essay: each statement's own text, one paragraph each."""
    return "".join(
        f'<p><span class="seg" data-s="{index}">{html_text(words)}</span></p>' for index, words in entries
    )


def _tree(entries: list[dict]) -> list[dict]:
    """A support or attack tree from `query.describe`, without the labels the page already has."""
    kept = []
    for entry in entries:
        item = {key: entry[key] for key in ("id", "relation", "link", "step", "cycle", "repeated", "deeper") if entry.get(key) is not None}
        if "supports" in entry:
            item["supports"] = _tree(entry["supports"])
            item["attacks"] = _tree(entry["attacks"])
        kept.append(item)
    return kept


def map_data(graph, result: dict, settings: dict | None = None) -> dict:
    """What the page's script knows: every statement with what `query --claim` says about it.

    `result` is `evaluation.evaluate(graph, **settings)`.
    """
    from argmap import evaluation, query

    rows = {row["id"]: row for row in result["statements"]}
    mode = {"mode": settings["mode"]} if settings and "mode" in settings else {}
    why = evaluation.explain_all(graph, list(rows), **mode)
    descriptions = query.describe_all(graph, list(rows))
    statements = []
    for index, node in enumerate(rows):
        description = descriptions[node]
        row = rows[node]
        statements.append({
            "id": node, "el": element_id(index),
            **{key: description[key] for key in ("kind", "label", "text", "section", "implicit", "weight", "line", "col")},
            "spans": [[span["start"], span["end"]] for span in description["spans"] if span.get("start") is not None],
            "status": row["status"], "strength": row["strength"], "base": row.get("base"),
            "why": why[node],
            "supports": _tree(description["supports"]), "attacks": _tree(description["attacks"]),
            "leads_to": [[[step["id"], step["relation"]] for step in chain] for chain in description["leads_to"]],
            "leads_to_truncated": description["leads_to_truncated"],
        })
    return {
        "title": graph.graph.get("title"),
        "evaluation": {key: result[key] for key in ("semantics", "framework", "gradual", "notes")},
        "statements": statements,
    }


def element_id(index: int) -> str:
    """The SVG element id of the statement at `index` in graph order."""
    return f"st{index}"


def page(graph, essay: str | None, settings: dict | None = None, *, evaluated: bool = False,
         live: dict | None = None, missing: str | None = None, clusters: bool | None = None) -> str:
    """The reader page for `graph`, whose spans point into `essay` (None: show the map alone).

    `evaluated` opens it with the evaluation shown; `live` (set by `argmap
    serve`) makes it follow the server's updates; `missing` says why there
    is no essay text; `clusters` boxes the map's sections (None: as `render.boxes_sections` decides).
    """
    from argmap import evaluation
    from argmap.draw import draw_dot
    from argmap.render import shading, to_dot

    result = evaluation.evaluate(graph, **(settings or {}))
    rows = result["statements"]
    ids = {row["id"]: element_id(index) for index, row in enumerate(rows)}
    sources = [to_dot(graph, element_ids=ids, clusters=clusters), to_dot(graph, element_ids=ids, clusters=clusters, **shading(rows))]
    # Graphviz draws both maps in two processes while this one gathers the statements' data
    with ThreadPoolExecutor(2) as pool:
        drawn = pool.map(lambda source: draw_dot(source, "svg"), sources)
        data = map_data(graph, result, settings)
        plain, shaded = (_inline_svg(svg) for svg in drawn)
    data["evaluated"] = evaluated
    data["live"] = live
    data["has_text"] = essay is not None

    if essay is not None:
        spans = [(start, end, index) for index, row in enumerate(data["statements"]) for start, end in row["spans"]]
        if any(end > len(essay) for _, end, _ in spans):
            raise ArgmapError("the map's spans reach past the end of its essay; rebuild the map")
        body = _segments(essay, spans)
        note = ""
    else:
        body = _statements_only_text([(index, row["text"] or row["label"] or row["id"]) for index, row in enumerate(data["statements"])])
        reason = missing or "the map was not built from an essay argmap can read"
        note = f'<p class="note">The essay\'s text is not available ({html_text(reason)}): each statement\'s own text is shown instead.</p>'
    for row in data["statements"]:  # the page has the spans in the essay's markup already
        row.pop("spans")

    script = _static("reader.js")
    style = _kind_colours() + _static("reader.css")
    csp = (f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
           "connect-src 'self'; base-uri 'none'; form-action 'none'")
    title = graph.graph.get("title") or os.path.basename(graph.graph.get("source") or "") or "Argument map"
    shown, hidden = (shaded, plain) if evaluated else (plain, shaded)
    checked = " checked" if evaluated else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="argmap">
<title>{html_text(title)}</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>{html_text(title)}</h1>
<div class="tools">
<input type="search" id="search" placeholder="Search statements" aria-label="Search statements" autocomplete="off">
<span id="search-count" aria-live="polite"></span>
<label class="switch"><input type="checkbox" id="evaluation"{checked}> Evaluation</label>
<span class="zoom" role="group" aria-label="Zoom"><button type="button" id="zoom-in" title="Zoom in (+)">+</button><button type="button" id="zoom-out" title="Zoom out (-)">&minus;</button><button type="button" id="zoom-fit" title="Show the whole map (0)">Fit</button></span>
</div>
</header>
<main>
<section id="essay" aria-label="Essay">{note}<div id="essay-text">{body}</div></section>
<section id="map-column">
<div id="errors" role="alert" hidden></div>
<div id="map" aria-label="Argument map">{shown}</div>
<aside id="panel" aria-live="polite"><p class="hint">Select a statement on the map or in the essay (Tab moves through the statements, Enter selects, Esc clears).</p></aside>
</section>
</main>
<template id="other-map">{hidden}</template>
<script type="application/json" id="argmap-data">{script_json(data)}</script>
<script>{script}</script>
</body>
</html>
"""


def reader(graph, settings: dict | None = None, *, evaluated: bool = False, live: dict | None = None,
           clusters: bool | None = None) -> str:
    """The reader page of `graph`, with its essay's text when the source can still be read."""
    from argmap import formats

    try:
        essay = formats.source_text(graph)
        missing = None if essay is not None else "no essay text to read"
    except ArgmapError as err:
        essay, missing = None, err.diagnostics[0].message
    return page(graph, essay, settings, evaluated=evaluated, live=live, missing=missing, clusters=clusters)
