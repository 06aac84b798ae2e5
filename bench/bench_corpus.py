"""Benchmark: import and build a corpus of brat essays in parallel.

Run on demand (not part of the tests):

    python3 bench/bench_corpus.py                  # 400 essays, one worker per core
    python3 bench/bench_corpus.py --essays 1000 --jobs 1

Writes synthetic essays shaped like the Argument Annotated Essays corpus
(~2-3 KB of text, one major claim restated in the conclusion, claims with a
stance, premises that support or attack; ~15 components each) into a
temporary directory, then times `corpus.build_many` over all of them: reading
.ann + .txt, checking every span against the text, building and checking the
graph. Target on the reference 2-core machine: 400 essays (~6,000
components) in under 3 s.

Then it times whole commands on the same folder, taking turns (median wall
time and least CPU time): `argmap build DIR -o MAPS` with `-j 1` and with
the default jobs into an empty MAPS each run (maps written atomically), once
more onto maps already there (unchanged maps are left alone), against
arguebuf (a Python argument-graph library; installed into this virtualenv
with pip on first use, or skipped with a message) merely loading the folder's
brat files into its graphs: `arguebuf.load.folder(DIR, "*.ann")`.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = (
    "students school society people technology government work money time family "
    "should because therefore however important benefit problem example many most "
    "often help learn cooperate compete children public city life future change"
).split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def essay(rng: random.Random) -> tuple[str, str, int]:
    """(txt, ann, number of components) of one synthetic essay."""
    pieces: list[str] = []
    components: list[tuple[str, int, int]] = []  # (type, start, end)
    position = 0

    def prose(text: str) -> None:
        nonlocal position
        pieces.append(text)
        position += len(text)

    def component(kind: str, words: int) -> int:
        text = sentence(rng, words)
        components.append((kind, position, position + len(text)))
        prose(text)
        return len(components)

    prose(sentence(rng, 8) + "?\n\n")
    prose("In my opinion, ")
    component("MajorClaim", 14)
    prose(". " + sentence(rng, 20) + ".\n\n")
    claims, premises = [], []
    for _ in range(rng.randint(3, 4)):
        prose("Firstly, ")
        claim = component("Claim", 12)
        claims.append(claim)
        prose(". ")
        for _ in range(rng.randint(2, 3)):
            premises.append((component("Premise", rng.randint(12, 20)), claim))
            prose(". ")
        prose(sentence(rng, 10) + ".\n\n")
    prose("In conclusion, ")
    component("MajorClaim", 14)
    prose(".\n")
    ann = [f"T{i}\t{kind} {start} {end}\t{''.join(pieces)[start:end]}" for i, (kind, start, end) in enumerate(components, 1)]
    ann += [f"A{i}\tStance T{claim} {rng.choice(('For', 'For', 'Against'))}" for i, claim in enumerate(claims, 1)]
    ann += [
        f"R{i}\t{rng.choice(('supports', 'supports', 'supports', 'attacks'))} Arg1:T{premise} Arg2:T{claim}\t"
        for i, (premise, claim) in enumerate(premises, 1)
    ]
    return "".join(pieces), "\n".join(ann) + "\n", len(components)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--essays", type=int, default=400)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from argmap import corpus

    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as directory:
        total_components, total_bytes = 0, 0
        for n in range(1, args.essays + 1):
            txt, ann, count = essay(rng)
            Path(directory, f"essay{n:03d}.txt").write_text(txt, encoding="utf-8")
            Path(directory, f"essay{n:03d}.ann").write_text(ann, encoding="utf-8")
            total_components += count
            total_bytes += len(txt.encode("utf-8"))
        paths = corpus.expand([directory])
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            results = corpus.build_many(paths, jobs=args.jobs)
            times.append(time.perf_counter() - start)
            failed = [r for r in results if not r.ok]
            assert not failed, failed[0].errors
        print(
            f"{args.essays} brat essays, {total_components} components, "
            f"{total_bytes / args.essays / 1024:.1f} KB text each, jobs={args.jobs or os.cpu_count()}: "
            f"import+build {min(times):.2f} s best, {statistics.median(times):.2f} s median of {args.repeat}"
        )
        compare_commands(directory, args.repeat)


def whole_commands(commands: list[tuple[list[str], str | None]], repeat: int) -> list[tuple[float, float]]:
    """(median wall time, least CPU time) of each whole command, start-up included, run in turn `repeat` times.

    Taking turns, every command sees the machine in the same state: a shared
    machine's load shifts all of them alike. CPU is user + sys of the command
    and its workers (getrusage of children), which a loaded machine shifts
    less than wall time. A command given a folder (`fresh_output`) has it
    removed before each run, so every run writes every map anew instead of
    finding the last run's maps already there.
    """
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for index, (command, fresh_output) in enumerate(commands):
            if fresh_output:
                shutil.rmtree(fresh_output, ignore_errors=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            walls[index].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[index].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [(statistics.median(wall), min(cpu)) for wall, cpu in zip(walls, cpus)]


def compare_commands(directory: str, repeat: int) -> None:
    """End to end: argmap building the folder (-j 1 and default) against arguebuf loading it, taking turns."""
    argmap = [sys.executable, "-m", "argmap"]
    if subprocess.run([sys.executable, "-c", "import arguebuf"], capture_output=True).returncode != 0:
        installed = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "arguebuf"], capture_output=True)
        if installed.returncode != 0:
            print("arguebuf could not be installed: comparison skipped")
    have_arguebuf = subprocess.run([sys.executable, "-c", "import arguebuf"], capture_output=True).returncode == 0
    load = f"import arguebuf; graphs = arguebuf.load.folder({directory!r}, '*.ann'); assert len(graphs) > 0"
    with tempfile.TemporaryDirectory() as scratch:
        maps, again = os.path.join(scratch, "maps"), os.path.join(scratch, "again")
        subprocess.run(argmap + ["build", directory, "-o", again], check=True, capture_output=True)
        commands = [
            (argmap + ["build", directory, "-o", maps, "-j", "1"], maps),
            (argmap + ["build", directory, "-o", maps], maps),
            (argmap + ["build", directory, "-o", again], None),  # the maps are there already
        ] + ([([sys.executable, "-c", load], None)] if have_arguebuf else [])
        serial, parallel, rebuild, *theirs = whole_commands(commands, repeat)
    print(f"{'':40} {'wall (median)':>14} {'CPU (least)':>12}")
    print(f"{'argmap build DIR -o MAPS -j 1':40} {serial[0]:>12.2f} s {serial[1]:>10.2f} s")
    print(f"{'argmap build DIR -o MAPS (default -j)':40} {parallel[0]:>12.2f} s {parallel[1]:>10.2f} s")
    print(f"{'  again, onto the same maps':40} {rebuild[0]:>12.2f} s {rebuild[1]:>10.2f} s")
    if not theirs:
        return
    (their_wall, their_cpu), = theirs
    label = "arguebuf.load.folder(DIR, '*.ann')"
    print(f"{label:40} {their_wall:>12.2f} s {their_cpu:>10.2f} s")
    best_wall = min(serial[0], parallel[0])
    print(f"argmap (fresh folder) is {their_wall / best_wall:.2f}x faster than arguebuf in wall time "
          f"(best of -j 1 and default), {their_cpu / serial[1]:.2f}x in CPU time (-j 1)")


if __name__ == "__main__":
    main()
