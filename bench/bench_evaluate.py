"""Time grounded labelling, DF-QuAD and the h-categorizer on random maps of 10^3 to 10^5 statements.

Run: python3 bench/bench_evaluate.py [SIZES...]

Each map is a sparse random argument map with about 1.5 relations per
statement (see `random_map`). Two families: second relations towards earlier
statements (argument maps as people write them: few, small cycles), and
second relations in any direction (a stress case: one strongly connected
component holding about a third of the map, which DF-QuAD must iterate as a
whole; its attacks alone form much smaller cycles, which is all the
h-categorizer iterates). `sweeps` is the largest number of Gauss-Seidel sweeps
any cycle needed under DF-QuAD. Times are the best of three runs; peak memory
(tracemalloc) is that of one grounded labelling plus one DF-QuAD run. The grounded labelling is computed on the map
(bipolar framework) without building the derived attack relation, which on
such maps runs to millions of pairs at 10^4 statements.
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx  # noqa: E402

from argmap.evaluation.gradual import dfquad, h_categorizer  # noqa: E402
from argmap.evaluation.bipolar import map_grounded_labelling  # noqa: E402


def random_map(size: int, seed: int = 0, back_edges: float = 0.0) -> nx.DiGraph:
    """A sparse random map: a few theses, each other statement supports
    (80%) or attacks (20%) an earlier one; half of them get a second relation
    to an earlier statement, or, with probability `back_edges`, to any
    statement (which closes cycles). Pairs of mutual attacks (one per 100
    statements) add small cycles in any case."""
    rng = random.Random(seed)
    g = nx.DiGraph()
    theses = max(1, size // 10_000 + 2)
    for i in range(size):
        kind = "thesis" if i < theses else rng.choice(["claim", "evidence", "rebuttal"])
        g.add_node(f"s{i}", kind=kind, label=f"s{i}", weight=None)

    def relate(source, target, relation):
        if source != target and not g.has_edge(source, target) and not g.has_edge(target, source):
            g.add_edge(source, target, relation=relation, link=None)

    for i in range(theses, size):
        relate(f"s{i}", f"s{rng.randrange(i)}", "attack" if rng.random() < 0.2 else "support")
        if rng.random() < 0.5:
            other = rng.randrange(size) if rng.random() < back_edges else rng.randrange(i)
            relate(f"s{i}", f"s{other}", rng.choice(["support", "attack"]))
    for _ in range(size // 100):
        a, b = f"s{rng.randrange(size)}", f"s{rng.randrange(size)}"
        if a != b and not g.has_edge(a, b) and not g.has_edge(b, a):
            g.add_edge(a, b, relation="attack", link=None)
            g.add_edge(b, a, relation="attack", link=None)
    return g


def best_of(runs: int, work) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_mib(work) -> float:
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(sizes: list[int]) -> None:
    print(f"{'statements':>10} {'relations':>9} {'back edges':>10} {'grounded s':>10} {'dfquad s':>8} "
          f"{'sweeps':>6} {'hcat s':>6} {'peak MiB':>8}")
    for back_edges in (0.0, 1.0):
        for size in sizes:
            g = random_map(size, back_edges=back_edges)
            t_grounded, _ = best_of(3, lambda: map_grounded_labelling(g))
            t_dfquad, strengths = best_of(3, lambda: dfquad(g))
            t_hcat, _ = best_of(3, lambda: h_categorizer(g))
            peak = peak_mib(lambda: (map_grounded_labelling(g), dfquad(g)))
            print(f"{size:>10} {g.number_of_edges():>9} {back_edges:>10.0%} {t_grounded:>10.3f} "
                  f"{t_dfquad:>8.3f} {strengths['iterations']:>6} {t_hcat:>6.3f} {peak:>8.1f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 10_000, 100_000])
