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
