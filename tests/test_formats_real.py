"""Readers on the structures of the real corpora as published.

Each fixture under fixtures/formats/real/ is written by hand to reproduce one
structure met in a published file (the corpora themselves may not be
redistributed); docs/formats.md, "Tested on", lists the files.
"""

from __future__ import annotations

from pathlib import Path

from argmap import formats
from conftest import assert_no_traceback, run_cli

REAL = Path(__file__).parent / "fixtures" / "formats" / "real"


def relations(graph):
    return {(u, v): (d["relation"], d["link"]) for u, v, d in graph.edges(data=True)}


def messages(build):
    return [(w.line, w.message) for w in build.warnings]


def test_argdown_premise_shared_by_two_arguments_for_one_conclusion_is_kept_once():
    # Semmelweis debate: [Medical Students vs Midwives] is premise (2) of two arguments for the same conclusion.
    build = formats.load(str(REAL / "shared_premise.argdown"))
    graph = build.graph
    assert relations(graph) == {
        ("late-cafés", "busy-streets"): ("support", "buses-1"),
        ("night-buses-stop-near-cafés", "busy-streets"): ("support", "buses-1"),
        ("lit-windows-draw-walkers", "busy-streets"): ("support", "lights-1"),
    }
    assert graph.edges["late-cafés", "busy-streets"]["line"] == 5
    [(line, message)] = [m for m in messages(build) if "already supports" in m[1]]
    assert line == 12 and "(line 5)" in message


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
    assert sorted(graph.nodes) == ["cafés-should-stay-open-late", "night-workers-need-somewhere-warm"]
    assert relations(graph) == {("night-workers-need-somewhere-warm", "cafés-should-stay-open-late"): ("support", None)}
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
    assert relations(graph) == {("people-walk-past-them-at", "cafés-help-the-street"): ("support", None)}
    assert graph.nodes["cafés-help-the-street"]["speaker"] == "Speaker 1"
    assert "speaker" not in graph.nodes["people-walk-past-them-at"]


def test_aif_pair_related_twice_keeps_the_first_relation_with_a_warning():
    # AIFdb maps relate alternatives both ways by CA nodes and may add an MA between the same pair.
    build = formats.load(str(REAL / "aifdb_pair_twice.json"))
    assert relations(build.graph) == {
        ("ekrem-will-win-the-election", "binali-will-win-the-election"): ("attack", None),
        ("binali-will-win-the-election", "ekrem-will-win-the-election"): ("attack", None),
    }
    [message] = [m for _, m in messages(build) if "already" in m]
    assert "already attacks 'binali-will-win-the-election' as attack" in message and "this support is left out" in message


def test_microtext_joint_of_two_segments_is_one_unit():
    # arggraph.dtd: EDU -> JOINT -> ADU seg edges when adjacent segments only count together.
    build = formats.load(str(REAL / "micro_joint.xml"))
    graph = build.graph
    text = formats.source_text(graph)
    assert text == "Cafés should stay open late. Night workers need somewhere warm, and nowhere else is open."
    [span] = graph.nodes["a2"]["spans"]
    assert text[span["start"]:span["end"]] == "Night workers need somewhere warm, and nowhere else is open."
    assert relations(graph) == {("a2", "a1"): ("support", None)}
    assert build.warnings == []


def test_microtext_implicit_segment_is_an_implicit_statement_outside_the_text():
    # Part 2 of the corpus reconstructs an unstated central claim as <edu implicit="true">.
    graph = formats.read(str(REAL / "micro_implicit.xml"))
    assert formats.source_text(graph) == "Night workers need somewhere warm. Café owners earn more after dark."
    thesis = graph.nodes["a1"]
    assert (thesis["implicit"], thesis["spans"], thesis["text"]) == (True, [], "Cafés should stay open late.")
    assert thesis["kind"] == "thesis"
    assert relations(graph) == {("a2", "a1"): ("support", None), ("a3", "a1"): ("support", None)}


def test_brat_aae_essay_title_line_becomes_the_map_title():
    # AAE .txt files open with the essay prompt, a blank line, then the essay (LF, no final newline);
    # .ann files interleave T/A/R lines, end R lines with a tab and may carry AnnotatorNotes.
    build = formats.load(str(REAL / "essay_title.ann"))
    graph = build.graph
    assert graph.graph["title"] == "Should towns keep cafés open late?"
    assert {n: k for n, k in graph.nodes(data="kind")} == {"T1": "thesis", "T3": "claim", "T4": "evidence", "T5": "claim"}
    assert relations(graph) == {("T3", "T1"): ("support", None), ("T4", "T3"): ("support", None), ("T5", "T1"): ("attack", None)}
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
    texts = dict(graph.nodes(data="text"))
    assert texts["late-cafés"] == "Cafés should stay open late."
    assert texts["warm-place"] == "Night workers need somewhere warm."
    assert texts["noise"] == "Neighbours cannot sleep."
    assert set(dict(graph.nodes(data="section")).values()) == {"Keeping cafés open"}
    assert {(u, v): d["relation"] for u, v, d in graph.edges(data=True)} == {
        ("warm-place", "late-cafés"): "support",
        ("noise", "late-cafés"): "attack",
        ("double-glazing", "late-cafés"): "undercut",
        ("rules", "cafés-stay-quiet-after-midnight"): "support",
        ("agreed-rules-are-kept", "cafés-stay-quiet-after-midnight"): "support",
        ("cafés-stay-quiet-after-midnight", "all-night"): "attack",
        ("all-night", "cafés-stay-quiet-after-midnight"): "attack",
    }
    assert graph.edges["double-glazing", "late-cafés"]["premises"] == ["noise"]
    assert sorted((w.line, w.message.split(":")[0]) for w in build.warnings if "skipped" in w.message) == [
        (1, "front matter keys skipped"), (14, "Argdown data {isGroup"), (17, "Argdown tags (#tag) skipped"),
        (21, 'Argdown data {source'),
    ]
