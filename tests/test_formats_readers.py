"""Readers: each fixture follows its format's published description; expected values are worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap import formats
from argmap.errors import ArgmapError

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
ESSAY = FIXTURES / "essay901.txt"


def edges(graph):
    return {(u, v): (d["relation"], d["link"], d["premises"]) for u, v, d in graph.edges(data=True)}


def test_brat_major_claims_are_one_thesis_with_spans_in_document_order():
    graph = formats.read(str(FIXTURES / "essay901.ann"))
    text = ESSAY.read_text(encoding="utf-8")
    thesis = graph.nodes["T1"]
    assert thesis["kind"] == "thesis" and "T5" not in graph
    assert [text[s["start"]:s["end"]] for s in thesis["spans"]] == ["towns should keep cafés open late", "late cafés serve the town"]
    assert (thesis["spans"][0]["line"], thesis["spans"][0]["col"]) == (3, 13)
    assert graph.nodes["T2"]["text"] == "Night workers need a warm place — “a second kitchen”"
    assert {n: d["kind"] for n, d in graph.nodes(data=True)} == {"T1": "thesis", "T2": "evidence", "T3": "claim", "T4": "rebuttal"}
    assert edges(graph) == {
        ("T2", "T1"): ("support", None, None), ("T3", "T1"): ("attack", None, None), ("T4", "T3"): ("attack", None, None),
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


def test_aif_from_aifdb():
    graph = formats.read(str(FIXTURES / "aifdb_sample.json"))
    thesis = "cafés-should-stay-open-late"
    linked = ("night-workers-need-somewhere-to", "nothing-else-is-open-at")
    assert graph.nodes[thesis]["kind"] == "thesis" and graph.nodes[thesis]["speaker"] == "Anna Berg"
    assert edges(graph) == {
        (linked[0], thesis): ("support", "ra13", None),
        (linked[1], thesis): ("support", "ra13", None),
        ("late-cafés-are-noisy", thesis): ("attack", None, None),
        ("kebab-shops-are-open-at", thesis): ("undercut", None, list(linked)),
        ("keep-cafés-open-after-midnight", thesis): ("support", None, None),  # MA: rephrase backs the original
    }
    assert graph.nodes["kebab-shops-are-open-at"]["kind"] == "rebuttal"
    assert "Anna" not in " ".join(d["text"] for _, d in graph.nodes(data=True) if d["text"].startswith("Anna"))


def test_aif_rejects_non_aif(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"nodes": 3, "edges": []}')
    with pytest.raises(ArgmapError, match="not AIF"):
        formats.read(str(path), "aif")


def test_microtexts_linked_undercut_and_segments():
    graph = formats.read(str(FIXTURES / "micro_k001.xml"))
    assert edges(graph) == {
        ("a2", "a1"): ("support", None, None),
        ("a3", "a1"): ("attack", None, None),
        ("a4", "a1"): ("undercut", None, ["a3"]),
        ("a5", "a1"): ("undercut", None, ["a3"]),  # `add` on the und edge: a linked undercutter
        ("a6", "a1"): ("support", None, None),
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
    assert edges(graph) == {("a2", "a1"): ("support", "c4", None), ("a3", "a1"): ("support", "c4", None)}


def test_argdown_subset():
    build = formats.load(str(FIXTURES / "cafes.argdown"))
    graph = build.graph
    assert graph.graph["title"] == "Late-night cafés"
    conclusion = "streets-near-open-cafés-are"
    assert edges(graph) == {
        ("night-workers", "open-late"): ("support", None, None),
        ("noise", "open-late"): ("attack", None, None),
        ("few-streets", "open-late"): ("undercut", None, ["noise"]),
        ("zürich", conclusion): ("support", "safety-1", None),
        ("watched-streets-deter-thieves", conclusion): ("support", "safety-1", None),
        (conclusion, "open-late"): ("support", None, None),
        ("cost", "profit"): ("attack", None, None),
        ("profit", "cost"): ("attack", None, None),
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
