"""Benchmark: what argmap costs on top of the programs it cannot avoid, as ratios of CPU time.

Run on demand (not part of the tests):

    .venv/bin/python bench/bench_startup.py                  # render at 10^3, 3x10^3 and 10^4 statements
    .venv/bin/python bench/bench_startup.py --sizes 1e3 3e3  # other sizes

Each figure is the CPU time (user + sys, children included, from
getrusage(RUSAGE_CHILDREN)) of a whole command, best of --runs, so that a
shared machine's load shifts it less than wall time would; a command and
its baseline take turns, run by run:

argmap's bytecode is compiled first, as an installed argmap has it (where
PYTHONDONTWRITEBYTECODE is set, an editable install would otherwise compile
its source at every start).

- `argmap --help` against `python -c 'import click'` (target at most 1.3x);
- `argmap build` of the bundled essay against `python -c 'import networkx'`
  (target at most 1.3x);
- `argmap render MAP -f svg` against Graphviz alone on the DOT that argmap
  writes for the same map (`dot -Tsvg MAP.dot`), on the bench_scaling
  essays' maps (target: overhead at most 10% from 1,000 statements up).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def cpu(commands: list[list[str]], runs: int) -> list[float]:
    """Least CPU seconds (user + sys, children included) of each command over `runs` runs, the commands taking turns
    (so that a shared machine's load shifts them alike)."""
    best = [float("inf")] * len(commands)
    for _ in range(runs):
        for index, command in enumerate(commands):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            best[index] = min(best[index], after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best


def argmap_command() -> list[str]:
    script = Path(sys.executable).with_name("argmap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "argmap"]


def main() -> None:
    from bench_scaling import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=float, default=[1e3, 3e3, 1e4])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    argmap, python = argmap_command(), sys.executable
    # As an installed argmap starts (pip compiles at install, .ci/setup too), not compiling its source each run.
    subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "argmap")], check=True, stdout=subprocess.DEVNULL)

    def ratio(label: str, command: list[str], baseline_label: str, baseline: list[str], runs: int) -> None:
        ours, theirs = cpu([command, baseline], runs)
        print(f"{label:<40} {ours:7.3f} s   {baseline_label:<28} {theirs:7.3f} s   {ours / theirs:5.2f}x")

    with tempfile.TemporaryDirectory() as tmp:
        ratio("argmap --help", argmap + ["--help"], "python -c 'import click'", [python, "-c", "import click"], args.runs)
        essay = ROOT / "essays" / "iran-russia.txt"
        ratio("argmap build essays/iran-russia.txt", argmap + ["build", str(essay), "-o", os.path.join(tmp, "e.json")],
              "python -c 'import networkx'", [python, "-c", "import networkx"], args.runs)
        if not shutil.which("dot"):
            print("render: skipped, Graphviz's dot is not installed")
            return
        for size in args.sizes:
            essay_path, map_path, dot_path = (os.path.join(tmp, f"{int(size)}.{ext}") for ext in ("txt", "json", "dot"))
            Path(essay_path).write_text(generate(int(size)), encoding="utf-8")
            subprocess.run(argmap + ["build", essay_path, "-o", map_path], check=True, capture_output=True)
            subprocess.run(argmap + ["render", map_path, "-f", "dot", "-o", dot_path], check=True, capture_output=True)
            runs = args.runs if size < 3e3 else 2
            ratio(f"argmap render ({int(size):,} statements) -f svg",
                  argmap + ["render", map_path, "-f", "svg", "-o", os.path.join(tmp, "out.svg")],
                  "dot -Tsvg on its DOT", ["dot", "-Tsvg", dot_path, "-o", os.path.join(tmp, "bare.svg")], runs)
    print("\nCPU seconds (user + sys, children included), best of --runs; the last column is argmap's time over the baseline's")


if __name__ == "__main__":
    main()
