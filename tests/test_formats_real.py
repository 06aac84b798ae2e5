"""Readers on the structures of the real corpora as published.

Each fixture under fixtures/formats/real/ is written by hand to reproduce one
structure met in a published file (the corpora themselves may not be
redistributed); docs/formats.md, "Tested on", lists the files.
"""

from __future__ import annotations

import json
from pathlib import Path

from argmap import formats
from argmap import model
from conftest import assert_no_traceback, run_cli, shapes

REAL = Path(__file__).parent / "fixtures" / "formats" / "real"


def relations(graph):
    """Each inference as (relation, premises, target), or with its title when it has one."""
    return {shape if shape[3] else shape[:3] for shape in shapes(graph)}


def messages(build):
    return [(w.line, w.message) for w in build.warnings]


def test_argdown_premise_shared_by_two_arguments_for_one_conclusion_serves_both():
    # Semmelweis debate: [Medical Students vs Midwives] is premise (2) of two arguments for the same conclusion.
    build = formats.load(str(REAL / "shared_premise.argdown"))
    graph = build.graph
    assert relations(graph) == {
        ("support", ("late-cafés", "night-buses-stop-near-cafés"), "busy-streets", "Buses"),
        ("support", ("late-cafés", "lit-windows-draw-walkers"), "busy-streets", "Lights"),
    }
    assert [(i.line, i.col) for i in model.inferences(graph)] == [(5, 3), (12, 3)]
    assert [m for m in messages(build) if "left out" in m[1]] == []


def test_brat_export_of_a_map_without_spans_is_a_one_line_error(tmp_path):
    # Argdown's example debates have no essay text, so brat has nothing to point into.
    result = run_cli("export", str(REAL / "shared_premise.argdown"), "--to", "brat", "-o", str(tmp_path / "out"))
    assert_no_traceback(result)
    assert result.exit_code == 1 and "brat needs an essay text" in result.output
    assert not (tmp_path / "out.ann").exists()


def test_ova_export_nested_under_aif_keeps_statements_and_speakers():
    # OVA3 wraps AIF in "AIF" beside an HTML "text" and an "OVA" layout; L nodes read "Name: words".
    build = formats.load(str(REAL / "ova_nested.json"))
    graph = build.graph
    assert sorted(model.statements(graph)) == ["cafés-should-stay-open-late", "night-workers-need-somewhere-warm"]
    assert relations(graph) == {("support", ("night-workers-need-somewhere-warm",), "cafés-should-stay-open-late")}
    # Ada is named through locutions/participants; Bo only by the prefix of the L node text.
    assert graph.nodes["cafés-should-stay-open-late"]["speaker"] == "Participant Ada"
    assert graph.nodes["night-workers-need-somewhere-warm"]["speaker"] == "Participant Bo"


def test_aif_preference_nodes_are_reported_not_silently_dropped():
    build = formats.load(str(REAL / "ova_nested.json"))
    assert [m for _, m in messages(build) if "PA" in m] == ["1 PA node skipped: argmap reads I, RA, CA and MA nodes"]


def test_xaif_integer_node_ids_and_null_sections_load():
    # xAIF (argument-mining pipelines): integer ids, null schemefulfillments, a locution naming no known participant.
    build = formats.load(str(REAL / "xaif_integer_ids.json"))
    graph = build.graph
    assert relations(graph) == {("support", ("people-walk-past-them-at",), "cafés-help-the-street")}
    assert graph.nodes["cafés-help-the-street"]["speaker"] == "Speaker 1"
    assert "speaker" not in graph.nodes["people-walk-past-them-at"]


def test_aif_pair_related_twice_keeps_both_relations():
    # AIFdb maps relate alternatives both ways by CA nodes and may add an MA between the same pair.
    build = formats.load(str(REAL / "aifdb_pair_twice.json"))
    ekrem, binali = "ekrem-will-win-the-election", "binali-will-win-the-election"
    assert relations(build.graph) == {
        ("attack", (ekrem,), binali), ("attack", (binali,), ekrem), ("support", (ekrem,), binali),
    }
    assert [m for _, m in messages(build) if "skipped" in m or "left out" in m] == []


def test_aif_rephrase_of_an_i_node_as_itself_is_skipped_with_one_warning(tmp_path):
    # QT30 nodeset18320, MA 543107: an MA node whose premise and conclusion are the same I node.
    data = json.loads((REAL / "aifdb_pair_twice.json").read_text(encoding="utf-8"))
    for node_id in ("6001", "6002"):
        data["nodes"].append({"nodeID": node_id, "text": "Default Rephrase", "type": "MA"})
        data["edges"] += [{"edgeID": node_id + "a", "fromID": "5001", "toID": node_id}, {"edgeID": node_id + "b", "fromID": node_id, "toID": "5001"}]
    path = tmp_path / "nodeset.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    build = formats.load(str(path))
    assert len(relations(build.graph)) == 3
    assert [m for _, m in messages(build) if "MA" in m] == ["2 MA nodes (6001, 6002) rephrase an I node as itself; skipped"]


def test_microtext_joint_of_two_segments_is_one_unit():
    # arggraph.dtd: EDU -> JOINT -> ADU seg edges when adjacent segments only count together.
    build = formats.load(str(REAL / "micro_joint.xml"))
    graph = build.graph
    text = formats.source_text(graph)
    assert text == "Cafés should stay open late. Night workers need somewhere warm, and nowhere else is open."
    [span] = graph.nodes["a2"]["spans"]
    assert text[span["start"]:span["end"]] == "Night workers need somewhere warm, and nowhere else is open."
    assert relations(graph) == {("support", ("a2",), "a1")}
    assert build.warnings == []


def test_microtext_implicit_segment_is_an_implicit_statement_outside_the_text():
    # Part 2 of the corpus reconstructs an unstated central claim as <edu implicit="true">.
    graph = formats.read(str(REAL / "micro_implicit.xml"))
    assert formats.source_text(graph) == "Night workers need somewhere warm. Café owners earn more after dark."
    thesis = graph.nodes["a1"]
    assert (thesis["implicit"], thesis["spans"], thesis["text"]) == (True, [], "Cafés should stay open late.")
    assert thesis["kind"] == "thesis"
    assert relations(graph) == {("support", ("a2",), "a1"), ("support", ("a3",), "a1")}


def test_brat_aae_essay_title_line_becomes_the_map_title():
    # AAE .txt files open with the essay prompt, a blank line, then the essay (LF, no final newline);
    # .ann files interleave T/A/R lines, end R lines with a tab and may carry AnnotatorNotes.
    build = formats.load(str(REAL / "essay_title.ann"))
    graph = build.graph
    assert graph.graph["title"] == "Should towns keep cafés open late?"
    assert {n: graph.nodes[n]["kind"] for n in model.statements(graph)} == {"T1": "thesis", "T3": "claim", "T4": "evidence", "T5": "claim"}
    assert relations(graph) == {("support", ("T3",), "T1"), ("support", ("T4",), "T3"), ("attack", ("T5",), "T1")}
    assert [w for w in build.warnings if "skipped" in w.message or "does not match" in w.message] == []


def test_brat_text_without_a_title_line_has_no_title(tmp_path):
    (tmp_path / "e.txt").write_text("Cafés help the street. Noise hurts.\n\nMore prose.", encoding="utf-8")
    (tmp_path / "e.ann").write_text("T1\tMajorClaim 0 21\tCafés help the street\n", encoding="utf-8")
    assert formats.read(str(tmp_path / "e.ann")).graph["title"] is None


def test_argdown_markup_of_the_example_debates_is_read_as_plain_text():
    # Argdown's examples (primer, state-censorship: CRLF) use emphasis, tags #(...), {data}, comments,
    # multi-line front matter values, `-- rule {data} --` inference lines and `<_` undercuts.
    build = formats.load(str(REAL / "argdown_markup_crlf.argdown"))
    graph = build.graph
    assert graph.graph["title"] == "Late cafés -- a test debate"
    texts = {n: graph.nodes[n]["text"] for n in model.statements(graph)}
    assert texts["late-cafés"] == "Cafés should stay open late."
    assert texts["warm-place"] == "Night workers need somewhere warm."
    assert texts["noise"] == "Neighbours cannot sleep."
    assert {graph.nodes[n]["section"] for n in model.statements(graph)} == {"Keeping cafés open"}
    quiet = "cafés-stay-quiet-after-midnight"
    noise = ("attack", ("noise",), "late-cafés", None)
    assert {shape[:3] for shape in shapes(graph)} == {
        ("support", ("warm-place",), "late-cafés"),
        noise[:3],
        ("attack", ("double-glazing",), noise),
        ("support", ("rules", "agreed-rules-are-kept"), quiet),
        ("attack", (quiet,), "all-night"),
        ("attack", ("all-night",), quiet),
    }
    assert sorted((w.line, w.message.split(":")[0]) for w in build.warnings if "skipped" in w.message) == [
        (1, "front matter keys skipped"), (14, "Argdown data {isGroup"), (17, "Argdown tags (#tag) skipped"),
        (21, 'Argdown data {source'),
    ]
