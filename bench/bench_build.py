"""Benchmark: build, query and render times, and peak memory, by essay size.

Run on demand (not part of the tests):

    .venv/bin/python bench/bench_build.py                 # 1 KB .. 10 MB
    .venv/bin/python bench/bench_build.py --sizes 1e6     # one size

Each size is measured in a fresh subprocess so its peak memory (max RSS) is
its own; its steps run as `argmap build` runs them (parsing without the id
positions editors use). Targets on the reference 2-core machine: the bundled essay builds in
under 0.15 s end to end, 1 MB (~10,000 statements) in under 0.5 s, and
`argmap --help` starts in under 0.1 s.
"""

from __future__ import annotations

import argparse
import json
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

ROOT = Path(__file__).resolve().parents[1]
WORDS = (
    "iran russia alliance sanctions drones munitions council security weapons influence "
    "region ukraine syria moscow tehran power backer deepening cooperation limited rival "
    "strategic leverage deterrence proxies militias nuclear program enrichment missiles"
).split()


def generate(size: int, seed: int = 1) -> str:
    """An annotated essay of about `size` characters: a thesis, a tree of claims, evidence, rebuttals."""
    rng = random.Random(seed)
    parts = ["# Generated essay\n[The thesis holds]{#thesis .thesis}.\n"]
    claims = ["thesis"]
    length, n = len(parts[0]), 0
    while length < size:
        n += 1
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
        roll = rng.random()
        if roll < 0.3:
            attrs = f"#c{n} .claim +{rng.choice(claims)}"
            claims.append(f"c{n}")
        elif roll < 0.85:
            attrs = f".evidence +{rng.choice(claims)}"
        else:
            attrs = f".rebuttal -{rng.choice(claims)}"
        sentence = f"Some context here. [{words.capitalize()}]{{{attrs}}}.\n"
        if n % 40 == 0:
            sentence += f"\n## Section {n // 40}\n"
        parts.append(sentence)
        length += len(sentence)
    return "".join(parts)


def measure_in_process(path: str) -> dict:
    """Times of each step inside one process, and its peak RSS."""
    started = time.perf_counter()
    from argmap import build, lookup, mapfile, model, query, query_text, reading, render, syntax
    from argmap.base import collection_paused
    from argmap.pipeline import read_bytes

    imported = time.perf_counter()
    data = read_bytes(path)
    with collection_paused():  # as `pipeline.build_text` does
        document = syntax.parse(reading.decode(data, path), path, mentions=False)  # as `argmap build` parses
        parsed = time.perf_counter()
        graph = build.build_graph(document, model.sha256(data))
        built = time.perf_counter()
        warnings = model.check(graph)
        checked = time.perf_counter()
    text = mapfile.dumps(graph)
    dumped = time.perf_counter()
    target = next(n for n, kind in graph.nodes(data="kind") if kind == "claim")
    description = query.describe(graph, lookup.find_statement(graph, target))
    query_text.format_description(description)
    queried = time.perf_counter()
    dot = render.to_dot(graph)
    rendered = time.perf_counter()
    return {
        "statements": len(model.statements(graph)),
        "relations": graph.number_of_edges(),
        "warnings": len(warnings),
        "import_s": imported - started,
        "parse_s": parsed - imported,
        "graph_s": built - parsed,
        "check_s": checked - built,
        "json_s": dumped - checked,
        "build_s": dumped - imported,
        "query_s": queried - dumped,
        "dot_s": rendered - queried,
        "dot_chars": len(dot),
        "map_bytes": len(text.encode()),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def wall(command: list[str], runs: int = 7, cwd: str | None = None) -> float:
    """Median wall time of a whole command, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=cwd)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def argmap_command() -> list[str]:
    script = Path(sys.executable).with_name("argmap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "argmap"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=float, default=[1e3, 1e4, 1e5, 1e6, 1e7])
    parser.add_argument("--render-limit", type=float, default=1e5, help="largest size drawn with dot -Tsvg")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_in_process(args.one)))
        return

    argmap = argmap_command()
    essay = ROOT / "essays" / "iran-russia.txt"
    with tempfile.TemporaryDirectory() as tmp:
        print(f"argmap --help:                         {wall(argmap + ['--help']):.3f} s (median of 7)")
        if essay.exists():
            print(f"argmap build essays/iran-russia.txt:   {wall(argmap + ['build', str(essay), '-o', os.path.join(tmp, 'm.json')]):.3f} s (median of 7, end to end)")
            if shutil.which("dot"):
                print(f"argmap render (svg) of the essay:      {wall(argmap + ['render', str(essay), '-o', os.path.join(tmp, 'm.svg')], runs=3):.3f} s (median of 3)")
        print()
        header = f"{'size':>9} {'stmts':>7} {'parse':>7} {'graph':>7} {'check':>7} {'json':>7} {'build':>7} {'query':>7} {'to_dot':>7} {'dot svg':>8} {'peak MB':>8}"
        print(header)
        for size in args.sizes:
            path = os.path.join(tmp, f"essay-{int(size)}.txt")
            Path(path).write_text(generate(int(size)), encoding="utf-8")
            out = subprocess.run([sys.executable, __file__, "--one", path], check=True, capture_output=True, text=True)
            row = json.loads(out.stdout)
            svg = "-"
            if size <= args.render_limit and shutil.which("dot"):
                started = time.perf_counter()
                subprocess.run(argmap + ["render", path, "-o", os.path.join(tmp, "out.svg")], check=True, capture_output=True)
                svg = f"{time.perf_counter() - started:.2f}s"
            print(
                f"{_size(size):>9} {row['statements']:>7} {row['parse_s']:>6.3f}s {row['graph_s']:>6.3f}s "
                f"{row['check_s']:>6.3f}s {row['json_s']:>6.3f}s {row['build_s']:>6.3f}s {row['query_s']:>6.3f}s "
                f"{row['dot_s']:>6.3f}s {svg:>8} {row['peak_rss_mb']:>8.1f}"
            )
    print("\nbuild = parse + graph + check + json, in process (imports excluded); dot svg = whole `argmap render` command")


def _size(size: float) -> str:
    for unit, factor in (("MB", 1e6), ("KB", 1e3)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{int(size)} B"


if __name__ == "__main__":
    main()
