"""The safe writer, through the real CLI: atomic, never onto an input, as `cp` treats links and devices, tidy on failure."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from argmap.errors import ArgmapError
from argmap import output
from conftest import assert_no_traceback, run_cli

DATA = Path(__file__).parent / "data"
FORMATS = Path(__file__).parent / "fixtures" / "formats"
SOLAR = DATA / "solar.txt"
ARGMAP = [sys.executable, "-m", "argmap"]


def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".argmap-"))


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_write_replaces_the_whole_file_and_leaves_nothing_beside_it(tmp_path):
    target = tmp_path / "map.json"
    target.write_text("x" * 10_000, encoding="utf-8")
    output.write(str(target), "short\n")
    assert target.read_text(encoding="utf-8") == "short\n"
    assert os.listdir(tmp_path) == ["map.json"]


@pytest.mark.parametrize("old, new", [
    ("same text ✓\n", "same text ✓\n"),  # left alone
    ("same size A\n", "same size B\n"),  # replaced
    ("short\n", "longer text\n"),
])
def test_a_file_that_holds_the_data_already_is_left_alone_and_any_other_replaced(tmp_path, old, new):
    target = tmp_path / "map.json"
    target.write_text(old, encoding="utf-8")
    os.utime(target, (1_000_000, 1_000_000))
    before = os.stat(target)
    output.write(str(target), new)
    after = os.stat(target)
    assert target.read_text(encoding="utf-8") == new
    assert ((after.st_ino, after.st_mtime) == (before.st_ino, before.st_mtime)) is (old == new)
    assert os.listdir(tmp_path) == ["map.json"]


def test_rebuilding_a_corpus_replaces_only_the_maps_that_changed(tmp_path):
    corpus = tmp_path / "essays"
    corpus.mkdir()
    for name, reason in (("a", "Sun is free"), ("b", "Wind is free")):
        (corpus / f"{name}.txt").write_text(f"[Go green]{{#t .thesis}}. [{reason}]{{.evidence +t}}.\n", encoding="utf-8")
    maps = tmp_path / "maps"
    assert run_cli("build", str(corpus), "-o", str(maps)).exit_code == 0
    inodes = {path.name: path.stat().st_ino for path in maps.iterdir()}
    (corpus / "b.txt").write_text("[Go green]{#t .thesis}. [Wind is cheap]{.evidence +t}.\n", encoding="utf-8")
    assert run_cli("build", str(corpus), "-o", str(maps)).exit_code == 0
    assert {path.name: path.stat().st_ino for path in maps.iterdir()} != inodes
    assert (maps / "a.json").stat().st_ino == inodes["a.json"]
    assert (maps / "b.json").stat().st_ino != inodes["b.json"]
    assert "Wind is cheap" in (maps / "b.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [
    ["text", str(SOLAR)],
    ["build", str(SOLAR), "-o", "-"],
    ["render", str(SOLAR), "-f", "dot", "-o", "-"],
    ["query", str(SOLAR), "--list"],
])
def test_a_full_stdout_is_one_line_and_exit_1(args):
    with open("/dev/full", "wb") as full:
        done = subprocess.run(ARGMAP + args, stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "error: cannot write to standard output: No space left on device"
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 2  # build -o - also reports its summary


def test_a_symlinked_output_is_written_through_and_stays_a_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = run_cli("build", str(SOLAR), "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert '"format": "argmap"' in real.read_text(encoding="utf-8")


def test_a_dangling_symlink_is_not_written_through(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "missing" / "target.json")
    result = run_cli("build", str(SOLAR), "-o", str(link))
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "symlink to a file that does not exist" in result.output


def test_outputs_named_through_a_linked_folder_land_in_its_target_and_never_on_an_input(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("essay901.ann", "essay901.txt"):
        shutil.copy(FORMATS / name, corpus)
    (tmp_path / "maps").mkdir()
    (tmp_path / "via").symlink_to(tmp_path / "maps")
    result = run_cli("build", str(corpus), "-o", str(tmp_path / "via" / ".." / "via"))
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(tmp_path / "maps")) == ["essay901.json"]
    assert (tmp_path / "via").is_symlink() and not (tmp_path / "essay901.json").exists()
    (tmp_path / "alias").symlink_to(corpus)
    before = (corpus / "essay901.ann").read_bytes()
    result = run_cli("export", str(corpus / "essay901.ann"), "--to", "json", "-o", str(tmp_path / "alias" / "essay901.ann"))
    assert result.exit_code == 1 and "refusing to overwrite an input of this run" in result.output
    assert (corpus / "essay901.ann").read_bytes() == before
    assert leftovers(corpus) == [] and leftovers(tmp_path / "maps") == []


def test_an_existing_file_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path):
    kept = tmp_path / "private.json"
    kept.write_text("old\n")
    kept.chmod(0o600)
    assert run_cli("build", str(SOLAR), "-o", str(kept)).exit_code == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    previous = os.umask(0o027)
    try:
        assert run_cli("build", str(SOLAR), "-o", str(tmp_path / "new.json")).exit_code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


def test_a_fifo_is_written_in_place_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run_cli("render", str(SOLAR), "-f", "dot", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b"digraph")


def test_dev_null_stays_a_device():
    if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
        pytest.skip("this machine's /dev/null is already a regular file")
    result = run_cli("build", str(SOLAR), "-o", "/dev/null")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_an_output_never_replaces_an_input_of_the_same_run(tmp_path):
    essay = tmp_path / "essay.txt"
    shutil.copy(SOLAR, essay)
    before = essay.read_bytes()
    for args in (["build", str(essay), "-o", str(essay)], ["render", str(essay), "-f", "dot", "-o", str(essay)],
                 ["export", str(essay), "--to", "json", "-o", str(essay)]):
        result = run_cli(*args)
        assert_no_traceback(result)
        assert result.exit_code == 1
        assert f"{essay}: error: refusing to overwrite an input of this run" in result.output
    link = tmp_path / "alias.txt"
    link.symlink_to(essay)
    assert run_cli("build", str(essay), "-o", str(link)).exit_code == 1
    assert essay.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_export_to_brat_beside_the_annotated_essay_keeps_the_essay(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SOLAR, "solar.txt")
    before = Path("solar.txt").read_bytes()
    result = run_cli("export", "solar.txt", "--to", "brat")
    assert result.exit_code == 0, result.output
    assert Path("solar.txt").read_bytes() == before
    assert "wrote solar-brat.txt and solar-brat.ann" in result.output
    assert run_cli("build", "solar-brat.ann", "-o", "-").exit_code == 0


def test_export_of_a_brat_pair_onto_itself_is_refused(tmp_path):
    for name in ("essay901.ann", "essay901.txt"):
        shutil.copy(FORMATS / name, tmp_path / name)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = run_cli("export", str(tmp_path / "essay901.ann"), "--to", "brat", "-o", str(tmp_path / "essay901"))
    assert result.exit_code == 1
    assert "refusing to overwrite an input" in result.output
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_brat_pair_changes_together_or_not_at_all(tmp_path, monkeypatch):
    (tmp_path / "out.txt").write_text("old text\n")
    (tmp_path / "out.ann").write_text("T1\tClaim 0 3\told\n")
    real_replace = os.replace
    calls = []

    def second_rename_fails(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", second_rename_fails)
    result = run_cli("export", str(SOLAR), "--to", "brat", "-o", str(tmp_path / "out"))
    assert_no_traceback(result)
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert (tmp_path / "out.txt").read_text() == "old text\n"
    assert (tmp_path / "out.ann").read_text() == "T1\tClaim 0 3\told\n"
    assert leftovers(tmp_path) == []


def test_a_new_brat_pair_is_not_half_written_either(tmp_path, monkeypatch):
    real_replace = os.replace
    calls = []

    def second_rename_fails(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", second_rename_fails)
    assert run_cli("export", str(SOLAR), "--to", "brat", "-o", str(tmp_path / "out")).exit_code == 1
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_while_a_write_is_staged_leaves_no_temporary_file(tmp_path, signum):
    script = (
        "import sys, time\n"
        "from argmap import output\n"
        "batch = output.Outputs()\n"
        f"batch.add({str(tmp_path / 'map.json')!r}, b'x' * 50_000_000)\n"
        "print('staged', flush=True)\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "staged\n"
    assert len(leftovers(tmp_path)) == 1
    child.send_signal(signum)
    assert child.wait(timeout=30) == -signum  # and dies of it, as it would have
    assert os.listdir(tmp_path) == []


def test_sigterm_during_a_large_build_leaves_no_temporary_file(tmp_path):
    essay = tmp_path / "big.txt"
    essay.write_text("[The thesis]{#t .thesis}\n" + "".join(
        f"Words [evidence number {n} for the thesis]{{.evidence +t}}.\n" for n in range(20_000)))
    out = tmp_path / "out"
    out.mkdir()
    child = subprocess.Popen(ARGMAP + ["build", str(essay), "-o", str(out / "map.json")], stderr=subprocess.DEVNULL)
    while child.poll() is None and not leftovers(out):
        time.sleep(0.001)  # the map is streamed into its temporary file for a few tenths of a second
    caught_writing = bool(leftovers(out))
    child.send_signal(signal.SIGTERM)
    status = child.wait(timeout=60)
    assert leftovers(out) == []
    if caught_writing:
        assert status == -signal.SIGTERM and not (out / "map.json").exists()


def test_the_next_write_clears_temporary_files_of_dead_writers_only(tmp_path):
    stale = tmp_path / f".argmap-{dead_pid()}-0123456789ab.tmp"
    stale.write_bytes(b"x" * 1000)
    alive = tmp_path / f".argmap-{os.getpid()}-0123456789ab.tmp"  # this test process: still running
    alive.write_bytes(b"y")
    done = subprocess.run(ARGMAP + ["build", str(SOLAR), "-o", str(tmp_path / "map.json")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not stale.exists()
    assert alive.exists()


def test_the_next_write_clears_old_temporary_files_of_earlier_versions(tmp_path):
    """argmap before the PID-named temporaries used tempfile's names: those over an hour old go."""
    old, recent = tmp_path / ".argmap-k3j_9x2a", tmp_path / ".argmap-q8w7e6r5"
    mine = tmp_path / ".argmap-defaults"  # a user's file of that shape: not mkstemp's mode
    for path in (old, recent, mine):
        path.write_bytes(b"x" * 1000)
        path.chmod(0o600 if path is not mine else 0o644)
        os.utime(path, (time.time() - 7200,) * 2 if path is not recent else None)
    assert run_cli("build", str(SOLAR), "-o", str(tmp_path / "map.json")).exit_code == 0
    assert not old.exists() and recent.exists() and mine.exists()


def test_writing_into_a_directory_or_a_missing_folder_is_one_line(tmp_path):
    for target, message in ((tmp_path, "is a directory"), (tmp_path / "no" / "map.json", "its folder does not exist")):
        result = run_cli("build", str(SOLAR), "-o", str(target))
        assert_no_traceback(result)
        assert result.exit_code == 1
        assert message in result.output


def test_a_file_that_becomes_an_input_after_it_was_staged_is_not_replaced(tmp_path):
    target = tmp_path / "late.json"
    target.write_text("read later in the run\n", encoding="utf-8")
    other = tmp_path / "other.json"
    with output.run():
        batch = output.Outputs()
        batch.add(str(target), "new\n")
        batch.add(str(other), "new\n")
        output.protect(str(target))  # a corpus build reads some inputs while maps are already staged
        with pytest.raises(ArgmapError, match="refusing to overwrite an input of this run"):
            batch.commit()
    assert target.read_text(encoding="utf-8") == "read later in the run\n"
    assert other.read_text(encoding="utf-8") == "new\n"
    assert sorted(os.listdir(tmp_path)) == ["late.json", "other.json"]


def test_outside_a_run_nothing_is_protected(tmp_path):
    """A library caller (an editor, a notebook) reads and writes the same file freely."""
    from argmap.pipeline import read_bytes

    target = tmp_path / "notes.txt"
    target.write_text("one\n")
    read_bytes(str(target))
    output.write(str(target), "two\n")
    assert target.read_text() == "two\n"
