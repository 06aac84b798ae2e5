"""Corpus builds and statistics."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from argmap import corpus, formats, model

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


@pytest.mark.parametrize("load, running, workers", [
    (0.2, None, 4), (1.4, None, 3), (3.6, None, 1), (9.0, None, 1), (None, None, 4),
    (1.4, 0, 4),  # the load average still counts a job that has ended
    (3.6, 1, 3), (1.4, 5, 3), (None, 2, 4),
])
def test_default_workers_are_the_idle_cores(monkeypatch, load, running, workers):
    def loadavg():
        if load is None:
            raise OSError("no load average here")
        return (load, load, load)

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(os, "getloadavg", loadavg)
    monkeypatch.setattr(corpus, "_running_now", lambda: running)
    assert corpus.idle_cores() == workers


def test_processes_running_now_are_read_from_the_system():
    running = corpus._running_now()
    if not Path("/proc/loadavg").exists():
        assert running is None
        return
    assert isinstance(running, int) and running >= 0


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
        "thesis": 1, "claim": 0, "evidence": 2, "rebuttal": 3, "support": 2, "attack": 1, "undercut": 1,
        "linked": 1, "depth": 1, "unsupported": 0,  # the undercut is joint: und + add, one inference of two premises
    }


def test_stats_depth_is_cycle_safe_and_counts_links():
    graph = model.new_graph("x", "0")
    for id in "abcd":
        model.add_statement(graph, id, "claim", id)
    model.add_inference(graph, "support", ["a"], "b")
    model.add_inference(graph, "support", ["b"], "a")  # a cycle does not make chains endless
    model.add_inference(graph, "support", ["b", "d"], "c")
    counts = corpus.stats(graph)
    assert counts["depth"] == 1 and counts["linked"] == 1
    assert counts["unsupported"] == 1  # d: a claim nothing supports (a and b support each other)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 9).flatmap(lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0))), max_size=3 * n if n else 0))))
def test_stats_depth_is_the_longest_path_of_the_condensation(case):
    """The depth of `stats` (peeling, then components only where cycles are) is what networkx's condensation gives."""
    import networkx as nx

    size, pairs = case
    chains = nx.DiGraph()
    chains.add_nodes_from(range(size))
    chains.add_edges_from(pairs)
    expected = nx.dag_longest_path_length(nx.condensation(chains)) if size else 0
    assert corpus._depth(size, pairs) == expected


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


# -- a batch survives its documents: companions, name clashes, crashes, stale maps --------------

def aif_folder(folder: Path, count: int) -> None:
    """An AIFdb download: nodesetN.json with its transcript nodesetN.txt."""
    folder.mkdir(exist_ok=True)
    for n in range(1, count + 1):
        shutil.copy(FIXTURES / "aifdb_sample.json", folder / f"nodeset{n}.json")
        (folder / f"nodeset{n}.txt").write_text("Cafés should stay open late. Night workers need somewhere to eat.\n")


def test_an_aif_transcript_is_part_of_its_document_not_a_second_one(tmp_path):
    from conftest import run_cli

    aif_folder(tmp_path / "aif", 3)
    result = run_cli("build", str(tmp_path / "aif"), "-o", str(tmp_path / "maps"), "-j", "1")
    assert result.exit_code == 0, result.output
    assert "built 3 of 3 documents" in result.output
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == ["nodeset1.json", "nodeset2.json", "nodeset3.json"]
    assert json.loads((tmp_path / "maps" / "nodeset1.json").read_text())["graph"]["source"].endswith("nodeset1.json")
    stats = run_cli("stats", str(tmp_path / "aif"), "--json")
    assert len(json.loads(stats.stdout)) == 3


def test_two_documents_with_one_stem_get_two_maps(tmp_path):
    from conftest import run_cli

    folder = tmp_path / "essays"
    folder.mkdir()
    (folder / "essay.txt").write_text("[A thesis]{#t .thesis}\n[first]{.evidence +t}\n")
    (folder / "essay.md").write_text("[Another thesis]{#t .thesis}\n[second]{.evidence +t}\n")
    result = run_cli("build", str(folder), "-o", str(tmp_path / "maps"), "-j", "1")
    assert result.exit_code == 0, result.output
    assert "built 2 of 2 documents" in result.output
    maps = {p.name: json.loads(p.read_text()) for p in (tmp_path / "maps").iterdir()}
    assert sorted(maps) == ["essay.md.json", "essay.txt.json"]
    assert {m["graph"]["source"].rsplit(".", 1)[1] for m in maps.values()} == {"md", "txt"}


def test_map_names_are_distinct_whatever_the_paths():
    files = ["a/x.txt", "b/x.txt", "a/y.txt", "a/y.md", "a/b/z.txt", "a__b/z.txt", "A/Q.txt", "a/q.txt", "a/x.txt"]
    names = corpus.map_names(files)
    assert len({name.casefold() for name in names.values()}) == len(set(files))
    assert names["a/y.txt"] == "y.txt.json" and names["a/x.txt"] == "a__x.json" and names["a__b/z.txt"] == "a__b__z.txt.2.json"


def test_a_corpus_built_into_its_own_folder_never_replaces_an_input(tmp_path):
    from conftest import assert_no_traceback, run_cli

    corp = tmp_path / "corp"
    corp.mkdir()
    shutil.copy(FIXTURES / "aifdb_sample.json", corp / "debate.json")
    shutil.copy(Path(__file__).parent / "data" / "solar.txt", corp / "solar.txt")
    before = (corp / "debate.json").read_bytes()
    result = run_cli("build", str(corp), "-o", str(corp), "-j", "1")
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert f"{corp / 'debate.json'}: error: refusing to overwrite an input of this run" in result.output
    assert (corp / "debate.json").read_bytes() == before
    assert json.loads((corp / "solar.json").read_text())["graph"]["format"] == "argmap"
    assert "built 1 of 2 documents" in result.output


def test_one_crashing_document_does_not_stop_the_batch(tmp_path, monkeypatch):
    from conftest import assert_no_traceback, run_cli

    aif_folder(tmp_path / "aif", 3)
    real_load = formats.load

    def load(path, fmt=None):
        if path.endswith("nodeset2.json"):
            raise ZeroDivisionError("a bug")
        return real_load(path, fmt)

    monkeypatch.setattr(formats, "load", load)
    result = run_cli("build", str(tmp_path / "aif"), "-o", str(tmp_path / "maps"), "-j", "1")
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert f"{tmp_path / 'aif' / 'nodeset2.json'}: error: internal error while building it: ZeroDivisionError: a bug" in result.output
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == ["nodeset1.json", "nodeset3.json"]
    assert "built 2 of 3 documents" in result.output


def test_a_worker_that_dies_costs_only_its_own_document(tmp_path, monkeypatch):
    aif_folder(tmp_path, 9)
    real_build_one = corpus.build_one

    def build_one(path, fmt=None):
        if path.endswith("nodeset4.json"):
            os._exit(9)  # as the out-of-memory killer would
        return real_build_one(path, fmt)

    build_one.__module__, build_one.__qualname__ = "argmap.corpus", "build_one"  # pickled by name; forked workers inherit it
    monkeypatch.setattr(corpus, "build_one", build_one)
    results = corpus.build_many(corpus.expand([str(tmp_path)]), jobs=2)
    assert [r.ok for r in results] == [True] * 3 + [False] + [True] * 5
    assert "the process building it died" in str(results[3].errors[0])


def test_a_document_that_now_fails_loses_its_stale_map_and_says_so(tmp_path):
    from conftest import run_cli

    folder = tmp_path / "essays"
    folder.mkdir()
    (folder / "good.txt").write_text("[A thesis]{#t .thesis}\n[ok]{.evidence +t}\n")
    (folder / "later-bad.txt").write_text("[A thesis]{#t .thesis}\n[ok]{.evidence +t}\n")
    maps = tmp_path / "maps"
    assert run_cli("build", str(folder), "-o", str(maps)).exit_code == 0
    assert (maps / "later-bad.json").exists()
    (folder / "later-bad.txt").write_text("[A thesis]{#t .thesis}\n[broken]{.evidence +nowhere}\n")
    (folder / "notes.md").write_text("[x]{.cliam}\n")
    (maps / "notes.json").write_text("my own notes, not a map\n")
    result = run_cli("build", str(folder), "-o", str(maps))
    assert result.exit_code == 1
    assert f"{maps / 'later-bad.json'}: note: removed the map an earlier build wrote, as its document now fails" in result.output
    assert not (maps / "later-bad.json").exists()
    assert (maps / "notes.json").read_text() == "my own notes, not a map\n"  # not a map: left alone
    assert (maps / "good.json").exists()

