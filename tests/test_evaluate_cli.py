"""`argmap evaluate` through click's runner, on the essay."""

import json
from pathlib import Path

from click.testing import CliRunner

from argmap.cli import main

ESSAY = str(Path(__file__).resolve().parent.parent / "essays" / "iran-russia.txt")


def test_evaluate_table_and_json_agree():
    runner = CliRunner()
    table = runner.invoke(main, ["evaluate", ESSAY])
    assert table.exit_code == 0, table.output
    assert table.output.startswith("grounded semantics (structured framework), dfquad strength\n")
    as_json = runner.invoke(main, ["evaluate", ESSAY, "--json"])
    result = json.loads(as_json.output)
    rows = {row["id"]: row for row in result["statements"]}
    thesis_line = next(line for line in table.output.splitlines() if line.startswith("thesis "))
    assert thesis_line.split()[2:4] == [rows["thesis"]["status"], f"{rows['thesis']['strength']:.3f}"]


def test_evaluate_base_override_changes_the_strength():
    runner = CliRunner()
    plain = json.loads(runner.invoke(main, ["evaluate", ESSAY, "--json"]).output)
    lowered = json.loads(runner.invoke(main, ["evaluate", ESSAY, "--json", "--base", "drones=0"]).output)
    strength = lambda result, node: next(r["strength"] for r in result["statements"] if r["id"] == node)  # noqa: E731
    assert strength(lowered, "drones") == 0.0
    assert strength(lowered, "russia-needs-iran") < strength(plain, "russia-needs-iran")


def test_evaluate_reports_user_errors_in_one_line():
    result = CliRunner().invoke(main, ["evaluate", ESSAY, "--base", "no-such-id=0.3"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"{ESSAY}: error: base score given for unknown statement 'no-such-id'"


def test_the_essay_thesis_stands_under_the_structured_default_and_falls_under_bipolar():
    runner = CliRunner()
    status = lambda args: {r["id"]: r["status"] for r in json.loads(runner.invoke(main, ["evaluate", ESSAY, "--json", *args]).output)["statements"]}  # noqa: E731
    structured = status([])
    assert structured["thesis"] == "in" and structured["cooperation-limited"] == "out"
    assert structured["two-centuries-of-rivalry"] == "in"  # the evidence stands, but its rebuttal is defeated
    assert status(["--framework", "bipolar"])["thesis"] == "out"
    for semantics in ("preferred", "stable"):
        assert status(["--semantics", semantics]) == structured  # nothing is left undecided


def test_query_says_which_support_does_not_hold():
    result = CliRunner().invoke(main, ["query", ESSAY, "--claim", "arsenal-improves"])
    assert result.exit_code == 0, result.output
    assert "Supports holding: 1 of 2; not holding: Iran can call in favours [iran-leverage] (out)" in result.output


SOLAR = (
    "[Solar is cheap now]{#cheap .thesis}. [Storage makes solar cheap]{#storage .evidence +cheap@storage-step}. "
    "[Batteries wear out]{#wear .rebuttal -@storage-step@wear-doubt}. "
    "[Recycling recovers most of a battery]{#recycling .evidence -@wear-doubt}. "
    "[Panels cost more than coal]{#costly .rebuttal -cheap}. [A 2010 price list says so]{#old-list .evidence +costly}. "
    "[That list is outdated]{#outdated .evidence -costly}.\n"
)


def test_undercut_of_an_undercut_and_a_defeated_rebuttal_through_the_cli(tmp_path):
    essay = tmp_path / "solar.txt"
    essay.write_text(SOLAR, encoding="utf-8")
    runner = CliRunner()

    def status(*args):
        result = runner.invoke(main, ["evaluate", str(essay), "--json", *args])
        assert result.exit_code == 0, result.output
        return {r["id"]: r["status"] for r in json.loads(result.output)["statements"]}

    # recycling undercuts the undercut, so storage -> cheap holds; the price list's rebuttal is answered
    assert status() == {"cheap": "in", "storage": "in", "wear": "in", "recycling": "in", "costly": "out", "old-list": "in", "outdated": "in"}
    assert status("--semantics", "preferred")["cheap"] == "in"
    assert status("--framework", "bipolar")["cheap"] == "out"  # there the price list still attacks the thesis
    what_if = runner.invoke(main, ["query", str(essay), "--claim", "cheap", "--without", "recycling"])
    assert what_if.exit_code == 0, what_if.output
    assert [line.split()[:4] for line in what_if.output.splitlines() if line.startswith("cheap ")] == [["cheap", "in", "->", "out"]]
    why = runner.invoke(main, ["query", str(essay), "--claim", "cheap"]).output
    assert "Attacker Panels cost more than coal [costly] is answered by: That list is outdated [outdated]" in why
