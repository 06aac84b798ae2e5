"""Benchmark: what touching each node of a map costs as the map outgrows the cache. Prints the log-log slopes.

Run on demand (not part of the tests):

    .venv/bin/python bench/bench_locality.py                      # 10^3, 10^4, 10^5 statements
    .venv/bin/python bench/bench_locality.py --sizes 1e3 1e4 1e5 1e6

The floor under bench_scaling.py's slopes. For each size the bench_scaling
essay (--shape random) is built in this process, and four loops over its
nodes are timed (CPU time, best of --runs): reading each node's dict in map
order (`values`: iterating the graph's own dict), looking each node up by
its id in map order (`by_id`) and in a random order (`by_id_shuffled`), and
the evaluation's numbering of the map (`theory_of`, which looks up every
premise and target). A look-up by id hashes into a table as large as the
map, so it lands at a random place in memory however the ids are ordered;
a stage's slope lies between the first loop's and the third's, by its
share of look-ups. Figures are ns per node.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
LOOPS = ("values", "by_id", "by_id_shuffled", "theory_of")


def measure(statements: int, runs: int) -> tuple[int, dict]:
    """(nodes, best CPU seconds of each loop) on the essay of `statements` statements."""
    from bench_scaling import generate

    from argmap import build as builder, model, reading, syntax
    from argmap.base import collection_paused
    from argmap.evaluation.theory import theory_of

    data = generate(statements).encode("utf-8")
    with collection_paused():
        graph = builder.build_graph(syntax.parse(reading.decode(data, "essay"), "essay", mentions=False), model.sha256(data))
    nodes = graph._node
    names = list(nodes)
    shuffled = random.Random(1).sample(names, len(names))

    def by_id(order):
        for name in order:
            nodes[name].get("type")

    def values():
        for node_data in nodes.values():
            node_data.get("type")

    loops = {"values": values, "by_id": lambda: by_id(names), "by_id_shuffled": lambda: by_id(shuffled),
             "theory_of": lambda: theory_of(graph)}
    best: dict[str, float] = {}
    for _ in range(runs):
        for name, loop in loops.items():
            started = time.process_time()
            loop()
            best[name] = min(best.get(name, float("inf")), time.process_time() - started)
    return len(names), best


def main() -> None:
    from bench_scaling import slope

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", type=float, default=[1e3, 1e4, 1e5])
    parser.add_argument("--runs", type=int, default=5, help="runs per loop (best of); 2 above 10^5 statements")
    args = parser.parse_args()
    print(f"{'statements':>10} {'nodes':>8} " + " ".join(f"{loop:>15}" for loop in LOOPS))
    rows = []
    for size in args.sizes:
        nodes, best = measure(int(size), args.runs if size <= 1e5 else 2)
        rows.append((nodes, best))
        print(f"{int(size):>10} {nodes:>8} " + " ".join(f"{best[loop] * 1e9 / nodes:>13.0f}ns" for loop in LOOPS), flush=True)
    if len(rows) > 1:
        xs = [nodes for nodes, _ in rows]
        print(f"{'slope':>10} {'':>8} " + " ".join(f"{slope(xs, [best[loop] for _, best in rows]):>15.2f}" for loop in LOOPS))
    print("\nCPU ns per node (best of --runs); slope = d log(time) / d log(nodes), least squares: 1.0 is linear")


if __name__ == "__main__":
    main()
