"""The input size limit: a one-line refusal, raised or lifted with ARGMAP_MAX_INPUT."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import assert_no_traceback, run_cli

SOLAR = Path(__file__).parent / "data" / "solar.txt"


def test_a_file_over_the_limit_is_refused_in_one_line(monkeypatch, tmp_path):
    monkeypatch.setenv("ARGMAP_MAX_INPUT", "200")
    result = run_cli("build", str(SOLAR), "-o", str(tmp_path / "map.json"))
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert result.stderr == f"{SOLAR}: error: is {SOLAR.stat().st_size} bytes, over the 200 bytes input limit (ARGMAP_MAX_INPUT=1M raises it)\n"
    assert not (tmp_path / "map.json").exists()


def test_stdin_over_the_limit_is_refused_too(monkeypatch):
    monkeypatch.setenv("ARGMAP_MAX_INPUT", "1K")
    result = run_cli("check", "-", input="[T]{#t .thesis}\n" * 100)
    assert result.exit_code == 1
    assert result.stderr == "-: error: is over the 1 KiB input limit (ARGMAP_MAX_INPUT=1M raises it)\n"


def test_the_limit_is_raised_or_lifted_by_the_environment(monkeypatch):
    for value in ("1M", "0", "100000", "2g"):
        monkeypatch.setenv("ARGMAP_MAX_INPUT", value)
        assert run_cli("check", str(SOLAR)).exit_code == 0
    monkeypatch.setenv("ARGMAP_MAX_INPUT", "lots")
    result = run_cli("check", str(SOLAR))
    assert result.exit_code == 1
    assert "ARGMAP_MAX_INPUT=lots is not a size" in result.stderr


def test_one_file_over_the_limit_in_a_folder_is_that_file_s_error(monkeypatch, tmp_path):
    folder = tmp_path / "essays"
    folder.mkdir()
    (folder / "small.txt").write_text("[T]{#t .thesis}\n")
    (folder / "large.txt").write_text("[T]{#t .thesis}\n" + "x" * 5000)
    monkeypatch.setenv("ARGMAP_MAX_INPUT", "4K")
    result = run_cli("build", str(folder), "-o", str(tmp_path / "maps"), "-j", "1")
    assert result.exit_code == 1
    assert "large.txt: error: is 4.9 KiB, over the 4 KiB input limit" in result.stderr
    assert [p.name for p in (tmp_path / "maps").iterdir()] == ["small.json"]


def test_a_pipe_is_read_once_whatever_the_format_guess_needs(tmp_path):
    """`argmap build <(cat essay)`: the format guess and the reader share one read of the pipe."""
    import subprocess
    import sys
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    essay = SOLAR.read_bytes()
    writer = threading.Thread(target=lambda: fifo.write_bytes(essay))
    writer.start()
    done = subprocess.run([sys.executable, "-m", "argmap", "build", str(fifo), "-o", "-"], capture_output=True, timeout=60)
    writer.join(timeout=10)
    assert done.returncode == 0, done.stderr
    assert b'"format": "argmap"' in done.stdout
