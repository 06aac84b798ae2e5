"""Floods of warnings: the first 20 of each kind with their places, then one line for the rest."""

from __future__ import annotations

from conftest import run_cli


def flooded_essay(write, claims: int = 30, loose: int = 25) -> str:
    """A thesis, `claims` unsupported claims and `loose` pieces of evidence that support nothing."""
    lines = ["[The thesis]{#t .thesis}", "[Backing]{.evidence +t}"]
    lines += [f"[Claim {n}]{{#c{n} .claim +t}}" for n in range(claims)]
    lines += [f"[Loose {n}]{{#e{n} .evidence}}" for n in range(loose)]
    return write("\n".join(lines) + "\n")


def test_build_prints_twenty_of_each_kind_then_counts_the_rest(write, tmp_path):
    result = run_cli("build", flooded_essay(write), "-o", str(tmp_path / "map.json"))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert sum("has no support" in line for line in lines) == 21
    assert sum("supports or attacks nothing" in line for line in lines) == 21
    assert "... and 10 more 'has no support' warnings (--all-warnings to see them)" in lines
    assert "... and 5 more 'supports or attacks nothing' warnings (--all-warnings to see them)" in lines
    assert lines[0].endswith(":3:2: warning: claim 'c0' has no support")  # the first ones keep their places


def test_all_warnings_prints_them_all(write, tmp_path):
    result = run_cli("check", flooded_essay(write), "--all-warnings")
    assert sum("has no support" in line for line in result.stderr.splitlines()) == 30
    assert "more" not in result.stderr


def test_strict_keeps_the_summary_line_as_errors(write, tmp_path):
    result = run_cli("build", flooded_essay(write, loose=0), "--strict", "-o", str(tmp_path / "map.json"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "... and 10 more 'has no support' errors (--all-warnings to see them)"
    assert not (tmp_path / "map.json").exists()


def test_one_cap_for_a_whole_corpus(tmp_path):
    folder = tmp_path / "essays"
    folder.mkdir()
    for n in range(3):
        (folder / f"e{n}.txt").write_text("[T]{#t .thesis}\n" + "".join(f"[C{k}]{{#c{k} .claim +t}}\n" for k in range(10)))
    result = run_cli("build", str(folder), "-o", str(tmp_path / "maps"), "-j", "1")
    assert result.exit_code == 0, result.output
    assert sum("has no support" in line for line in result.stderr.splitlines()) == 21
    assert "... and 10 more 'has no support' warnings (--all-warnings to see them)" in result.stderr


def test_a_long_support_cycle_is_listed_in_part(write):
    n = 5000
    essay = write("[T]{#t .thesis}\n" + "".join(f"[S{k}]{{#s{k} .claim +s{(k + 1) % n} +t}}\n" for k in range(n)))
    result = run_cli("check", essay)
    (cycle,) = [line for line in result.stderr.splitlines() if "support cycle" in line]
    assert cycle.endswith("support cycle: s0 -> s1 -> s2 -> s3 -> s4 -> s5 -> s6 -> s7 -> s8 -> s9 -> ... (4,990 more) -> s0")
