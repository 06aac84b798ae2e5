"""Readers: each fixture follows its format's published description; expected values are worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from argmap import formats, model
from argmap.errors import ArgmapError

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
ESSAY = FIXTURES / "essay901.txt"


from conftest import shapes


def test_brat_major_claims_are_one_thesis_with_spans_in_document_order():
    graph = formats.read(str(FIXTURES / "essay901.ann"))
    text = ESSAY.read_text(encoding="utf-8")
    thesis = graph.nodes["T1"]
    assert thesis["kind"] == "thesis" and "T5" not in graph
    assert [text[s["start"]:s["end"]] for s in thesis["spans"]] == ["towns should keep cafés open late", "late cafés serve the town"]
    assert (thesis["spans"][0]["line"], thesis["spans"][0]["col"]) == (3, 13)
    assert graph.nodes["T2"]["text"] == "Night workers need a warm place — “a second kitchen”"
    assert {n: graph.nodes[n]["kind"] for n in model.statements(graph)} == {"T1": "thesis", "T2": "evidence", "T3": "claim", "T4": "rebuttal"}
    assert shapes(graph) == {
        ("support", ("T2",), "T1", None), ("attack", ("T3",), "T1", None), ("attack", ("T4",), "T3", None),
    }


def test_brat_detects_from_either_file_of_the_pair():
    for name in ("essay901.ann", "essay901.txt"):
        path = FIXTURES / name
        assert formats.detect_format(str(path), path.read_bytes()[:100]) == "brat"


def copy_pair(tmp_path, txt: bytes, ann: str, name="essay1"):
    (tmp_path / f"{name}.txt").write_bytes(txt)
    (tmp_path / f"{name}.ann").write_text(ann, encoding="utf-8")
    return str(tmp_path / f"{name}.ann")


@pytest.mark.parametrize("transform", [
    lambda t: t.replace("\n", "\r\n"),  # offsets counted on LF text, file saved with CRLF
    lambda t: "\ufeff" + t,             # a BOM the offsets do not count
])
def test_brat_survives_resaved_text(tmp_path, transform):
    text = ESSAY.read_text(encoding="utf-8")
    ann = (FIXTURES / "essay901.ann").read_text(encoding="utf-8").replace("\n", "\r\n")
    graph = formats.read(copy_pair(tmp_path, transform(text).encode("utf-8"), ann))
    assert [s["start"] for s in graph.nodes["T1"]["spans"]] == [48, 231]


def test_brat_crlf_counted_in_offsets(tmp_path):
    text = "Title\r\n\r\nCafés help. Noise hurts.\r\n"
    ann = "T1\tMajorClaim 9 19\tCafés help\nT2\tPremise 21 32\tNoise hurts\nR1\tattacks Arg1:T2 Arg2:T1\t\n"
    graph = formats.read(copy_pair(tmp_path, text.encode(), ann))
    assert graph.nodes["T2"]["spans"][0]["line"] == 3 and graph.nodes["T2"]["kind"] == "rebuttal"


def test_brat_discontinuous_span(tmp_path):
    text = "Cafés, I think, help people."
    ann = "T1\tClaim 0 5;16 27\tCafés help people\n"
    graph = formats.read(copy_pair(tmp_path, text.encode(), ann))
    assert [(s["start"], s["end"]) for s in graph.nodes["T1"]["spans"]] == [(0, 5), (16, 27)]
    assert graph.nodes["T1"]["text"] == "Cafés help people"


def test_brat_mismatched_span_is_an_error_naming_the_ann_line(tmp_path):
    text = "Cafés help people. Noise hurts."
    ann = "T1\tClaim 0 17\tCafés help people\n\nT2\tPremise 20 31\tNoise hurts\nR1\tsupports Arg1:T2 Arg2:T1\n"
    with pytest.raises(ArgmapError) as caught:
        formats.read(copy_pair(tmp_path, text.encode(), ann))
    messages = [str(d) for d in caught.value.diagnostics]
    assert len(messages) == 1  # the relation to the broken span is not reported again
    assert messages[0].startswith(str(tmp_path / "essay1.ann") + ":3:1: error: T2's text")


def test_brat_offsets_past_the_end(tmp_path):
    with pytest.raises(ArgmapError, match=r":1:1: error: T1: offsets 3 99 go past the end"):
        formats.read(copy_pair(tmp_path, b"short", "T1\tClaim 3 99\tx\n"))


_ANN_PIECES = st.sampled_from([
    "T", "R", "A", "T1", "T12", "R3", "A2", "*", "#1", "E1", "\t", " ", "  ", "\r", "MajorClaim", "Claim", "Premise",
    "Other", "supports", "attacks", "Stance", "For", "Against", "Equiv", "Arg1:", "Arg2:", "T3", "0", "12", "7",
    ";", ":", "x", "Some words", "\u00a0", "\u0663",
])


_FIELD = st.one_of(_ANN_PIECES, st.lists(_ANN_PIECES, max_size=3).map("".join))
_NUMBER = st.one_of(st.integers(0, 30).map(str), st.sampled_from(["007", "09", "\u0663", "1\u0663"]), _FIELD)
_ANN_LINE = st.one_of(
    st.lists(_ANN_PIECES, max_size=12).map("".join),
    st.tuples(st.sampled_from(["T1", "T22", "T", "T1 "]), st.sampled_from(["\t", " "]), st.sampled_from(["MajorClaim", "Claim", "Premise", "Other"]),
              _NUMBER, _NUMBER, st.sampled_from(["\t", " ", "\t\t"]), _FIELD, st.sampled_from(["", "\r", "\r\r", "\t"]))
    .map(lambda t: f"{t[0]}{t[1]}{t[2]} {t[3]} {t[4]}{t[5]}{t[6]}{t[7]}"),
    st.tuples(st.sampled_from(["R1", "R", "A1", "R7"]), st.sampled_from(["supports", "attacks", "Stance", "other"]),
              st.sampled_from(["Arg1:", "", "Arg2:"]), _FIELD, st.sampled_from(["Arg2:", "Arg1:", "", "For", "Against"]), _FIELD,
              st.sampled_from(["", "\t", "\r", "\t\r", " ", "\t\t"]))
    .map(lambda t: f"{t[0]}\t{t[1]} {t[2]}{t[3]} {t[4]}{t[5]}{t[6]}"),
)


@settings(max_examples=500, deadline=None)
@given(_ANN_LINE)
def test_brat_lines_read_by_one_match_read_as_field_by_field(line):
    """The one-match reading of plain T, R and A lines gives what the field-by-field reading gives."""
    from argmap.formats import brat
    from argmap.formats.common import Draft

    fast, slow = Draft("e.ann", ""), Draft("e.ann", "")
    fast_parts = brat._components(line, "e.ann", fast)
    slow_parts = ([], [], [], [])
    brat._odd_line(line.rstrip("\r"), 1, "e.ann", slow, *slow_parts)
    assert fast_parts == slow_parts
    assert (fast.errors, fast.warnings) == (slow.errors, slow.warnings)


def test_aif_from_aifdb():
    graph = formats.read(str(FIXTURES / "aifdb_sample.json"))
    thesis = "cafés-should-stay-open-late"
    linked = ("night-workers-need-somewhere-to", "nothing-else-is-open-at")
    assert graph.nodes[thesis]["kind"] == "thesis" and graph.nodes[thesis]["speaker"] == "Anna Berg"
    support = ("support", linked, thesis, None)
    assert shapes(graph) == {
        support,
        ("attack", ("late-cafés-are-noisy",), thesis, None),
        ("attack", ("kebab-shops-are-open-at",), support, None),  # a CA aimed at the RA node: an undercut
        ("support", ("keep-cafés-open-after-midnight",), thesis, None),  # MA: rephrase backs the original
    }
    assert graph.nodes["kebab-shops-are-open-at"]["kind"] == "rebuttal"
    assert "Anna" not in " ".join(graph.nodes[n]["text"] for n in model.statements(graph) if graph.nodes[n]["text"].startswith("Anna"))


def test_aif_rejects_non_aif(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"nodes": 3, "edges": []}')
    with pytest.raises(ArgmapError, match="not AIF"):
        formats.read(str(path), "aif")


def test_microtexts_linked_undercut_and_segments():
    graph = formats.read(str(FIXTURES / "micro_k001.xml"))
    rebut = ("attack", ("a3",), "a1", None)
    assert shapes(graph) == {
        ("support", ("a2",), "a1", None),
        rebut,
        ("attack", ("a4", "a5"), rebut, None),  # `add` on the und edge: one undercut with two premises
        ("support", ("a6",), "a1", "exa"),  # an example: `exa` is the inference's title
    }
    assert graph.nodes["a1"]["kind"] == "thesis"
    text = formats.source_text(graph)
    a6 = graph.nodes["a6"]["spans"]
    assert len(a6) == 1 and text[a6[0]["start"]:a6[0]["end"]].endswith("where cafés stayed open.")


def test_microtexts_add_joins_premises_into_one_link(tmp_path):
    xml = """<arggraph id="m"><edu id="e1">A.</edu><edu id="e2">B.</edu><edu id="e3">C.</edu>
    <adu id="a1" type="pro"/><adu id="a2" type="pro"/><adu id="a3" type="pro"/>
    <edge id="c1" src="e1" trg="a1" type="seg"/><edge id="c2" src="e2" trg="a2" type="seg"/>
    <edge id="c3" src="e3" trg="a3" type="seg"/><edge id="c4" src="a2" trg="a1" type="sup"/>
    <edge id="c5" src="a3" trg="c4" type="add"/></arggraph>"""
    path = tmp_path / "m.xml"
    path.write_text(xml)
    graph = formats.read(str(path))
    assert shapes(graph) == {("support", ("a2", "a3"), "a1", None)}


def test_argdown_subset():
    build = formats.load(str(FIXTURES / "cafes.argdown"))
    graph = build.graph
    assert graph.graph["title"] == "Late-night cafés"
    conclusion = "streets-near-open-cafés-are"
    noise = ("attack", ("noise",), "open-late", None)
    assert shapes(graph) == {
        ("support", ("night-workers",), "open-late", None),
        noise,
        ("attack", ("few-streets",), noise, None),
        ("support", ("zürich", "watched-streets-deter-thieves"), conclusion, "Safety"),
        ("support", (conclusion,), "open-late", None),
        ("attack", ("cost",), "profit", None),
        ("attack", ("profit",), "cost", None),
    }
    assert graph.nodes["open-late"]["label"] == "Open late" and graph.nodes["open-late"]["kind"] == "thesis"
    assert graph.nodes["zürich"]["section"] == "Main question"
    assert graph.nodes[conclusion]["section"] == "Reconstruction"
    warned = {(w.line, w.message.split(":")[0]) for w in build.warnings}
    assert (1, "front matter keys skipped") in warned
    assert (19, "Argdown data {isGroup") in warned
    assert (32, "untitled text with no relation is not part of the map; give it a [title] to keep it") in warned


def test_argdown_relation_without_parent_is_an_error(tmp_path):
    path = tmp_path / "x.argdown"
    path.write_text("# H\n\n  + [A]: text\n")
    with pytest.raises(ArgmapError, match=r"x.argdown:3:3: error: relation without an element"):
        formats.read(str(path))


def test_unknown_format_named():
    with pytest.raises(ArgmapError, match="unknown input format 'docx'"):
        formats.load(str(ESSAY), "docx")


def test_microtexts_undercut_of_an_undercut_and_example(tmp_path):
    # micro_b005 and micro_k021 hold an und edge aimed at another und edge.
    xml = """<arggraph id="m"><edu id="e1">A.</edu><edu id="e2">B.</edu><edu id="e3">C.</edu><edu id="e4">D.</edu>
    <adu id="a1" type="pro"/><adu id="a2" type="pro"/><adu id="a3" type="opp"/><adu id="a4" type="pro"/>
    <edge id="c1" src="e1" trg="a1" type="seg"/><edge id="c2" src="e2" trg="a2" type="seg"/>
    <edge id="c3" src="e3" trg="a3" type="seg"/><edge id="c4" src="e4" trg="a4" type="seg"/>
    <edge id="c5" src="a2" trg="a1" type="exa"/><edge id="c6" src="a3" trg="c5" type="und"/>
    <edge id="c7" src="a4" trg="c6" type="und"/></arggraph>"""
    path = tmp_path / "m.xml"
    path.write_text(xml)
    build = formats.load(str(path))
    example = ("support", ("a2",), "a1", "exa")
    undercut = ("attack", ("a3",), example, None)
    assert shapes(build.graph) == {example, undercut, ("attack", ("a4",), undercut, None)}
    assert [n for n in model.statements(build.graph) if build.graph.nodes[n]["kind"] == "thesis"] == ["a1"]
    assert build.warnings == []


def test_aif_conflict_on_a_conflict_is_an_undercut_of_an_undercut(tmp_path):
    nodes = [{"nodeID": i, "text": t, "type": "I"} for i, t in (("1", "Cafés help"), ("2", "Noise hurts"), ("3", "Glazing works"), ("4", "Glazing is rare"))]
    nodes += [{"nodeID": "5", "text": "Argument From Consequences", "type": "RA"}, {"nodeID": "6", "text": "Default Conflict", "type": "CA"},
              {"nodeID": "7", "text": "Default Conflict", "type": "CA"}]
    edges = [("2", "5"), ("5", "1"), ("3", "6"), ("6", "5"), ("4", "7"), ("7", "6")]
    path = tmp_path / "ca.json"
    path.write_text(json.dumps({"nodes": nodes, "edges": [{"edgeID": str(i), "fromID": a, "toID": b} for i, (a, b) in enumerate(edges)]}))
    build = formats.load(str(path))
    support = ("support", ("noise-hurts",), "cafés-help", "Argument From Consequences")  # the scheme is the title
    undercut = ("attack", ("glazing-works",), support, None)
    assert shapes(build.graph) == {support, undercut, ("attack", ("glazing-is-rare",), undercut, None)}


@pytest.mark.parametrize("offsets", ["0 " + "9" * 5000, "0 1;2 " + "9" * 5000])
def test_brat_offsets_of_thousands_of_digits_are_a_malformed_line(tmp_path, offsets):
    with pytest.raises(ArgmapError, match=r":1:1: error: malformed T \(text-bound\) line"):
        formats.read(copy_pair(tmp_path, b"short text", f"T1\tClaim {offsets}\tx\n"))


@pytest.mark.parametrize("odd_id", ["T\u00b2", "T" + "9" * 5000])
def test_brat_export_counts_past_ids_that_are_no_number(tmp_path, odd_id):
    """A kept T id that is no number argmap can count from (a superscript digit, 5,000 digits) is renumbered, not a crash."""
    ann = copy_pair(tmp_path, b"Tea is good. Milk helps.", f"{odd_id}\tMajorClaim 0 11\tTea is good\nT2\tPremise 13 23\tMilk helps\nR1\tsupports Arg1:T2 Arg2:{odd_id}\n")
    written = formats.write(formats.read(ann), "brat", "Tea is good. Milk helps.")
    assert "T2\tPremise 13 23\tMilk helps" in written["ann"]
    assert "\tMajorClaim 0 11\tTea is good" in written["ann"]
