"""The `argmap` command as a user runs it: build, check, text, render, query."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main
from conftest import assert_no_traceback, run_cli

ROOT = Path(__file__).resolve().parents[1]
SOLAR = Path(__file__).parent / "data" / "solar.txt"
ESSAY = ROOT / "essays" / "iran-russia.txt"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "iran-russia-essay.txt"
SOLAR_IDS = ["warrant", "cheap", "auction-prices-fell-ninety-percent", "storage", "growth"]

# Non-ASCII, CRLF line endings, an escaped bracket pair: the plain text is counted by hand.
MIXED = "Café — [a claim \\[1\\]]{#c .thesis}\r\nline two [x]{#x .evidence +c}\r\n".encode("utf-8")
MIXED_PLAIN = "Café — a claim [1]\r\nline two x\r\n".encode("utf-8")


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- build ---------------------------------------------------------------------------


def test_build_writes_argmap_json_and_prints_a_summary(in_tmp):
    result = run_cli("build", str(SOLAR))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{SOLAR}: 5 statements (1 thesis, 2 claims, 1 evidence, 1 rebuttal), "
        "4 inferences (2 supports, 1 attack, 1 undercut) -> argmap.json\n"
    )
    data = json.loads((in_tmp / "argmap.json").read_text(encoding="utf-8"))
    assert data["graph"]["source"] == str(SOLAR)
    assert [node["id"] for node in data["nodes"] if node["type"] == "statement"] == SOLAR_IDS
    assert len(data["edges"]) == 9  # 5 premise edges, 4 conclusion edges


def test_build_to_stdout(in_tmp):
    result = run_cli("build", str(SOLAR), "-o", "-")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # nothing but the map on stdout
    assert [node["id"] for node in data["nodes"] if node["type"] == "statement"] == SOLAR_IDS
    assert "-> stdout" in result.stderr
    assert not (in_tmp / "argmap.json").exists()


def test_build_from_stdin(in_tmp):
    result = run_cli("build", "-", "-o", "-", input=MIXED)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [node["id"] for node in data["nodes"] if node["type"] == "statement"] == ["c", "x"]
    assert data["graph"]["source"] == "-"


def test_build_error_writes_nothing(in_tmp, write):
    result = run_cli("build", write("[x]{#x +nowhere}\n"))
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "unknown statement 'nowhere'" in result.stderr
    assert not (in_tmp / "argmap.json").exists()


def test_build_into_a_directory_is_one_line(tmp_path):
    result = run_cli("build", str(SOLAR), "-o", str(tmp_path))
    assert_no_traceback(result)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{tmp_path}: error: ")
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


# -- check ---------------------------------------------------------------------------


def test_check_prints_a_verdict_and_writes_nothing(in_tmp):
    result = run_cli("check", str(SOLAR))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{SOLAR}: 5 statements")
    assert result.stdout.rstrip().endswith("; ok")
    assert list(in_tmp.iterdir()) == []


def test_check_counts_warnings(write):
    result = run_cli("check", write("[C]{#c .claim}\n[E]{#e .evidence +c}\n"))
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("; 1 warning")


# -- text ----------------------------------------------------------------------------


def test_text_prints_exactly_the_plain_bytes(write):
    result = run_cli("text", write(MIXED))
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == MIXED_PLAIN


def test_text_reads_stdin():
    result = run_cli("text", "-", input=MIXED)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == MIXED_PLAIN


def test_text_of_unannotated_prose_is_unchanged(write):
    prose = "No marks here [sic], {braces} and a \\ backslash.\n\n# A heading\n"
    result = run_cli("text", write(prose))
    assert result.stdout_bytes == prose.encode("utf-8")


def test_text_keeps_a_byte_order_mark(write):
    result = run_cli("text", write(b"\xef\xbb\xbfHello [x]{#x .thesis}\n"))
    assert result.stdout_bytes == b"\xef\xbb\xbfHello x\n"


def test_text_refuses_a_broken_file(write):
    path = write("a [b]{.cliam}\n")
    result = run_cli("text", path)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:1:7: error: unknown kind")


# -- query ---------------------------------------------------------------------------


def test_query_list(in_tmp):
    result = run_cli("query", "--list", str(SOLAR))
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines()]
    assert [(row[0], row[1]) for row in rows] == [
        ("warrant", "claim"), ("cheap", "claim"), ("auction-prices-fell-ninety-percent", "evidence"),
        ("storage", "rebuttal"), ("growth", "thesis"),
    ]


def test_query_list_json_reads_argmap_json_by_default(in_tmp):
    assert run_cli("build", str(SOLAR)).exit_code == 0
    result = run_cli("query", "--list", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(row["id"], row["kind"]) for row in rows][:2] == [("warrant", "claim"), ("cheap", "claim")]


def test_query_claim_by_label(in_tmp):
    result = run_cli("query", "--claim", "Solar is cheapest", str(SOLAR))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0].startswith("Solar is cheapest")
    assert "Auction prices fell ninety percent in a decade" in out  # supports it
    assert "Storage is still expensive" in out  # attacks it
    assert "Countries should build solar" in out  # where it leads
    trees = out[out.index("Supported by"):]  # the evaluation above may name attackers too
    assert trees.index("Auction prices") < trees.index("Storage is still") < trees.index("Countries should")
    assert any(line.startswith("Status: ") for line in out.splitlines()[:6])


def test_query_claim_explains_status_and_strength(in_tmp):
    result = run_cli("query", "--claim", "thesis", "--json", str(ESSAY))
    assert result.exit_code == 0, result.output
    evaluation = json.loads(result.stdout)["evaluation"]
    assert evaluation["status"] in ("in", "out", "undec") and 0 <= evaluation["strength"] <= 1
    why = evaluation["why"]
    if evaluation["status"] == "out":
        assert why["defeated_by"] and all(entry["status"] == "in" for entry in why["defeated_by"])
    for answered in why["answered"]:
        assert answered["status"] == "out" and answered["defeated_by"]


def test_query_without_reports_changes_before_and_after(in_tmp):
    result = run_cli("query", "--claim", "thesis", "--without", "russia-needs-iran", "--json", str(ESSAY))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    changes = {change["id"]: change for change in report["changes"]}
    assert changes["russia-needs-iran"]["removed"] is True
    alliance = changes["alliance-deepens"]
    assert alliance["strength_after"] < alliance["strength_before"]  # it loses a supporter
    text = run_cli("query", "--claim", "thesis", "--without", "Russia needs Iran", str(ESSAY)).stdout
    assert "alliance-deepens" in text and " -> " in text


def test_query_without_nothing_but_commas_is_one_line(in_tmp):
    result = run_cli("query", "--claim", "thesis", "--without", " , ,", str(ESSAY))
    assert_no_traceback(result)
    assert result.exit_code == 1 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line == f"{ESSAY}: error: --without names no statement (give ids or words of the text, separated by commas)"


def test_query_critical_ranks_premises(in_tmp):
    result = run_cli("query", "--claim", "alliance-deepens", "--critical", "--json", str(ESSAY))
    assert result.exit_code == 0, result.output
    ranking = json.loads(result.stdout)["critical"]
    drops = [row["drop"] for row in ranking]
    assert drops == sorted(drops, reverse=True)
    assert ranking[0]["id"] in ("russia-needs-iran", "iran-needs-russia")


def test_render_evaluate_tags_statements(in_tmp):
    plain = run_cli("render", str(ESSAY), "-f", "dot", "-o", "-").stdout
    shaded = run_cli("render", str(ESSAY), "-f", "dot", "-o", "-", "--evaluate").stdout
    assert "UNDEC" not in plain and "OUT" not in plain
    assert "OUT" in shaded or "IN" in shaded
    assert shaded != plain


def test_query_claim_json(in_tmp):
    result = run_cli("query", "--claim", "cheap", "--json", str(SOLAR))
    assert result.exit_code == 0, result.output
    description = json.loads(result.stdout)
    assert (description["id"], description["kind"], description["label"]) == ("cheap", "claim", "Solar is cheapest")


def test_query_ambiguous_claim_lists_candidates(in_tmp):
    result = run_cli("query", "--claim", "solar", str(SOLAR))
    assert_no_traceback(result)
    assert result.exit_code != 0
    assert "cheap" in result.output and "growth" in result.output


def test_query_needs_claim_or_list(in_tmp):
    result = run_cli("query", str(SOLAR))
    assert result.exit_code == 2
    assert "--claim" in result.output


def test_query_without_a_map_says_what_to_do(in_tmp):
    result = run_cli("query", "--list")
    assert_no_traceback(result)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("argmap.json: error: ") and "argmap build" in line


@pytest.mark.parametrize("options", [
    ["render", "-f", "dot", "-o", "-", "--focus", "nowhere"],
    ["query", "--claim", "nowhere"],
    ["query", "--claim", "cheap", "--without", "nowhere"],
    ["evaluate", "--base", "nowhere=0.5"],
])
def test_an_id_the_map_lacks_is_reported_against_that_map(options):
    result = run_cli(options[0], str(SOLAR), *options[1:])
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{SOLAR}: error: ") and "nowhere" in result.stderr


def test_a_map_on_stdin_is_read_as_a_map():
    built = run_cli("build", str(SOLAR), "-o", "-")
    listed = run_cli("query", "-", "--list", "--json", input=built.stdout)
    assert listed.exit_code == 0, listed.output
    assert [row["id"] for row in json.loads(listed.stdout)] == [row["id"] for row in json.loads(built.stdout)["nodes"] if row["type"] == "statement"]


def test_an_essay_on_stdin_exports_as_annotated_text():
    result = run_cli("export", "-", "--to", "argmap", input=SOLAR.read_bytes())
    assert result.exit_code == 0, result.output
    assert run_cli("text", "-", input=result.stdout).stdout == run_cli("text", str(SOLAR)).stdout


def test_a_saved_map_built_from_stdin_does_not_read_todays_stdin(in_tmp):
    run_cli("build", "-", input=SOLAR.read_bytes())
    result = run_cli("export", "argmap.json", "--to", "argmap", input=b"[other]{#o .thesis}\n")
    assert result.exit_code == 1
    assert "source cannot be read" in result.stderr


def test_check_reads_a_map_file_as_a_map(in_tmp):
    run_cli("build", str(SOLAR))
    checked = run_cli("check", "argmap.json")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout == run_cli("check", str(SOLAR)).stdout.replace(str(SOLAR), "argmap.json")


def test_a_folder_without_documents_is_named(tmp_path):
    result = run_cli("build", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path}: error: no documents found")


@pytest.mark.parametrize("command", [["query", "--list"], ["render", "-f", "dot", "-o", "-"]])
def test_essay_opening_with_a_brace_is_read_as_an_essay(write, command):
    path = write("{Draft} [T]{#t .thesis} [E]{#e .evidence +t}\n")
    assert run_cli("check", path).exit_code == 0
    result = run_cli(*command, path)
    assert result.exit_code == 0, result.output


# -- render --------------------------------------------------------------------------


def test_render_dot_to_stdout_without_graphviz(in_tmp, monkeypatch):
    monkeypatch.setenv("PATH", str(in_tmp))  # no `dot` anywhere
    result = run_cli("render", str(SOLAR), "--format", "dot", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith("digraph")
    assert result.stdout.rstrip().endswith("}")
    for label in ("Solar is cheapest", "Countries should build solar", "Storage is still expensive"):
        assert label in result.stdout
    assert list(in_tmp.iterdir()) == []


def sectioned_essay(statements: int) -> str:
    """An essay of `statements` statements under one thesis, a section heading every 40."""
    lines = ["# Opening", "[The thesis holds]{#t .thesis}."]
    for n in range(1, statements):
        if n % 40 == 0:
            lines.append(f"## Part {n // 40}")
        lines.append(f"[Reason number {n}]{{#r{n} .evidence +t}}.")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("statements, flag, boxed", [
    (2000, None, True),  # the default boxes sections while Graphviz lays them out in time
    (2001, None, False),  # beyond, a note says why they are not boxed
    (2001, "--clusters", True),
    (50, "--no-clusters", False),
])
def test_render_boxes_sections_up_to_a_size_graphviz_can_lay_out(in_tmp, statements, flag, boxed):
    (in_tmp / "big.txt").write_text(sectioned_essay(statements), encoding="utf-8")
    result = run_cli("render", "big.txt", "-f", "dot", "-o", "-", *([flag] if flag else []))
    assert result.exit_code == 0, result.output
    assert ('subgraph "cluster_section_' in result.stdout) is boxed
    noted = "note: sections are not boxed above 2,000 statements" in result.stderr
    assert noted is (flag is None and not boxed)


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz's dot")
def test_render_html_honours_no_clusters(in_tmp):
    (in_tmp / "small.txt").write_text(sectioned_essay(90), encoding="utf-8")
    boxed = run_cli("render", "small.txt", "-f", "html", "-o", "boxed.html")
    plain = run_cli("render", "small.txt", "-f", "html", "-o", "plain.html", "--no-clusters")
    assert boxed.exit_code == 0 and plain.exit_code == 0, boxed.output + plain.output
    clusters = [(in_tmp / name).read_text(encoding="utf-8").count('class="cluster"') for name in ("boxed.html", "plain.html")]
    assert clusters == [2 * 4, 2 * 1]  # two drawings (plain and evaluated): legend + 3 sections, then the legend alone


def test_render_without_dot_says_so_in_one_line(in_tmp, monkeypatch):
    monkeypatch.setenv("PATH", str(in_tmp))
    result = run_cli("render", str(SOLAR), "--format", "svg", "-o", "map.svg")
    assert_no_traceback(result)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert "error" in line and "install" in line.lower()
    assert not (in_tmp / "map.svg").exists()


def test_build_then_render_names_the_output_after_the_essay(in_tmp):
    assert run_cli("build", str(SOLAR)).exit_code == 0
    result = run_cli("render", "-f", "dot")
    assert result.exit_code == 0, result.output
    assert (in_tmp / "solar.dot").read_text(encoding="utf-8").lstrip().startswith("digraph")
    assert "solar.dot" in result.stdout


# -- help and packaging --------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_help_shows_an_example(command):
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"argmap {command}" in result.stdout


def test_top_level_help_shows_examples():
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "argmap build" in result.stdout and "argmap render" in result.stdout


def test_help_imports_neither_networkx_nor_graphviz_nor_pygls():
    probe = (
        "import sys\n"
        "from argmap.cli import main\n"
        "for args in (['--help'], *([name, '--help'] for name in sorted(main.commands))):\n"
        "    main(args, standalone_mode=False)\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('networkx', 'graphviz', 'pygls', 'lsprotocol'))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "HEAVY []" in done.stderr, done.stderr


def argmap_script() -> list[str]:
    """The installed `argmap` console script (falls back to `python -m argmap`)."""
    beside = Path(sys.executable).with_name("argmap")
    found = str(beside) if beside.exists() else shutil.which("argmap")
    return [found] if found else [sys.executable, "-m", "argmap"]


def test_real_subprocess_build_and_text(tmp_path):
    essay = tmp_path / "mixed.txt"
    essay.write_bytes(MIXED)
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}  # output must not depend on the locale
    built = subprocess.run(
        [sys.executable, "-m", "argmap", "build", "mixed.txt"], cwd=tmp_path, capture_output=True, env=env, timeout=60
    )
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith(b"mixed.txt: 2 statements")
    assert json.loads((tmp_path / "argmap.json").read_bytes())["graph"]["source"] == "mixed.txt"
    text = subprocess.run(argmap_script() + ["text", "mixed.txt"], cwd=tmp_path, capture_output=True, env=env, timeout=60)
    assert text.returncode == 0, text.stderr
    assert text.stdout == MIXED_PLAIN


def test_real_subprocess_error_has_no_traceback(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"[x]{.evidnce}\n")
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "check", "bad.txt"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.startswith("bad.txt:1:5: error: unknown kind")
    assert "Traceback" not in done.stderr


# -- the Iran-Russia essay -------------------------------------------------------------

needs_essay = pytest.mark.skipif(not ESSAY.exists(), reason="essays/iran-russia.txt is not written yet")


@needs_essay
@pytest.mark.skipif(not SEED.exists(), reason="the seed essay ../shared/seed/iran-russia-essay.txt is not beside the repository")
def test_essay_text_is_the_seed_byte_for_byte():
    result = run_cli("text", str(ESSAY))
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == SEED.read_bytes()


@needs_essay
def test_essay_builds_and_passes_strict_check(in_tmp):
    built = run_cli("build", str(ESSAY))
    assert built.exit_code == 0, built.output
    assert built.stderr == ""
    checked = run_cli("check", "--strict", str(ESSAY))
    assert checked.exit_code == 0, checked.output
    assert checked.stderr == ""
    data = json.loads((in_tmp / "argmap.json").read_text(encoding="utf-8"))
    assert len([n for n in data["nodes"] if n.get("kind") == "thesis"]) == 1


def test_an_unexpected_failure_is_one_line_not_a_traceback(in_tmp, monkeypatch):
    import argmap.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(argmap.pipeline, "build_file", broken)
    result = run_cli("check", str(SOLAR))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == ["argmap: internal error: RuntimeError: boom (set ARGMAP_DEBUG=1 for the traceback, and please report it)"]


def test_text_of_a_map_is_its_essay_and_of_argdown_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    essay = tmp_path / "essay.txt"
    essay.write_text("[The thesis holds]{#thesis .thesis} because [it does]{.evidence +thesis}.\n", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(essay), "-o", "map.json"]).exit_code == 0
    from_map = runner.invoke(main, ["text", "map.json"])
    assert from_map.exit_code == 0, from_map.output
    assert from_map.output == "The thesis holds because it does.\n"  # not the map's JSON
    (tmp_path / "debate.argdown").write_text("[A]: a claim.\n  + [B]: a reason.\n", encoding="utf-8")
    argdown = runner.invoke(main, ["text", "debate.argdown"])
    assert argdown.exit_code == 1
    assert argdown.output.strip() == "debate.argdown: error: this argdown file carries no essay text and names no essay argmap can read"
