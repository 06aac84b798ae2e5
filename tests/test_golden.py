"""Golden files: the JSON map and the DOT source users see, for the bundled examples.

A change to either output shows up here as a diff to review. After an
intended change, regenerate with `UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`.
"""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = ["examples/school-uniforms.txt", "examples/four-day-week.txt", "essays/iran-russia.txt"]


def run(*args) -> bytes:
    cwd = os.getcwd()
    os.chdir(ROOT)  # the map records the source path as given: keep it relative
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def check_golden(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(actual)
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert actual.decode("utf-8") == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("essay", EXAMPLES)
def test_map_json_matches_golden(essay):
    check_golden(Path(essay).stem + ".json", run("build", essay, "-o", "-"))


@pytest.mark.parametrize("essay", EXAMPLES)
def test_dot_matches_golden(essay):
    check_golden(Path(essay).stem + ".dot", run("render", essay, "--format", "dot", "-o", "-"))


@pytest.mark.parametrize("essay", EXAMPLES)
def test_outputs_are_byte_identical_across_runs(essay):
    assert run("build", essay, "-o", "-") == run("build", essay, "-o", "-")
    assert run("render", essay, "-f", "dot", "-o", "-") == run("render", essay, "-f", "dot", "-o", "-")
