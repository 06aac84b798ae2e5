"""Draw an argument graph with Graphviz.

`to_dot` turns the graph (schema in docs/map-format.md) into DOT source and
needs nothing but the standard library, so `--format dot` works without
Graphviz; `render` pipes that source through the `dot` program
(`argmap.draw`) for SVG, PNG and PDF. Premises point at what they support or attack and the layout runs
bottom to top, so the thesis is at the top of the page.

Essay text reaches three languages here: DOT quoted strings (ids, tooltips),
Graphviz HTML-like labels (everything drawn) and, through those, SVG; each
is escaped by its function in `argmap.escape`.
"""

from __future__ import annotations


from argmap.errors import ArgmapError
from argmap.escape import LABEL_LIMIT, DotHtml, dot_html, dot_html_label, dot_id, dot_value, shortened

FORMATS = ("svg", "png", "pdf", "dot")

FONT = "Helvetica"
WRAP_WIDTH = 24

# Per kind: shape, extra style, border colour, fill, deep fill (strength 1
# when shading by strength), font colour. Shape and colour both differ so a
# black-and-white print still tells the kinds apart.
KIND_STYLES = {
    "thesis": {
        "shape": "box", "style": "filled,bold", "color": "#0b1a2e",
        "fill": "#1d3557", "deep": "#1d3557", "font": "#ffffff",
        "peripheries": 2, "fontsize": 13,
    },
    "claim": {
        "shape": "box", "style": "filled,rounded", "color": "#3a6ea5",
        "fill": "#dceaf7", "deep": "#3a6ea5", "font": "#111111",
        "peripheries": 1, "fontsize": 11,
    },
    "evidence": {
        "shape": "note", "style": "filled", "color": "#a87b00",
        "fill": "#fff3c4", "deep": "#d9a400", "font": "#111111",
        "peripheries": 1, "fontsize": 11,
    },
    "rebuttal": {
        "shape": "box", "style": "filled,diagonals", "color": "#b23a3a",
        "fill": "#fbe0dd", "deep": "#c94444", "font": "#111111",
        "peripheries": 1, "fontsize": 11,
    },
}

RELATION_STYLES = {
    "support": {"color": "#2e7d32", "style": "solid", "arrowhead": "normal", "arrowsize": 0.8},
    "attack": {"color": "#c62828", "style": "dashed", "arrowhead": "tee", "arrowsize": 1.2},
    "undercut": {"color": "#c62828", "style": "dashed", "arrowhead": "tee", "arrowsize": 1.2},
}

VERDICTS = {
    "in": ("IN", "#2e7d32"),
    "out": ("OUT", "#c62828"),
    "undec": ("UNDEC", "#757575"),
}

def wrap_lines(text: str, width: int = WRAP_WIDTH) -> list[str]:
    """Break `text` at word boundaries into lines of about `width` characters (runs of whitespace as one space).

    Greedy, the lines textwrap.wrap(text, width, break_on_hyphens=False) gives
    (a test holds them equal) at a third of its cost, which was a fifth of
    writing the DOT of a big map: a word that does not fit opens the next
    line; one longer than a line fills the rest of the current line and runs on.
    """
    words = str(text).split()
    single = " ".join(words)
    if len(single) <= width:
        return [single]
    pending = [" "] * (2 * len(words) - 1)  # the words and the spaces between them, last first
    pending[::2] = reversed(words)
    lines: list[str] = []
    while pending:
        if lines and pending[-1] == " ":  # a line does not open with the space between two words
            pending.pop()
        line, size = [], 0
        while pending and size + len(pending[-1]) <= width:
            size += len(pending[-1])
            line.append(pending.pop())
        if pending and len(pending[-1]) > width:  # a word longer than a line: as much of it as fits here
            room = width - size
            line.append(pending[-1][:room])
            pending[-1] = pending[-1][room:]
        if line and not line[-1].strip():  # nor closes with one (or with an empty piece of a long word)
            line.pop()
        if line:
            lines.append("".join(line))
    return lines


def _attrs(pairs: dict) -> str:
    """DOT attribute list: labels we built as HTML-like labels, every other value quoted and escaped."""
    return "[" + ", ".join(f"{key}={dot_value(value)}" for key, value in pairs.items()) + "]"


# --- colours ----------------------------------------------------------------


def _mix(colour: str, amount: float) -> str:
    """`colour` blended with white: amount 0 is white, 1 is the colour."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 + (c - 255) * amount) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _is_dark(colour: str) -> bool:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue < 0.55


def _strength_fill(kind_style: dict, strength: float) -> str:
    """Fill for a statement of this strength: pale when weak, deep when strong."""
    strength = min(1.0, max(0.0, float(strength)))
    return _mix(kind_style["deep"], 0.08 + 0.82 * strength)


# --- DOT --------------------------------------------------------------------


def _node_label(node: str, data: dict, style: dict, font: str,
                strength: float | None, verdict: str | None) -> DotHtml:
    """HTML-like label: wrapped short title, then the evaluation badge."""
    text = "<BR/>".join(dot_html(line) for line in wrap_lines(shortened(data.get("label") or node, LABEL_LIMIT)))
    if data.get("kind") == "thesis":
        text = f"<B>{text}</B>"
    if data.get("implicit"):
        text = f"<I>{text}</I>"
    rows = [f'<TR><TD><FONT COLOR="{font}" POINT-SIZE="{style["fontsize"]}">{text}</FONT></TD></TR>']
    if strength is not None or verdict is not None:
        rows.append(f"<TR><TD>{_badge(strength, verdict, font)}</TD></TR>")
    return dot_html_label(
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
        + "".join(rows)
        + "</TABLE>"
    )


def _badge(strength: float | None, verdict: str | None, font: str) -> str:
    """A small IN/OUT/UNDEC tag and the strength figure, centred.

    The tag cell has a fixed size and spacer cells take up the slack, or
    Graphviz would stretch the tag across the whole node.
    """
    cells = ["<TD></TD>"]
    if verdict is not None:
        word, colour = VERDICTS[verdict]
        cells.append(
            f'<TD BGCOLOR="{colour}" FIXEDSIZE="TRUE" WIDTH="38" HEIGHT="12">'
            f'<FONT COLOR="#ffffff" POINT-SIZE="8"><B>{word}</B></FONT></TD>'
        )
    if strength is not None:
        cells.append(f'<TD ALIGN="LEFT"><FONT COLOR="{font}" POINT-SIZE="8"> {float(strength):.2f}</FONT></TD>')
    cells.append("<TD></TD>")
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
        + "".join(cells)
        + "</TR></TABLE>"
    )


def _node_attrs(node: str, data: dict, *, focused: bool,
                strength: float | None, verdict: str | None) -> dict:
    kind = data.get("kind", "claim")
    style = KIND_STYLES.get(kind, KIND_STYLES["claim"])
    fill = style["fill"] if strength is None else _strength_fill(style, strength)
    font = "#ffffff" if _is_dark(fill) else "#111111"
    styles = style["style"].split(",")
    if data.get("implicit"):
        styles.append("dashed")
    tooltip = data.get("text") or data.get("label") or node
    if data.get("implicit"):
        tooltip = f"(implicit) {tooltip}"
    attrs = {
        "label": _node_label(node, data, style, font, strength, verdict),
        "shape": style["shape"],
        "style": ",".join(styles),
        "color": style["color"],
        "fillcolor": fill,
        "peripheries": style["peripheries"],
        "tooltip": f"{node}: {tooltip}",
    }
    if focused:
        attrs["penwidth"] = 3.5
    return attrs


def _junctions(graph, found: list) -> dict:
    """Which inferences are drawn through a junction point, and its DOT id.

    Only where a junction carries meaning: linked premises meet at one, and
    an inference that is attacked needs a point for the attack to end at.
    Any other inference is a plain arrow. Junctions are numbered linked ones
    first, in the order premises are listed, then attacked ones.
    """
    attacked = {inference.target for inference in found}
    junction_of: dict[str, str] = {}
    for inference in found:
        if len(inference.premises) > 1:
            junction_of[inference.id] = f"junction {len(junction_of) + 1}"
    for inference in found:
        if inference.id in attacked and inference.id not in junction_of:
            junction_of[inference.id] = f"junction {len(junction_of) + 1}"
    return {id: junction_of[id] for id in sorted(junction_of, key=lambda id: int(junction_of[id].split()[1]))}


def _statement_end(by_id: dict, inference) -> str:
    """The statement an inference ends at, through the inferences an undercut aims at."""
    while inference.target in by_id:
        inference = by_id[inference.target]
    return inference.target


def _inference_words(graph, inference, kind: str) -> str:
    """'a, b support t': a junction's tooltip."""
    return f"{', '.join(inference.premises)} {kind} {inference.target}"


def _edge_attrs(relation: str, *, arrow: bool, tooltip: str) -> dict:
    style = RELATION_STYLES.get(relation, RELATION_STYLES["support"])
    attrs = {"color": style["color"], "style": style["style"], "tooltip": tooltip}
    if arrow:
        attrs["arrowhead"] = style["arrowhead"]
        attrs["arrowsize"] = style["arrowsize"]
    else:
        attrs["dir"] = "none"
    return attrs


def _legend(shown: set, strengths: bool, verdicts: list) -> DotHtml:
    """An HTML table explaining the shapes, arrows and marks that are drawn.

    `shown` holds the kinds, relations, "implicit" and "linked" present in
    the map, so the legend explains only what a reader can find in it.
    """

    def row(sample: str, words: str, sample_attrs: str = "") -> str:
        return (
            f"<TR><TD {sample_attrs}>{sample}</TD>"
            f'<TD ALIGN="LEFT"><FONT POINT-SIZE="10">{words}</FONT></TD></TR>'
        )

    def arrow(colour: str, glyphs: str) -> str:
        return f'<FONT COLOR="{colour}" POINT-SIZE="10"><B>{glyphs}</B></FONT>'

    green = RELATION_STYLES["support"]["color"]
    red = RELATION_STYLES["attack"]["color"]
    rows = ['<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="12"><B>Legend</B></FONT></TD></TR>']
    for kind, word, words in (
        ("thesis", "<B>Thesis</B>", "main conclusion (double box)"),
        ("claim", "Claim", "claim (rounded box)"),
        ("evidence", "Evidence", "evidence (folded note)"),
        ("rebuttal", "Rebuttal", "rebuttal (clipped corners)"),
    ):
        if kind in shown:
            style = KIND_STYLES[kind]
            rows.append(row(
                f'<FONT COLOR="{style["font"]}" POINT-SIZE="10">{word}</FONT>', words,
                f'BGCOLOR="{style["fill"]}" COLOR="{style["color"]}" BORDER="1"',
            ))
    if "implicit" in shown:
        rows.append(row('<FONT POINT-SIZE="10"><I>Implicit</I></FONT>',
                        "implied, never written (dashed, italic)",
                        'BORDER="1" STYLE="dashed"'))
    if "support" in shown:
        rows.append(row(arrow(green, "——▶"), "supports: premise points up to its conclusion"))
    if "attack" in shown:
        rows.append(row(arrow(red, "- - -┤"), "attacks"))
    if "linked" in shown:
        rows.append(row(arrow(green, "⟩•——▶"), "linked premises: they only work together"))
    if "undercut" in shown:
        rows.append(row(arrow(red, "- -┤") + arrow(green, "•"),
                        "undercut: attacks the inference (the arrow), not its conclusion"))
    if strengths:
        ramp = "".join(
            f'<TD BGCOLOR="{_strength_fill(KIND_STYLES["claim"], level)}" WIDTH="14"> </TD>'
            for level in (0.0, 0.25, 0.5, 0.75, 1.0)
        )
        rows.append(row(
            f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2"><TR>{ramp}</TR></TABLE>',
            "strength 0 → 1: deeper fill is stronger (figure below the text)",
        ))
    meanings = {"in": "accepted", "out": "defeated", "undec": "undecided"}
    for verdict in verdicts:
        rows.append(row(_badge(None, verdict, "#111111"), meanings[verdict]))
    return dot_html_label(
        '<TABLE BORDER="1" COLOR="#9e9e9e" CELLBORDER="0" CELLSPACING="3" '
        'CELLPADDING="3" BGCOLOR="#ffffff">' + "".join(rows) + "</TABLE>"
    )


def _shown(graph, found: list) -> set:
    """Which kinds, relations and drawing devices the map uses."""
    from argmap.model import inference_type, statements

    shown = set()
    for node in statements(graph):
        data = graph.nodes[node]
        shown.add(data.get("kind", "claim"))
        if data.get("implicit"):
            shown.add("implicit")
    for inference in found:
        kind = inference_type(graph, inference)
        shown.add(kind)
        if len(inference.premises) > 1 and kind != "undercut":
            shown.add("linked")
    return shown


def shading(rows: list[dict]) -> dict[str, dict]:
    """`to_dot`'s `strengths` and `labels` from evaluation rows (`evaluation.evaluate(...)["statements"]`)."""
    return {"strengths": {row["id"]: row["strength"] for row in rows}, "labels": {row["id"]: row["status"] for row in rows}}


BOXED_SECTIONS_UP_TO = 2000
"""Statements up to which sections are drawn as boxes unless told otherwise.

Graphviz lays clusters out far more slowly than plain graphs: on generated
essays with a section per 40 statements, 2,000 statements take 0.3 s boxed;
3,000 fail with "trouble in init_rank" and then run for minutes; 10,000 ran
over 10 minutes boxed, against 12 s unboxed.
"""


def boxes_sections(graph, clusters: bool | None = None) -> bool:
    """Whether to draw the map's sections as boxes: as asked, else while Graphviz can lay them out in time."""
    if clusters is not None:
        return clusters
    from argmap.model import statements

    return len(statements(graph)) <= BOXED_SECTIONS_UP_TO


def to_dot(graph, *, focus: str | None = None, depth: int = 1, clusters: bool | None = None,
           strengths: dict | None = None, labels: dict | None = None,
           element_ids: dict | None = None) -> str:
    """DOT source for the map; the same graph always gives the same text.

    `focus`/`depth` draw only the neighbourhood of one statement (highlighted).
    `clusters` boxes statements by section (None: see `boxes_sections`).
    `strengths` (id -> [0, 1]) shades each statement, `labels` (id -> "in",
    "out" or "undec") tags it; both come from evaluation and keep each kind's
    shape and border so the kind stays readable. `element_ids` (id -> SVG
    element id) names each statement's drawing, with class "statement", so a
    page can find it whatever characters the statement id holds.
    """
    if focus is not None:
        from argmap.model import neighbourhood

        graph = neighbourhood(graph, focus, depth)
    strengths = strengths or {}
    labels = labels or {}
    for node, verdict in labels.items():
        if verdict not in VERDICTS:
            raise ArgmapError(f"unknown evaluation label '{verdict}' for '{node}' (expected in, out or undec)")

    from argmap.model import inference_type, inferences, statements

    found = inferences(graph)
    by_id = {inference.id: inference for inference in found}
    junction_of = _junctions(graph, found)
    kind_of = {inference.id: inference_type(graph, inference) for inference in found}
    nodes = statements(graph)

    def end_of(node: str) -> str:
        """Where an arrow into `node` ends: the statement, or the junction of an inference."""
        return junction_of.get(node, node)

    # Which cluster each node (statement or junction) is drawn in.
    section_of = {}
    if boxes_sections(graph, clusters):
        for node in nodes:
            if graph.nodes[node].get("section") is not None:
                section_of[node] = graph.nodes[node]["section"]
        for id, junction in junction_of.items():
            inference = by_id[id]
            sections = {section_of.get(end_of(node)) for node in [inference.target, *inference.premises]}
            if len(sections) == 1 and None not in sections:
                section_of[junction] = sections.pop()
    sections = list(dict.fromkeys(section_of[node] for node in nodes if node in section_of))

    lines = ["digraph argmap {"]
    graph_attrs = {
        "rankdir": "BT", "newrank": "true", "fontname": FONT, "fontsize": 16,
        "nodesep": 0.25, "ranksep": 0.45, "pad": 0.25, "bgcolor": "#ffffff",
        "charset": "UTF-8",
    }
    title = graph.graph.get("title")
    if title:
        graph_attrs.update(label=dot_html_label(f"<B>{dot_html(title)}</B>"), labelloc="t")
    lines.append(f"  graph {_attrs(graph_attrs)};")
    lines.append(f"  node {_attrs({'fontname': FONT, 'fontsize': 11, 'margin': '0.14,0.07'})};")
    lines.append(f"  edge {_attrs({'fontname': FONT, 'penwidth': 1.5})};")

    # The legend is the label of an invisible cluster around the whole map:
    # Graphviz sets it beside the layout, in a corner, so it moves no node.
    used_verdicts = {labels[node] for node in nodes if node in labels}
    legend = _legend(_shown(graph, found), any(node in strengths for node in nodes),
                     [verdict for verdict in VERDICTS if verdict in used_verdicts])
    lines.append('  subgraph "cluster_legend" {')
    lines.append(f"    graph {_attrs({'label': legend, 'labeljust': 'r', 'labelloc': 't', 'peripheries': 0, 'margin': 4})};")

    inference_of_junction = {junction: id for id, junction in junction_of.items()}

    def node_line(node: str) -> str:
        if node in inference_of_junction:
            inference = by_id[inference_of_junction[node]]
            colour = RELATION_STYLES[kind_of[inference.id]]["color"]
            attrs = {"shape": "point", "width": 0.09, "color": colour, "fillcolor": colour,
                     "tooltip": _inference_words(graph, inference, kind_of[inference.id])}
            return f"{dot_id(node)} {_attrs(attrs)};"
        data = graph.nodes[node]
        attrs = _node_attrs(node, data, focused=node == focus,
                            strength=strengths.get(node), verdict=labels.get(node))
        if element_ids and node in element_ids:
            attrs.update(id=element_ids[node], **{"class": "statement"})
        return f"{dot_id(node)} {_attrs(attrs)};"

    drawn = nodes + list(inference_of_junction)
    members: dict = {section: [] for section in sections}
    for node in drawn:
        if node in section_of:
            members[section_of[node]].append(node)
    for index, section in enumerate(sections, start=1):
        lines.append(f"    subgraph {dot_id(f'cluster_section_{index}')} {{")
        cluster_attrs = {
            "label": dot_html_label(f"<B>{dot_html(section)}</B>"), "labeljust": "l", "labelloc": "b",
            "style": "rounded,filled", "color": "#c8c8c8", "fillcolor": "#f6f6f4",
            "peripheries": 1, "fontsize": 12, "fontcolor": "#444444", "margin": 12,
        }
        lines.append(f"      graph {_attrs(cluster_attrs)};")
        lines.extend(f"      {node_line(node)}" for node in members[section])
        lines.append("    }")
    lines.extend(f"    {node_line(node)}" for node in drawn if node not in section_of)
    lines.append("  }")

    # Arrows in the order of their premises, as written: premise -> target, or
    # premise -> junction and, once, junction -> target.
    emitted = set()
    for premise in nodes:
        for id in graph.succ[premise]:
            inference = by_id[id]
            kind = kind_of[id]
            words = f"{premise} {kind}s {_statement_end(by_id, inference)}"
            junction = junction_of.get(id)
            if junction is None:
                attrs = _edge_attrs(kind, arrow=True, tooltip=words)
                lines.append(f"  {dot_id(premise)} -> {dot_id(end_of(inference.target))} {_attrs(attrs)};")
                continue
            attrs = _edge_attrs(kind, arrow=False, tooltip=words)
            lines.append(f"  {dot_id(premise)} -> {dot_id(junction)} {_attrs(attrs)};")
            if junction not in emitted:
                emitted.add(junction)
                attrs = _edge_attrs(kind, arrow=True, tooltip=_inference_words(graph, inference, kind))
                lines.append(f"  {dot_id(junction)} -> {dot_id(end_of(inference.target))} {_attrs(attrs)};")

    lines.append("}")
    return "\n".join(lines) + "\n"


def render(graph, fmt: str, **to_dot_options) -> bytes:
    """The map as `fmt` bytes: dot source, or Graphviz's svg, png or pdf."""
    if fmt not in FORMATS:
        raise ArgmapError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    from argmap.draw import draw_dot

    return draw_dot(to_dot(graph, **to_dot_options), fmt)
