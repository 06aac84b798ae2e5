"""One test per error and warning, through the real `argmap check` command.

Each error must print `FILE:LINE:COL: error: message` with the position of the
culprit (counted by hand in the input), exit 1, and never show a traceback.
"""

from __future__ import annotations

import re

import pytest

from conftest import assert_no_traceback, run_cli

THESIS = "[T]{#t .thesis}\n"


def check_fails(path: str, line: int | None, col: int | None, *words: str, strict: bool = False) -> str:
    """Run `argmap check PATH`, expect exactly one error at LINE:COL mentioning WORDS; return it."""
    result = run_cli("check", path, *(["--strict"] if strict else []))
    assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    where = ":".join(str(part) for part in (path, line, col) if part is not None)
    assert lines[0].startswith(f"{where}: error: "), lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


# -- syntax ----------------------------------------------------------------------


def test_unclosed_bracket(write):
    path = write("Intro.\nSee [the claim {#c .claim} here.\n")
    check_fails(path, 2, 5, "unclosed '['", "2:16")


def test_unclosed_brace(write):
    path = write("Intro.\nSee [the claim]{#c .claim here.\n\nNext paragraph.\n")
    check_fails(path, 2, 16, "unclosed '{'")


def test_unknown_kind_suggests_the_closest(write):
    path = write(THESIS + "[y]{#y .evidnce +t}\n")
    check_fails(path, 2, 8, "unknown kind", "evidnce", "did you mean 'evidence'")


def test_unknown_id_suggests_the_closest(write):
    path = write("[x]{#russia .thesis}\n[y]{#y .evidence +rusia}\n")
    check_fails(path, 2, 18, "unknown statement 'rusia'", "did you mean 'russia'")


def test_unknown_undercut_premise(write):
    path = write(THESIS + "[e]{#evidence-a .evidence +t}\n[r]{#r .rebuttal _evidence-b>t}\n")
    check_fails(path, 3, 18, "unknown statement 'evidence-b'", "did you mean 'evidence-a'")


def test_one_id_with_two_kinds(write):
    path = write(THESIS + "[y]{#y .claim +t}\nagain [y]{#y .evidence}\n")
    check_fails(path, 3, 10, "'y'", "kind", "evidence", "claim", "2:2")


def test_one_id_with_two_labels(write):
    path = write('[x]{#x .thesis label="A"}\nagain [x]{#x label="B"}\n')
    check_fails(path, 2, 10, "'x'", "label", "'A'", "'B'")


def test_statement_supporting_itself(write):
    path = write("[x]{#x .thesis +x}\n")
    check_fails(path, 1, 16, "'x' supports itself")


def test_statement_attacking_itself(write):
    path = write(THESIS + "[y]{#y .claim -y +t}\n")
    check_fails(path, 2, 15, "'y' attacks itself")


def test_bad_attribute_syntax(write):
    path = write(THESIS + "[y]{#y @x}\n")
    check_fails(path, 2, 8, "bad attribute syntax", "'@x'")


def test_unknown_attribute_suggests_the_closest(write):
    path = write(THESIS + '[y]{#y lable="Y" +t}\n')
    check_fails(path, 2, 8, "unknown attribute 'lable'", "did you mean 'label'")


def test_weight_out_of_range(write):
    path = write("[x]{#x .thesis weight=2}\n")
    check_fails(path, 1, 16, "weight", "'2'")


def test_attribute_block_following_no_span(write):
    path = write(THESIS + "then {#y .claim} here\n")
    check_fails(path, 2, 6, "follows no span")


def test_closing_bracket_with_attributes_but_no_opening(write):
    path = write(THESIS + "then ]{#y .claim} here\n")
    check_fails(path, 2, 6, "closes no '['")


def test_undercut_of_a_link_that_does_not_exist(write):
    path = write(THESIS + "[y]{#y .claim +t}\n[z]{#z .rebuttal -y}\n[w]{#w .rebuttal _z>t}\n")
    check_fails(path, 4, 18, "'w' undercuts the link from 'z' to 't'", "neither supports nor attacks")


def test_attack_on_an_unknown_inference_suggests_a_name(write):
    path = write(THESIS + "[y]{#y .claim +t@economy}\n[z]{#z .rebuttal -@econmy}\n")
    check_fails(path, 3, 18, "unknown inference '@econmy'", "did you mean 'economy'")


def test_undercut_of_a_step_two_inferences_take(write):
    path = write(THESIS + "[y]{#y .claim +t +t&g}\n[x]{#x .claim +t&g}\n[z]{#z .rebuttal _y>t}\n")
    check_fails(path, 4, 18, "'y' reaches 't' through 2 inferences", "-@name")


def test_unclosed_front_matter(write):
    path = write("---\ntitle: T\n[x]{#x .thesis}\n")
    check_fails(path, 1, 1, "unclosed front matter")


def test_bad_front_matter_line(write):
    path = write("---\ntitle: T\n  not metadata\n---\n" + THESIS)
    check_fails(path, 3, 3, "front matter")


# -- the input itself ----------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "  \n\n\t\n"])
def test_empty_input(write, content):
    path = write(content)
    check_fails(path, None, None, "empty")


def test_binary_input(write):
    path = write(b"abc\n\x00\x01\x02 more")
    result = run_cli("check", path)
    assert_no_traceback(result)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    # The NUL byte is on line 2 (a column is welcome but not required).
    assert re.match(re.escape(path) + r":2(:1)?: error: .*binary", line), line


def test_non_utf8_input_points_at_the_bad_byte(write):
    # Line 2 is 'ça ' (3 characters, 4 bytes) then a Latin-1 'é'.
    path = write("été\n".encode("utf-8") + "ça ".encode("utf-8") + b"\xe9t\xe9\n")
    check_fails(path, 2, 4, "not UTF-8", "0xe9")


def test_nonexistent_file(tmp_path):
    path = str(tmp_path / "missing.txt")
    check_fails(path, None, None, "cannot read", "No such file")


def test_directory_given_as_file(tmp_path):
    check_fails(str(tmp_path), None, None, "directory")


def test_every_error_is_listed_before_exit(write):
    path = write("[a]{#a .cliam}\n[b]{#b @}\n")
    result = run_cli("check", path)
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert [line.split(": error:")[0] for line in result.stderr.splitlines()] == [f"{path}:1:8", f"{path}:2:8"]


# -- warnings ---------------------------------------------------------------------------

WARNINGS = {
    "evidence relating to nothing": (
        "[T]{#t .thesis}\n[C]{#c .claim +t}\n[E]{#e .evidence +c}\n[stray]{#s .evidence}\n",
        4, 2, "evidence 's' supports or attacks nothing",
    ),
    "rebuttal relating to nothing": (
        "[T]{#t .thesis}\n[E]{#e .evidence +t}\n[R]{#r .rebuttal}\n",
        3, 2, "rebuttal 'r' supports or attacks nothing",
    ),
    "claim with no support": (
        "[T]{#t .thesis}\n[C]{#c .claim +t}\n[E]{#e .evidence +t}\n",
        2, 2, "claim 'c' has no support",
    ),
    "support cycle": (
        "[T]{#t .thesis}\n[A]{#a .claim +b +t}\n[B]{#b .claim +a}\n[E]{#e .evidence +a}\n",
        2, 2, "support cycle",
    ),
    "statement leading to no thesis": (
        "[T]{#t .thesis}\n[E]{#e .evidence +t}\n[C]{#c .claim}\n",
        3, 2, "'c' leads to no thesis",
    ),
    "no thesis": (
        "[C]{#c .claim}\n[E]{#e .evidence +c}\n",
        None, None, "no thesis",
    ),
}


def warning_lines(stderr: str, severity: str) -> list[str]:
    return [line for line in stderr.splitlines() if f": {severity}: " in line]


@pytest.mark.parametrize("name", list(WARNINGS))
def test_warning_exits_0_without_strict(write, name):
    text, line, col, words = WARNINGS[name]
    path = write(text)
    result = run_cli("check", path)
    assert_no_traceback(result)
    assert result.exit_code == 0, result.output
    where = ":".join(str(part) for part in (path, line, col) if part is not None)
    assert f"{where}: warning: " in result.stderr
    assert any(words in found for found in warning_lines(result.stderr, "warning"))
    assert "error" not in result.stderr


@pytest.mark.parametrize("name", list(WARNINGS))
def test_warning_is_an_error_with_strict(write, name):
    text, line, col, words = WARNINGS[name]
    path = write(text)
    result = run_cli("check", "--strict", path)
    assert_no_traceback(result)
    assert result.exit_code == 1, result.output
    where = ":".join(str(part) for part in (path, line, col) if part is not None)
    assert f"{where}: error: " in result.stderr
    assert any(words in found for found in warning_lines(result.stderr, "error"))


def test_support_cycle_names_its_members(write):
    text = WARNINGS["support cycle"][0]
    result = run_cli("check", write(text))
    (line,) = [found for found in result.stderr.splitlines() if "support cycle" in found]
    assert re.search(r"\ba -> b -> a\b|\bb -> a -> b\b", line), line


@pytest.mark.parametrize("name", list(WARNINGS))
def test_strict_build_writes_no_map(write, tmp_path, name):
    path = write(WARNINGS[name][0])
    output = tmp_path / "argmap.json"
    result = run_cli("build", "--strict", path, "-o", str(output))
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert not output.exists()


def test_build_with_warnings_still_writes_the_map(write, tmp_path):
    path = write(WARNINGS["claim with no support"][0])
    output = tmp_path / "argmap.json"
    result = run_cli("build", path, "-o", str(output))
    assert result.exit_code == 0, result.output
    assert output.exists()
    assert ": warning: " in result.stderr


def test_clean_essay_has_no_warnings(write):
    result = run_cli("check", "--strict", write("[T]{#t .thesis}\n[E]{#e .evidence +t}\n"))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
