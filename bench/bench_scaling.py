"""Benchmark: does every stage stay linear from 10^3 to 10^6 statements? Prints the log-log slopes.

Run on demand (not part of the tests):

    .venv/bin/python bench/bench_scaling.py                       # 10^3, 10^4, 10^5 statements
    .venv/bin/python bench/bench_scaling.py --sizes 1e3 1e4 1e5 1e6
    .venv/bin/python bench/bench_scaling.py --shape local         # links between nearby statements

For each size one annotated essay is generated (a tree of claims, evidence and
rebuttals under one thesis, as bench_build.py writes them, plus one pair of
rebuttals attacking each other per 100 statements, so that the preferred
semantics has an undecided part to search) and measured in a fresh process.
--shape says where each relation points: `random` (the default) at a uniformly
random earlier claim, a random recursive tree in which neighbours in the
graph lie anywhere in memory (the worst case for the cache); `local` at one of
the 50 most recent claims, as in a long document or a corpus of concatenated
essays, where related statements are written near each other. Measured:
the CPU time (time.process_time, best of --runs up to 10^5 statements, one
run above) of each stage, and the memory the built map holds (resident set
growth over the build, per statement), without argmap's input size limit. Stages: build (parse + graph, as `argmap build`
parses: without the id positions editors use), check, write (the map's JSON),
load (json + mapfile.from_data), evaluate (the default: structured grounded
+ DF-QuAD), preferred (structured preferred + DF-QuAD), query (what `argmap
query --claim` computes and prints, evaluation included), stats (the corpus
row), export (Argdown text). The last line gives each stage's slope of
log(time) against log(statements), least squares over the sizes: 1.0 is
linear, the target is at most 1.1. CPU time, not wall time, so that a loaded
machine shifts the figures less.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STAGES = ("build", "check", "write", "load", "evaluate", "preferred", "query", "stats", "export")
WORDS = "iran russia alliance sanctions drones munitions council security weapons influence region power".split()


SHAPES = ("random", "local")
RECENT = 50  # --shape local: how many of the latest claims a relation may point at


def generate(statements: int, seed: int = 3, shape: str = "random") -> str:
    """An annotated essay of `statements` statements (see the module docstring for the shapes)."""
    rng = random.Random(seed)
    parts = ["# Generated essay\n[The thesis holds]{#thesis .thesis}.\n"]
    claims = ["thesis"]
    if shape == "local":
        def target() -> str:
            return rng.choice(claims[-RECENT:])
    else:
        def target() -> str:
            return rng.choice(claims)
    n = 1
    while n < statements:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize()
        if n % 100 == 99 and n + 2 <= statements:  # two rebuttals attacking each other and a claim
            aimed = target()
            parts.append(f"[{words}]{{#m{n} .rebuttal -m{n + 1} -{aimed}}}. [{words} again]{{#m{n + 1} .rebuttal -m{n} -{aimed}}}.\n")
            n += 2
            continue
        roll = rng.random()
        if roll < 0.3:
            attrs = f"#c{n} .claim +{target()}"
            claims.append(f"c{n}")
        elif roll < 0.85:
            attrs = f".evidence +{target()}"
        else:
            attrs = f".rebuttal -{target()}"
        parts.append(f"Some context here. [{words}]{{{attrs}}}.\n" + (f"\n## Section {n // 40}\n" if n % 40 == 0 else ""))
        n += 1
    return "".join(parts)


def resident_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure(path: str, runs: int) -> dict:
    """CPU seconds of each stage (best of `runs`) and the memory per statement of the built map."""
    from argmap import build as builder, corpus, evaluation, mapfile, model, reading, syntax
    from argmap.evaluation.dung import DEFAULT_MAX_STEPS
    from argmap.base import collection_paused
    from argmap.query import claim_report
    from argmap.formats import argdown_writer
    from argmap.pipeline import read_bytes

    data = read_bytes(path)
    best: dict[str, float] = {}

    def timed(stage: str, work):
        started = time.process_time()
        result = work()
        best[stage] = min(best.get(stage, math.inf), time.process_time() - started)
        return result

    def build():
        with collection_paused():  # as pipeline.build_text does
            return builder.build_graph(syntax.parse(reading.decode(data, path), path, mentions=False), model.sha256(data))

    settings = {"semantics": "grounded", "gradual": "dfquad", "mode": "structured", "base_scores": None,
                "max_steps": DEFAULT_MAX_STEPS}
    before = resident_bytes()
    graph = None
    for _ in range(runs):
        graph = None
        graph = timed("build", build)
    held = resident_bytes() - before
    for _ in range(runs):
        with collection_paused():
            timed("check", lambda: model.check(graph))
        text = timed("write", lambda: mapfile.dumps(graph))

        def load():
            with collection_paused():
                return mapfile.from_data(json.loads(text), path)

        timed("load", load)
        timed("evaluate", lambda: evaluation.evaluate(graph))
        timed("preferred", lambda: evaluation.evaluate(graph, semantics="preferred"))
        timed("query", lambda: claim_report(graph, "thesis", None, None, settings)[1])
        timed("stats", lambda: corpus.stats(graph))
        timed("export", lambda: argdown_writer.write(graph))
    statements = len(model.statements(graph))
    return {"statements": statements, "nodes": graph.number_of_nodes(), "bytes_per_statement": held / statements, **best}


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) against log(x)."""
    lx, ly = [math.log(x) for x in xs], [math.log(max(y, 1e-6)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=float, default=[1e3, 1e4, 1e5])
    parser.add_argument("--shape", choices=SHAPES, default="random",
                        help="where relations point: a random earlier claim (default) or one of the 50 latest")
    parser.add_argument("--runs", type=int, default=3, help="runs per stage up to 10^5 statements (best of); one above")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]))))
        return
    print(f"{'statements':>10} {'nodes':>8} " + " ".join(f"{stage:>9}" for stage in STAGES) + f" {'B/stmt':>7}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            path = os.path.join(tmp, f"essay-{int(size)}.txt")
            Path(path).write_text(generate(int(size), shape=args.shape), encoding="utf-8")
            runs = args.runs if size <= 1e5 else 1  # best of one at 10^5 alone made that size look slower than the rest
            # 10^6 statements is a ~110 MB essay, over the default 64 MiB input limit
            out = subprocess.run([sys.executable, __file__, "--one", path, str(runs)], capture_output=True, text=True,
                                 env={**os.environ, "ARGMAP_MAX_INPUT": "0"})
            if out.returncode:
                sys.exit(f"{int(size):,} statements failed:\n{out.stderr}")
            row = json.loads(out.stdout)
            rows.append(row)
            print(f"{row['statements']:>10} {row['nodes']:>8} " + " ".join(f"{row[stage]:>8.3f}s" for stage in STAGES)
                  + f" {row['bytes_per_statement']:>7.0f}", flush=True)
    if len(rows) > 1:
        xs = [row["statements"] for row in rows]
        print(f"{'slope':>10} {'':>8} " + " ".join(f"{slope(xs, [row[stage] for row in rows]):>9.2f}" for stage in STAGES)
              + f" {slope(xs, [row['bytes_per_statement'] * row['statements'] for row in rows]):>7.2f}")
    print("\nCPU seconds per stage (best of --runs), B/stmt = resident memory the built map holds per statement;"
          "\nslope = d log(time) / d log(statements), least squares: 1.0 is linear (target <= 1.1)")


if __name__ == "__main__":
    main()
