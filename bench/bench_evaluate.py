"""Time grounded labelling and DF-QuAD on random maps of 10^3 to 10^5 statements.

Run: python3 bench/bench_evaluate.py [SIZES...]

Each map is a sparse random argument map: a few theses, every other statement
supports (about 80%) or attacks (about 20%) a statement made before it, and
about half of them get a second relation, so there are about 1.5 relations
per statement (mostly trees, with some cross links; attacks can form cycles
only through the second relations, which may point either way). Times are
the best of three runs; peak memory (tracemalloc) is that of one grounded
labelling plus one DF-QuAD run. The grounded labelling is computed on the map
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

from argmap.gradual import dfquad  # noqa: E402
from argmap.semantics import map_grounded_labelling  # noqa: E402


def random_map(size: int, seed: int = 0) -> nx.DiGraph:
    rng = random.Random(seed)
    g = nx.DiGraph()
    theses = max(1, size // 10_000 + 2)
    for i in range(size):
        kind = "thesis" if i < theses else rng.choice(["claim", "evidence", "rebuttal"])
        g.add_node(f"s{i}", kind=kind, label=f"s{i}", weight=None)
    for i in range(theses, size):
        target = rng.randrange(i)
        relation = "attack" if rng.random() < 0.2 else "support"
        g.add_edge(f"s{i}", f"s{target}", relation=relation, link=None)
        if rng.random() < 0.5:
            other = rng.randrange(size)
            if other != i and not g.has_edge(f"s{other}", f"s{i}") and not g.has_edge(f"s{i}", f"s{other}"):
                g.add_edge(f"s{i}", f"s{other}", relation=rng.choice(["support", "attack"]), link=None)
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
    print(f"{'statements':>10} {'relations':>9} {'grounded s':>10} {'dfquad s':>8} {'cycle iter':>10} {'peak MiB':>8}")
    for size in sizes:
        g = random_map(size)
        t_grounded, _ = best_of(3, lambda: map_grounded_labelling(g))
        t_dfquad, strengths = best_of(3, lambda: dfquad(g))
        peak = peak_mib(lambda: (map_grounded_labelling(g), dfquad(g)))
        print(f"{size:>10} {g.number_of_edges():>9} {t_grounded:>10.3f} {t_dfquad:>8.3f} "
              f"{strengths['iterations']:>10} {peak:>8.1f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 10_000, 100_000])
