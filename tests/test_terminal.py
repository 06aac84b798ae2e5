"""Reports printed for people never pass a document's control characters to the terminal."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.escape import terminal_text

HOSTILE = "Red \x1b[31malert\x1b[0m, back\rspace and \u202eevil\x9b2J"
ESSAY = (
    f"[The thesis holds]{{#thesis .thesis}}. [{HOSTILE}]{{#bad .claim +thesis label=\"{HOSTILE}\"}}.\n"
)


def test_terminal_text_shows_controls_and_keeps_layout():
    assert terminal_text("a\x1bb\tc\nd\re\u202ef\x85") == "a\\x1bb\tc\nd\\re\\u202ef\\x85"
    assert terminal_text("plain text, ünïcode") == "plain text, ünïcode"


@pytest.mark.parametrize("arguments", [
    ["query", "{essay}", "--list"],
    ["query", "{essay}", "--claim", "bad"],
    ["evaluate", "{essay}"],
    ["check", "{essay}"],
    ["stats", "{essay}"],
])
def test_reports_hold_no_raw_control_characters(tmp_path, arguments):
    essay = tmp_path / "hostile\x1b[2J.txt"  # a file name can hold them too
    essay.write_text(ESSAY, encoding="utf-8")
    result = CliRunner().invoke(main, [a.format(essay=essay) for a in arguments])
    shown = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code in (0, 1), shown
    assert "alert" in shown or "hostile" in shown  # the statement or the file is reported...
    for raw in ("\x1b", "\r", "\u202e", "\x9b"):
        assert raw not in shown  # ...without its control characters


def test_json_keeps_the_text_exact(tmp_path):
    essay = tmp_path / "hostile.txt"
    essay.write_text(ESSAY, encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(essay), "--list", "--json"])
    assert result.exit_code == 0, result.output
    labels = [row["label"] for row in json.loads(result.output)]
    assert any("\x1b[31malert\x1b[0m" in label and "\u202e" in label for label in labels)  # JSON keeps them (escaped by json)
