"""Every writer, fed maps of hostile text: what it writes reads back, or is well-formed where nothing reads it.

Ids, labels, titles, sections and the essay itself are random Unicode mixed
with the markup of every language we write (DOT, XML, HTML, Argdown, our
annotated text, Mermaid), control characters and empty spans. No NUL: no
text file of ours can hold one (readers refuse binary input).
ARGMAP_FUZZ_EXAMPLES sets the number of maps per writer (default 80).
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from argmap import formats, model, render, syntax
from argmap.escape import xml_chars

EXAMPLES = int(os.environ.get("ARGMAP_FUZZ_EXAMPLES", "80"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

MARKUP = [
    "//", "/*", "*/", "<!--", "-->", "#tag", "**bold**", "_i_", "*i*", "[", "]", "<", ">", "{", "}", "{a: 1}",
    "\\", '"', "'", "&", "&amp;", "\\N", "\\G", "\\L", "\\n", "<script>", "onload=", "javascript:", "]]>",
    "+ ", "- ", "(1) ", "----", "===", "---", ":", "#", "\n", "\n\n", "\r", "\r\n", "\t", "\x01", "\x0b", "\x1b",
    "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\uffff", "\U0001f600", "`", "]{#x .claim}", "label=\"x\"",
]
CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
HOSTILE = st.lists(st.sampled_from(MARKUP) | st.text(CHARS, max_size=4), max_size=6).map("".join)
KINDS = ("thesis", "claim", "evidence", "rebuttal")


@st.composite
def hostile_maps(draw):
    """(graph, essay text): statements with hostile ids, labels, texts and sections, spans (some empty) into the essay."""
    count = draw(st.integers(1, 5))
    ids = draw(st.lists(HOSTILE.filter(bool), min_size=count, max_size=count, unique=True))
    text, spans = "", []
    for _ in ids:
        text += draw(HOSTILE)
        written = draw(HOSTILE)
        spans.append((len(text), len(text) + len(written)))
        text += written
    text += draw(HOSTILE)
    graph = model.new_graph("hostile.txt", "0", draw(st.none() | HOSTILE))
    for id, (start, end) in zip(ids, spans):
        implicit = draw(st.booleans()) and draw(st.booleans())
        record = {"start": start, "end": end, "line": 1, "col": 1, "end_line": 1, "end_col": 1}
        model.add_statement(
            graph, id, draw(st.sampled_from(KINDS)), text[start:end], spans=[] if implicit else [record],
            implicit=implicit, label=draw(st.none() | HOSTILE.filter(lambda s: s.strip())),
            section=draw(st.none() | HOSTILE.filter(lambda s: s.strip())),
        )
    for _ in range(draw(st.integers(0, count))):
        premises = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
        aims = [i for i in ids if i not in premises]
        if aims:
            model.add_inference(graph, draw(st.sampled_from(("support", "attack"))), premises,
                                draw(st.sampled_from(aims)), title=draw(st.none() | HOSTILE.filter(lambda s: s.strip())))
    return graph, text


def flat(text: str) -> str:
    """Text as a one-line format keeps it: whitespace runs as one space, NUL aside."""
    return " ".join(text.split())


def read_back(tmp_path, fmt: str, written):
    """Write `written` to disk as a document of `fmt` and read it with our reader."""
    if isinstance(written, dict):  # brat
        for suffix, content in written.items():
            (tmp_path / f"doc.{suffix}").write_text(content, encoding="utf-8", newline="")
        return formats.read(str(tmp_path / "doc.ann"), "brat")
    suffix = {"argmap": "txt", "argdown": "argdown", "aif": "json", "json": "json"}[fmt]
    path = tmp_path / f"doc.{suffix}"
    path.write_text(written, encoding="utf-8", newline="")
    return formats.read(str(path), fmt)


@FUZZ
@given(hostile_maps())
def test_json_and_aif_give_back_every_field(tmp_path_factory, generated):
    graph, text = generated
    for fmt in ("json", "aif"):
        back = read_back(tmp_path_factory.mktemp(fmt), fmt, formats.write(graph, fmt, text))
        assert model.statements(back) == model.statements(graph)
        for node in model.statements(graph):
            for key in ("kind", "label", "text", "section", "implicit"):
                assert back.nodes[node][key] == graph.nodes[node][key], (fmt, key)


@FUZZ
@given(hostile_maps())
def test_annotated_text_gives_back_the_essay_and_every_statement(tmp_path_factory, generated):
    graph, text = generated
    back = read_back(tmp_path_factory.mktemp("argmap"), "argmap", formats.write(graph, "argmap", text))
    assert syntax.strip(formats.write(graph, "argmap", text)) == text
    assert len(model.statements(back)) == len(model.statements(graph))
    labels = [flat(back.nodes[n]["label"]) for n in model.statements(back)]
    for node in model.statements(graph):  # a blank label is no label: the reader makes one from the text
        assert not flat(graph.nodes[node]["label"]) or flat(graph.nodes[node]["label"]) in labels


@FUZZ
@given(hostile_maps())
def test_argdown_gives_back_every_statement_as_written(tmp_path_factory, generated):
    graph, text = generated
    back = read_back(tmp_path_factory.mktemp("argdown"), "argdown", formats.write(graph, "argdown", text))
    texts = [flat(back.nodes[n]["text"]) for n in model.statements(back)]
    assert len(texts) == len(model.statements(graph))
    for node in model.statements(graph):  # an empty text comes back as the statement's title
        assert not flat(graph.nodes[node]["text"]) or flat(graph.nodes[node]["text"]) in texts
    assert len(model.inferences(back)) >= len([i for i in model.inferences(graph) if i.relation == "support"])


@FUZZ
@given(hostile_maps())
def test_brat_gives_back_every_statement_with_a_span(tmp_path_factory, generated):
    graph, text = generated
    assume(text.strip())  # readers refuse an empty essay, in brat as in every format
    back = read_back(tmp_path_factory.mktemp("brat"), "brat", formats.write(graph, "brat", text))
    spanned = [n for n in model.statements(graph) if graph.nodes[n]["spans"]]
    assert len(model.statements(back)) <= len(spanned)  # the thesis's spans come back as one statement


@FUZZ
@given(hostile_maps())
def test_graphml_mermaid_and_dot_are_well_formed(generated):
    graph, text = generated
    root = ET.fromstring(formats.write(graph, "graphml", text).encode("utf-8"))
    names = {element.get("id") for element in root.iter("{http://graphml.graphdrawing.org/xmlns}node")}
    assert names == {xml_chars(node) for node in graph}
    mermaid = formats.write(graph, "mermaid", text)
    assert all(line.startswith(("flowchart", "    ")) for line in mermaid.splitlines())
    dot = render.to_dot(graph)
    assert all(len(line) < 16_000 for line in dot.splitlines())
    json.dumps(dot)


@settings(FUZZ, max_examples=max(1, EXAMPLES // 8))
@given(hostile_maps())
def test_graphviz_draws_every_hostile_map_as_safe_svg(generated):
    """Real dot: it accepts the DOT, and the SVG is well-formed with no script, handler or javascript: link."""
    graph, _ = generated
    svg = ET.fromstring(render.render(graph, "svg"))
    for element in svg.iter():
        assert not element.tag.lower().endswith("script")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on") and not (local == "href" and "javascript:" in value.lower())
