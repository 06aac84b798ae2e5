"""The renderer: what a reader sees must follow the graph, and survive any text."""

from __future__ import annotations

import re
import shutil
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx

from argmap.mapfile import from_version_1
from argmap.model import inferences, statements
from argmap.render import wrap_lines
import pytest
from hypothesis import given, settings, strategies as st

from argmap import draw, model, render
from argmap.errors import ArgmapError

SOLAR_ESSAY = Path(__file__).parent / "data" / "solar.txt"

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed")


def make_graph(nodes, edges, title=None):
    """A map following docs/map-format.md.

    nodes: (id, kind) or (id, kind, extra-attrs); edges: (source, target,
    relation) or (source, target, relation, extra-attrs).
    """
    graph = nx.DiGraph(format="argmap", version=1, source="test.txt", sha256="0" * 64, title=title)
    for entry in nodes:
        node, kind, extra = (*entry, {}) if len(entry) == 2 else entry
        attrs = {"kind": kind, "text": f"text of {node}", "label": f"label of {node}",
                 "spans": [], "implicit": False, "section": None, "weight": None,
                 "line": 1, "col": 1}
        attrs.update(extra)
        graph.add_node(node, **attrs)
    for entry in edges:
        source, target, relation, extra = (*entry, {}) if len(entry) == 3 else entry
        attrs = {"relation": relation, "link": None, "line": 1, "col": 1}
        if relation == "undercut":
            attrs["premises"] = []
        attrs.update(extra)
        graph.add_edge(source, target, **attrs)
    return from_version_1(graph)


# --- a small reader for the DOT we write -----------------------------------

_TOKEN = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|(<)|([A-Za-z0-9_.#-]+)|(=)|(,)|(\]))')


def _html_end(text: str, start: int) -> int:
    depth = 0
    for index in range(start, len(text)):
        depth += {"<": 1, ">": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    raise AssertionError("unbalanced HTML label")


def parse_attrs(text: str) -> dict:
    """`key=value, ...]` -> dict; HTML labels come back with their brackets."""
    attrs, position, key = {}, 0, None
    while True:
        match = _TOKEN.match(text, position)
        assert match, text[position:]
        quoted, html, bare, equals, comma, close = match.groups()
        if close:
            return attrs
        if html:
            end = _html_end(text, match.start(2))
            value, position = text[match.start(2):end], end
        else:
            value, position = (quoted if quoted is not None else bare), match.end()
        if equals or comma:
            continue
        if key is None:
            key = value
        else:
            attrs[key], key = value, None


class Dot:
    """Nodes (with the section cluster they sit in), edges and cluster labels."""

    def __init__(self, source: str):
        self.source = source
        self.nodes: dict[str, dict] = {}
        self.cluster_of: dict[str, str] = {}
        self.clusters: dict[str, dict] = {}
        self.edges: list[tuple[str, str, dict]] = []
        open_clusters: list[str] = []
        for line in source.splitlines():
            stripped = line.strip()
            cluster = re.match(r'subgraph "([^"]+)" \{$', stripped)
            if cluster:
                open_clusters.append(cluster[1])
                continue
            if stripped == "}" and open_clusters:
                open_clusters.pop()
                continue
            if open_clusters and stripped.startswith("graph ["):
                self.clusters[open_clusters[-1]] = parse_attrs(stripped[len("graph ["):])
                continue
            edge = re.match(r'"((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)" \[(.*)$', stripped)
            if edge:
                self.edges.append((edge[1], edge[2], parse_attrs(edge[3])))
                continue
            node = re.match(r'"((?:[^"\\]|\\.)*)" \[(.*)$', stripped)
            if node:
                self.nodes[node[1]] = parse_attrs(node[2])
                sections = [name for name in open_clusters if name.startswith("cluster_section")]
                if sections:
                    self.cluster_of[node[1]] = self.clusters[sections[-1]]["label"]

    @property
    def legend(self) -> str:
        return self.clusters["cluster_legend"]["label"]

    def into(self, target):
        return [(source, attrs) for source, end, attrs in self.edges if end == target]

    def out_of(self, source):
        return [(target, attrs) for start, target, attrs in self.edges if start == source]


def statement_look(node_attrs):
    return (node_attrs["shape"], node_attrs["style"], node_attrs["fillcolor"],
            node_attrs.get("peripheries"))


# --- kinds and relations ---------------------------------------------------


def test_each_kind_has_its_own_shape_style_and_colour():
    kinds = ["thesis", "claim", "evidence", "rebuttal"]
    dot = Dot(render.to_dot(make_graph([(kind, kind) for kind in kinds], [])))
    looks = [statement_look(dot.nodes[kind]) for kind in kinds]
    assert len({look[:2] for look in looks}) == 4, "shape+style alone must tell kinds apart"
    assert len({look[2] for look in looks}) == 4
    assert dot.nodes["thesis"]["peripheries"] == "2"


def test_implicit_statement_is_dashed_and_italic():
    graph = make_graph([("said", "claim"), ("unsaid", "claim", {"implicit": True, "spans": []})], [])
    dot = Dot(render.to_dot(graph))
    assert "dashed" in dot.nodes["unsaid"]["style"].split(",")
    assert "dashed" not in dot.nodes["said"]["style"].split(",")
    assert "<I>" in dot.nodes["unsaid"]["label"] and "<I>" not in dot.nodes["said"]["label"]
    assert "implicit" in dot.nodes["unsaid"]["tooltip"]


def test_support_and_attack_differ_in_arrowhead_and_line_style():
    graph = make_graph([("t", "thesis"), ("pro", "claim"), ("con", "rebuttal")],
                       [("pro", "t", "support"), ("con", "t", "attack")])
    dot = Dot(render.to_dot(graph))
    (_, support), = dot.out_of("pro")
    (_, attack), = dot.out_of("con")
    assert support["arrowhead"] != attack["arrowhead"]
    assert support["style"] != attack["style"]
    assert support["color"] != attack["color"]


def test_linked_premises_meet_in_one_junction_with_one_arrow_into_the_target():
    graph = make_graph(
        [("t", "thesis"), ("a", "claim"), ("b", "evidence"), ("alone", "claim")],
        [("a", "t", "support", {"link": "g"}), ("b", "t", "support", {"link": "g"}),
         ("alone", "t", "support")],
    )
    dot = Dot(render.to_dot(graph))
    (junction_a, to_junction), = dot.out_of("a")
    (junction_b, _), = dot.out_of("b")
    assert junction_a == junction_b not in graph
    assert dot.nodes[junction_a]["shape"] == "point"
    assert to_junction["dir"] == "none"
    into_target = dot.into("t")
    assert sorted(source for source, _ in into_target) == sorted(["alone", junction_a])
    assert dict(into_target)[junction_a]["arrowhead"] == "normal"


def test_links_are_per_target_and_relation():
    graph = make_graph(
        [("t", "thesis"), ("u", "claim"), ("a", "claim"), ("b", "claim"), ("c", "claim")],
        [("a", "t", "support", {"link": "g"}), ("b", "t", "support", {"link": "g"}),
         ("c", "u", "support", {"link": "g"}), ("u", "t", "attack", {"link": "g"})],
    )
    dot = Dot(render.to_dot(graph))
    ends = {source: dot.out_of(source)[0][0] for source in ("a", "b", "c", "u")}
    assert ends["a"] == ends["b"]
    assert len({ends["a"], ends["c"], ends["u"]}) == 3


def test_undercut_ends_on_a_junction_that_splits_the_attacked_link():
    graph = make_graph(
        [("t", "thesis"), ("p", "evidence"), ("u", "rebuttal")],
        [("p", "t", "support"), ("u", "t", "undercut", {"premises": ["p"]})],
    )
    dot = Dot(render.to_dot(graph))
    (junction, first_half), = dot.out_of("p")
    (end, undercut), = dot.out_of("u")
    assert end == junction and junction not in graph
    assert dot.nodes[junction]["shape"] == "point"
    assert first_half["dir"] == "none"
    assert [source for source, _ in dot.into("t")] == [junction]
    assert undercut["arrowhead"] == "tee" and "dashed" in undercut["style"]


def test_undercut_of_a_linked_premise_ends_on_the_link_junction():
    graph = make_graph(
        [("t", "thesis"), ("a", "claim"), ("b", "claim"), ("u", "rebuttal")],
        [("a", "t", "support", {"link": "g"}), ("b", "t", "support", {"link": "g"}),
         ("u", "t", "undercut", {"premises": ["b"]})],
    )
    dot = Dot(render.to_dot(graph))
    junction = dot.out_of("a")[0][0]
    assert dot.out_of("u")[0][0] == junction
    assert len([node for node, attrs in dot.nodes.items() if attrs.get("shape") == "point"]) == 1


# --- clusters, focus -------------------------------------------------------


def sectioned_graph():
    return make_graph(
        [("t", "thesis", {"section": "Intro"}), ("a", "claim", {"section": "Body"}),
         ("b", "evidence", {"section": "Body"}), ("c", "evidence", {"section": "Intro"}),
         ("loose", "claim")],
        [("a", "t", "support"), ("b", "a", "support"), ("c", "t", "support"),
         ("loose", "t", "support")],
    )


def test_one_labelled_cluster_per_section_in_order_of_first_appearance():
    dot = Dot(render.to_dot(sectioned_graph()))
    sections = [attrs["label"] for name, attrs in dot.clusters.items() if name != "cluster_legend"]
    assert sections == ["<<B>Intro</B>>", "<<B>Body</B>>"]
    assert dot.cluster_of == {"t": "<<B>Intro</B>>", "c": "<<B>Intro</B>>",
                              "a": "<<B>Body</B>>", "b": "<<B>Body</B>>"}


def test_no_sections_or_clusters_off_means_no_clusters():
    plain = make_graph([("t", "thesis"), ("a", "claim")], [("a", "t", "support")])
    assert list(Dot(render.to_dot(plain)).clusters) == ["cluster_legend"]
    assert list(Dot(render.to_dot(sectioned_graph(), clusters=False)).clusters) == ["cluster_legend"]


def chain():
    return make_graph([(n, "claim") for n in "abcde"],
                      [("a", "b", "support"), ("b", "c", "support"),
                       ("d", "c", "attack"), ("e", "d", "support")])


def test_neighbourhood_follows_relations_both_ways_up_to_depth():
    assert statements(model.neighbourhood(chain(), "b", 1)) == ["a", "b", "c"]
    assert statements(model.neighbourhood(chain(), "b", 2)) == ["a", "b", "c", "d"]
    assert list(model.neighbourhood(chain(), "c", 0).nodes) == ["c"]
    near = model.neighbourhood(chain(), "d", 1)
    assert [(i.relation, i.premises, i.target) for i in inferences(near)] == [("attack", ("d",), "c"), ("support", ("e",), "d")]
    assert near.graph["format"] == "argmap"


def test_unknown_focus_suggests_the_closest_id():
    with pytest.raises(ArgmapError, match="did you mean 'russia-needs-iran'"):
        model.neighbourhood(make_graph([("russia-needs-iran", "claim")], []), "russia-need-iran", 1)


def test_focus_draws_only_the_neighbourhood_and_highlights_the_focus():
    dot = Dot(render.to_dot(chain(), focus="b", depth=1))
    assert list(dot.nodes) == ["a", "b", "c"]
    assert "penwidth" in dot.nodes["b"] and "penwidth" not in dot.nodes["a"]


# --- evaluation marks ------------------------------------------------------


def test_strength_shades_the_fill_and_label_is_marked_without_hiding_the_kind():
    graph = make_graph([("weak", "claim"), ("strong", "claim"), ("t", "thesis")], [])
    plain = Dot(render.to_dot(graph))
    dot = Dot(render.to_dot(graph, strengths={"weak": 0.1, "strong": 0.9, "t": 0.5},
                            labels={"weak": "out", "strong": "in", "t": "undec"}))
    assert dot.nodes["weak"]["fillcolor"] != dot.nodes["strong"]["fillcolor"]
    for node in ("weak", "strong", "t"):
        assert dot.nodes[node]["shape"] == plain.nodes[node]["shape"]
        assert dot.nodes[node]["style"] == plain.nodes[node]["style"]
    assert "OUT" in dot.nodes["weak"]["label"] and "0.10" in dot.nodes["weak"]["label"]
    assert "IN" in dot.nodes["strong"]["label"] and "UNDEC" in dot.nodes["t"]["label"]
    assert "strength" in dot.legend and "strength" not in plain.legend
    assert "UNDEC" in dot.legend and "UNDEC" not in plain.legend
    focused = Dot(render.to_dot(graph, focus="weak", depth=0,
                                strengths={"strong": 0.9}, labels={"strong": "in"}))
    assert "strength" not in focused.legend and "accepted" not in focused.legend


def test_unknown_evaluation_label_is_refused():
    with pytest.raises(ArgmapError, match="undec"):
        render.to_dot(make_graph([("a", "claim")], []), labels={"a": "maybe"})


# --- legend, determinism, escaping ----------------------------------------


def everything_graph():
    return make_graph(
        [("t", "thesis", {"section": "A"}), ("a", "claim", {"section": "A"}),
         ("b", "evidence", {"section": "B"}), ("u", "rebuttal"), ("i", "claim", {"implicit": True})],
        [("a", "t", "support", {"link": "g"}), ("i", "t", "support", {"link": "g"}),
         ("b", "a", "support"), ("u", "a", "attack"), ("u", "t", "undercut", {"premises": ["i"]})],
    )


LEGEND_WORDS = ("Thesis", "Claim", "Evidence", "Rebuttal", "Implicit",
                "supports", "attacks", "linked", "undercut")


def test_legend_explains_everything_drawn_without_being_a_node():
    dot = Dot(render.to_dot(everything_graph()))
    for word in LEGEND_WORDS:
        assert word in dot.legend
    extra = [attrs["shape"] for node, attrs in dot.nodes.items() if node not in everything_graph()]
    assert extra == ["point"], "one junction: the undercut ends on the link it attacks"


def test_legend_leaves_out_what_the_map_does_not_use():
    legend = Dot(render.to_dot(chain())).legend
    present = [word for word in LEGEND_WORDS if word in legend]
    assert present == ["Claim", "supports", "attacks"]


def test_same_graph_same_dot():
    graph = make_graph(
        [("t", "thesis"), ("a", "claim"), ("b", "claim"), ("u", "rebuttal")],
        [("a", "t", "support", {"link": "g"}), ("b", "t", "support", {"link": "g"}),
         ("u", "a", "attack"), ("u", "t", "undercut", {"premises": ["a"]})],
    )
    assert render.to_dot(graph) == render.to_dot(graph.copy()) == render.render(graph, "dot").decode()


TRICKY = 'He said "no" \\ <b>&'


def tricky_graph():
    return make_graph(
        [("t", "thesis", {"label": TRICKY, "text": 'Full "text" \\n with\nnewline & <tags>'}),
         ("u", "claim", {"label": "Tehran’s café — naïve ✓", "section": 'Sec "1" <&>'})],
        [("u", "t", "support")],
        title='Title & "quotes"',
    )


def test_escaping_in_dot_source():
    source = render.to_dot(tricky_graph())
    # in an HTML-like label a backslash is doubled; in a tooltip (read twice) quadrupled, and & is an entity
    assert "He said &quot;no&quot; \\\\ &lt;b&gt;&amp;" in source
    assert 'tooltip="t: Full \\"text\\" \\\\\\\\n with\\nnewline &amp; <tags>"' in source


@needs_dot
def test_tricky_text_comes_out_literally_in_svg():
    svg = ET.fromstring(render.render(tricky_graph(), "svg"))
    texts = [element.text or "" for element in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert TRICKY in texts
    assert "Tehran’s café — naïve ✓" in texts
    assert 'Sec "1" <&>' in texts
    assert 'Title & "quotes"' in texts
    titles = [value for element in svg.iter() for key, value in element.attrib.items()
              if key.endswith("}title")]
    assert 't: Full "text" \\n with\nnewline & <tags>' in titles


@needs_dot
@pytest.mark.parametrize("fmt, magic", [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_every_format_renders(fmt, magic):
    output = render.render(everything_graph(), fmt, strengths={"a": 0.3}, labels={"t": "in"})
    assert output.startswith(magic)


def test_missing_dot_is_one_line_saying_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    graph = chain()
    with pytest.raises(ArgmapError) as raised:
        render.render(graph, "svg")
    message = str(raised.value)
    assert "\n" not in message
    assert "dot" in message and "apt-get install graphviz" in message
    assert "brew install graphviz" in message and "https://graphviz.org/download/" in message
    assert render.render(graph, "dot").startswith(b"digraph")


def test_unknown_format_is_refused():
    with pytest.raises(ArgmapError, match="svg, png, pdf, dot"):
        render.render(chain(), "gif")


# -- PDF: the same map gives the same bytes ------------------------------------------------------

def xref_offsets_hold(pdf: bytes) -> bool:
    """Every object the cross-reference table lists starts where it says."""
    table = pdf[pdf.rindex(b"\nxref") + 1:]
    entries = re.findall(rb"^(\d{10}) \d{5} n", table, re.M)
    return bool(entries) and all(re.match(rb"\d+ \d+ obj", pdf[int(offset):]) for offset in entries)


@needs_dot
def test_pdf_is_the_same_at_any_time_and_stays_valid(tmp_path, monkeypatch):
    from conftest import run_cli

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    assert run_cli("render", str(SOLAR_ESSAY), "-f", "pdf", "-o", str(first)).exit_code == 0
    time.sleep(1.1)  # cairo stamps the second: a later one must not show
    assert run_cli("render", str(SOLAR_ESSAY), "-f", "pdf", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert b"/CreationDate" not in first.read_bytes()
    assert xref_offsets_hold(first.read_bytes())


@needs_dot
def test_pdf_dates_follow_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pdf = draw.draw_dot("digraph { a -> b }", "pdf")
    assert b"/CreationDate (D:20231114221320Z)" in pdf
    assert xref_offsets_hold(pdf)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "bb", "words", "x" * 30, "éé", " ", "  ", "\t", "\n", "\u2003", "\xa0"]), max_size=15).map("".join),
       st.integers(min_value=1, max_value=40))
def test_labels_wrap_as_textwrap_wraps_them(text, width):
    """Our greedy wrap gives textwrap's lines (long words run on, whitespace collapsed), for any width."""
    expected = textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False) or [""]
    assert wrap_lines(text, width) == expected
