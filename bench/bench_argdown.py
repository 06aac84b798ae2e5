"""Benchmark: argmap's Argdown reader against Argdown's own CLI, side by side.

Run on demand (not part of the tests):

    .venv/bin/python bench/bench_argdown.py                      # 10 .. 10^5 statements
    .venv/bin/python bench/bench_argdown.py --sizes 10 1000      # some sizes

For each size it writes one generated Argdown document and times, on that same
file, `argmap build --from argdown FILE -o OUT` and `argdown json FILE DIR`
(both whole commands, start-up included), run alternately so that both see the
same load. It reports each command's CPU time (user + sys of that child alone,
from wait4; best of the runs, the figure to compare on a shared machine), its
median wall time, and its peak RSS. Each command runs once unmeasured first.
Node collects garbage on helper threads, so Argdown's CPU time can exceed its
wall time; argmap's wall time includes making its output durable (fsync).

argmap runs as an installed package does, from cached bytecode: the
benchmark lets Python write it (into a temporary PYTHONPYCACHEPREFIX) even
where PYTHONDONTWRITEBYTECODE is set, which would otherwise recompile every
argmap module on every run (~20 ms, a tenth of a small build). Argdown's CLI
runs as npm installed it. It is installed with npm into bench/.argdown on
first use; without npm the benchmark says so and stops.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGDOWN_DIR = ROOT / "bench" / ".argdown"
WORDS = "iran russia alliance sanctions drones munitions council security weapons influence region power".split()


def generate(statements: int, seed: int = 7) -> str:
    """An Argdown document of `statements` titled statements: a support/attack tree, every tenth
    conclusion also backed by a premise-conclusion argument, a heading every 50 statements."""
    rng = random.Random(seed)

    def text() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))).capitalize() + "."

    lines = ["# Generated debate", "", f"[S0]: {text()}"]
    made, arguments = 1, 0
    while made < statements:
        parent = rng.randrange(made)
        if made % 50 == 0:
            lines += ["", f"# Section {made // 50}", ""]
        if made % 10 == 0 and made + 2 <= statements:
            arguments += 1
            lines += [
                "", f"<A{arguments}>: {text()}", "",
                f"(1) [S{made}]: {text()}", f"(2) [S{made + 1}]: {text()}", "----", f"(3) [S{parent}]", "",
            ]
            made += 2
            continue
        relation = "+" if rng.random() < 0.75 else "-"
        lines += ["", f"[S{parent}]", f"  {relation} [S{made}]: {text()}"]
        made += 1
    return "\n".join(lines) + "\n"


def run_measured(command: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """(CPU seconds, wall seconds, peak RSS in MB) of one command, its own rusage only."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {error.strip()[:500]}")
    return usage.ru_utime + usage.ru_stime, elapsed, usage.ru_maxrss / 1024


def side_by_side(commands: list[tuple[list[str], dict]], runs: int) -> list[tuple[float, float, float]]:
    """(best CPU, median wall, peak RSS) of each (command, environment), run in turn `runs` times after one warm-up."""
    for command, env in commands:
        run_measured(command, env)
    results = [[] for _ in commands]
    for _ in range(runs):
        for (command, env), measured in zip(commands, results):
            measured.append(run_measured(command, env))
    return [
        (min(r[0] for r in measured), statistics.median(r[1] for r in measured), max(r[2] for r in measured))
        for measured in results
    ]


def argdown_cli() -> Path | None:
    """Argdown's CLI, installed into bench/.argdown with npm when missing; None without npm."""
    binary = ARGDOWN_DIR / "node_modules" / ".bin" / "argdown"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        return None
    ARGDOWN_DIR.mkdir(parents=True, exist_ok=True)
    print("installing Argdown's CLI with npm into bench/.argdown ...", flush=True)
    subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(ARGDOWN_DIR), "@argdown/cli"], check=True)
    return binary if binary.exists() else None


def argmap_command() -> list[str]:
    script = Path(sys.executable).with_name("argmap")
    return [str(script)] if script.exists() else [sys.executable, "-m", "argmap"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=float, default=[10, 100, 1e3, 1e4, 1e5])
    parser.add_argument("--runs", type=int, default=3, help="runs per command and size")
    args = parser.parse_args()
    argdown = argdown_cli()
    if argdown is None:
        print("npm is not installed: cannot run Argdown's CLI, benchmark skipped")
        return
    argmap = argmap_command()
    print(f"{'':>20} {'CPU (best)':^28} {'wall (median)':^28} {'peak RSS':^26}")
    print(
        f"{'statements':>10} {'bytes':>9} {'argmap':>9} {'argdown':>9} {'speed-up':>8} "
        f"{'argmap':>9} {'argdown':>9} {'speed-up':>8} {'argmap':>8} {'argdown':>8} {'ratio':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        cached = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")
        for size in args.sizes:
            path = os.path.join(tmp, f"debate-{int(size)}.argdown")
            Path(path).write_text(generate(int(size)), encoding="utf-8")
            (our_cpu, ours, our_mb), (their_cpu, theirs, their_mb) = side_by_side([
                (argmap + ["build", "--from", "argdown", path, "-o", os.path.join(tmp, "out.json")], cached),
                ([str(argdown), "json", path, os.path.join(tmp, "argdown-out")], None),
            ], args.runs)
            print(
                f"{int(size):>10} {os.path.getsize(path):>9} {our_cpu:>8.3f}s {their_cpu:>8.3f}s {their_cpu / our_cpu:>7.2f}x "
                f"{ours:>8.3f}s {theirs:>8.3f}s {theirs / ours:>7.2f}x {our_mb:>6.0f}MB {their_mb:>6.0f}MB {our_mb / their_mb:>7.2f}x"
            )
    print(
        "\nCPU: user + sys of each whole command, best of the runs; wall: median; peak RSS: the most of any run;"
        "\nspeed-up = argdown / argmap, memory ratio = argmap / argdown (target: speed-up >= 3, ratio <= 0.5)"
    )


if __name__ == "__main__":
    main()
