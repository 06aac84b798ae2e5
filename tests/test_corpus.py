"""Corpus builds and statistics."""

from __future__ import annotations

import shutil
from pathlib import Path

from argmap import corpus, formats, model

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


def test_build_many_reports_failures_without_stopping(tmp_path):
    for name in ("essay901.txt", "essay901.ann", "micro_k001.xml", "cafes.argdown"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "broken.ann").write_text("T1\tClaim 0 4\tnope\n")
    (tmp_path / "broken.txt").write_text("text")
    paths = corpus.expand([str(tmp_path)]) * 3  # enough files to use the process pool
    seen = []
    results = corpus.build_many(paths, jobs=2, progress=seen.append)
    assert [r.path for r in results] == paths == [r.path for r in seen]
    assert [Path(p).name for p in paths[:4]] == ["broken.ann", "cafes.argdown", "essay901.ann", "micro_k001.xml"]
    failed = [r for r in results if not r.ok]
    assert len(failed) == 3 and all("broken.ann:1:1: error" in str(r.errors[0]) for r in failed)
    assert all(r.graph.number_of_nodes() for r in results if r.ok)
    assert [r.ok for r in corpus.build_many(paths[:4], jobs=1)] == [r.ok for r in results[:4]]


def test_stats_counts():
    graph = formats.read(str(FIXTURES / "micro_k001.xml"))
    counts = corpus.stats(graph)
    assert counts == {
        "thesis": 1, "claim": 0, "evidence": 2, "rebuttal": 3, "support": 2, "attack": 1, "undercut": 2,
        "linked": 0, "depth": 1, "unsupported": 0,
    }


def test_stats_depth_is_cycle_safe_and_counts_links():
    graph = model.new_graph("x", "0")
    for id in "abcd":
        model.add_statement(graph, id, "claim", id)
    model.add_relation(graph, "a", "b", "support")
    model.add_relation(graph, "b", "a", "support")  # a cycle does not make chains endless
    model.add_relation(graph, "b", "c", "support", link="g")
    model.add_relation(graph, "d", "c", "support", link="g")
    counts = corpus.stats(graph)
    assert counts["depth"] == 1 and counts["linked"] == 1
    assert counts["unsupported"] == 1  # d: a claim nothing supports (a and b support each other)


def test_format_stats_total_row():
    rows = [("one", dict.fromkeys(corpus.COLUMNS, 1)), ("two", {**dict.fromkeys(corpus.COLUMNS, 2), "depth": 5})]
    lines = corpus.format_stats(rows).splitlines()
    assert lines[0].split()[:3] == ["document", "thesis", "claim"]
    assert lines[-1].split() == ["total", "(2)", *(["3"] * 8), "5", "3"]


def test_stats_command_reports_failures_and_exits_1(tmp_path):
    from conftest import assert_no_traceback, run_cli

    shutil.copy(FIXTURES / "micro_k001.xml", tmp_path / "m.xml")
    (tmp_path / "bad.xml").write_text("<arggraph><edu")
    result = run_cli("stats", str(tmp_path))
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "bad.xml" in result.output and "not well-formed XML" in result.output
    assert result.output.splitlines()[-1].split()[:3] == ["total", "(1)", "1"]


def test_export_command_brat_pair(tmp_path):
    from conftest import run_cli

    result = run_cli("export", str(FIXTURES / "essay901.ann"), "--to", "brat", "-o", str(tmp_path / "copy"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "copy.txt").read_bytes() == (FIXTURES / "essay901.txt").read_bytes()
    assert formats.read(str(tmp_path / "copy.ann")).nodes["T1"]["kind"] == "thesis"


def test_expand_lists_each_document_once(tmp_path):
    for name in ("essay1.ann", "essay1.txt", "micro_b001.xml", "micro_b001.txt", "notes.txt", ".hidden.txt", "annotation.conf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    listed = [Path(p).name for p in corpus.expand([str(tmp_path)])]
    assert listed == ["essay1.ann", "micro_b001.xml", "notes.txt"]
