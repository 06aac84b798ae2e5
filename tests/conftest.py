"""Shared helpers: run the real CLI in-process and write small essays to disk."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from argmap.cli import main


def run_cli(*args: str, input: str | bytes | None = None):
    """Invoke `argmap ARGS` through click, as a user would, and return the result."""
    return CliRunner().invoke(main, list(args), input=input)


def assert_no_traceback(result) -> None:
    """A user-caused failure ends in SystemExit with one-line messages, never a traceback."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.fixture
def write(tmp_path):
    """write(text_or_bytes, name="essay.txt") -> path string of a new file in tmp_path."""

    def writer(content: str | bytes, name: str = "essay.txt") -> str:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return str(path)

    return writer
