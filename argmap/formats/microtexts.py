"""The argumentative microtexts corpus (Peldszus & Stede): `arggraph` XML.

A text is a list of `edu` segments; `edge type="seg"` joins segments (directly,
or through a `joint` of adjacent segments) into `adu` argumentative units (type pro or opp: proponent or opponent voice).
Between units, `sup` and `exa` (support, by example) and `reb` (rebut) go from
unit to unit; `und` (undercut) and `add` (an additional premise linked with
another) point at an edge. We read units as statements, each sup, exa, reb
and und edge as one inference (`exa` is its title), `add` as a further premise
of the edge's inference, and `und` as an attack on the inference of the edge
it points at (which may itself be an und: an undercut of an undercut). The plain text is the segments joined by spaces, so
every unit keeps spans and the map can be exported as an annotated essay; a
segment marked `implicit="true"` was never written and gives an implicit statement.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from argmap.errors import ArgmapError, Diagnostic
from argmap.formats.common import Draft, span_record
from argmap.reading import Locator

RELATION_OF_TYPE = {"sup": "support", "exa": "support", "reb": "attack"}


def read(path: str):
    from argmap import model
    from argmap.pipeline import Build, read_bytes

    data = read_bytes(path)
    graph, warnings = parse(data, path, model.sha256(data))
    return Build(graph, warnings + model.check(graph))


REQUIRED = {"edu": ("id",), "adu": ("id",), "joint": ("id",), "edge": ("id", "src", "trg", "type")}
"""The attributes each element needs; ids are unique across all of them."""


def _root(data: bytes, path: str):
    """The <arggraph> element, and each element's (line, col) by id() for error messages."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    builder = ElementTree.TreeBuilder()
    positions: dict[int, tuple[int, int]] = {}

    def start(tag, attrs):
        positions[id(builder.start(tag, attrs))] = (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as err:
        raise ArgmapError(Diagnostic(f"not well-formed XML: {expat.ErrorString(err.code)}", path, err.lineno, err.offset + 1)) from None
    root = builder.close()
    if root.tag != "arggraph":
        raise ArgmapError(Diagnostic(f"not a microtext: the root element is <{root.tag}>, expected <arggraph>", path))
    return root, positions


def _check(root, positions: dict, draft: Draft) -> None:
    """Every element the reader uses has its attributes, and no id is used twice; errors name the element's line."""
    seen: dict[str, tuple[int, int]] = {}
    for element in root.iter():
        if element.tag not in REQUIRED:
            continue
        line, col = positions[id(element)]
        missing = [name for name in REQUIRED[element.tag] if not element.get(name)]
        if missing:
            draft.error(f"<{element.tag}> needs {' and '.join(repr(name) for name in missing)} attributes"
                        if len(missing) > 1 else f"<{element.tag}> needs a {missing[0]!r} attribute", line, col)
            continue
        name = element.get("id")
        if name in seen:
            draft.error(f"id {name!r} is used twice (first at line {seen[name][0]})", line, col)
        seen.setdefault(name, (line, col))
    if draft.errors:
        raise ArgmapError(draft.errors)


def _segments(root) -> tuple[str, dict[str, tuple[int, int]], dict[str, str]]:
    """The plain text, each written segment's offsets in it, and the text of implicit segments.

    Written segments are joined by single spaces. An `edu implicit="true"`
    (the unstated central claim some texts of the corpus's second part
    reconstruct) was never written, so it stays out of the text.
    """
    pieces, offsets, implicit, position = [], {}, {}, 0
    for edu in root.iter("edu"):
        text = " ".join((edu.text or "").split())
        if edu.get("implicit", "").lower() == "true":
            implicit[edu.get("id")] = text
            continue
        if pieces:
            position += 1
        offsets[edu.get("id")] = (position, position + len(text))
        pieces.append(text)
        position += len(text)
    return " ".join(pieces), offsets, implicit


def plain_text(path: str) -> str:
    from argmap.pipeline import read_bytes

    root, positions = _root(read_bytes(path), path)
    _check(root, positions, Draft(path, ""))
    return _segments(root)[0]


def parse(data: bytes, path: str, digest: str):
    """arggraph XML bytes -> (graph, warnings)."""
    root, positions = _root(data, path)
    draft = Draft(path, digest)
    _check(root, positions, draft)
    text, segment_offsets, implicit_segments = _segments(root)
    locate = Locator(text)
    units = [adu.get("id") for adu in root.iter("adu")]
    edges = {edge.get("id"): edge for edge in root.iter("edge")}

    # seg edges: segment -> unit, or segment -> joint -> unit (adjacent segments that count only together).
    joints = {joint.get("id"): [] for joint in root.iter("joint")}
    segments_of: dict[str, list[str]] = {unit: [] for unit in units}
    seg_edges = [edge for edge in edges.values() if edge.get("type") == "seg"]
    for edge in seg_edges:
        if edge.get("trg") in joints and edge.get("src") in segment_offsets.keys() | implicit_segments.keys():
            joints[edge.get("trg")].append(edge.get("src"))
    for edge in seg_edges:
        source, target = edge.get("src"), edge.get("trg")
        if target in joints and source in joints[target]:
            continue
        if target in segments_of and source in joints:
            segments_of[target] += joints[source]
        elif target in segments_of and (source in segment_offsets or source in implicit_segments):
            segments_of[target].append(source)
        else:
            draft.warn(f"seg edge {edge.get('id')} joins no segment to a unit; skipped")
    for unit in units:
        written = [segment_offsets[s] for s in segments_of[unit] if s in segment_offsets]
        unstated = [implicit_segments[s] for s in segments_of[unit] if s in implicit_segments]
        spans = _merge_adjacent(sorted(written))
        if spans:
            draft.statement(
                unit, " ".join(text[s:e] for s, e in spans), spans=[span_record(locate, s, e) for s, e in spans],
            )
        elif unstated:
            draft.statement(unit, " ".join(unstated), implicit=True)
        else:
            draft.warn(f"unit {unit} has no segment; skipped")

    # Linked premises: `add` edges (possibly chained) join their source to the premises of an edge.
    joined: dict[str, list[str]] = {}
    for edge in edges.values():
        if edge.get("type") == "add":
            joined.setdefault(_base_edge(edge.get("trg"), edges), []).append(edge.get("src"))
    # Each sup, exa, reb or und edge is one inference, keyed by its edge id; an und aims at another edge's inference.
    for id, edge in edges.items():
        kind = edge.get("type")
        if kind not in RELATION_OF_TYPE and kind != "und":
            continue
        premises = [edge.get("src")] + joined.get(id, [])
        if kind != "und":
            draft.infer(RELATION_OF_TYPE[kind], premises, edge.get("trg"), title="exa" if kind == "exa" else None, key=id)
            continue
        target = edges.get(edge.get("trg"))
        if target is None or target.get("type") not in (*RELATION_OF_TYPE, "und"):
            draft.warn(f"und edge {id} attacks edge {edge.get('trg')}, which is not a sup, exa, reb or und edge; skipped")
            continue
        draft.infer("attack", premises, target.get("id"), on_inference=True, key=id)
    for edge in edges.values():
        if edge.get("type") not in ("seg", "add", "und", *RELATION_OF_TYPE):
            draft.warn(f"edge {edge.get('id')} has unknown type '{edge.get('type')}'; skipped")
    return draft.build(), draft.warnings


def _base_edge(id: str, edges: dict) -> str:
    """The sup/exa/reb edge an `add` edge ultimately joins (adds may point at adds)."""
    seen = set()
    while id in edges and edges[id].get("type") == "add" and id not in seen:
        seen.add(id)
        id = edges[id].get("trg")
    return id


def _merge_adjacent(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Consecutive segments of one unit (only a space apart) as one span."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
