"""Time the structured and bipolar grounded labellings, DF-QuAD and the h-categorizer on random maps of 10^3 to 10^5 statements.

Run: python3 bench/bench_evaluate.py [SIZES...]

Each map is a sparse random argument map with about 1.5 relations per
statement (see `random_map`). Two families: second relations towards earlier
statements (argument maps as people write them: few, small cycles), and
second relations in any direction (a stress case: one strongly connected
component holding about a third of the map, which DF-QuAD must iterate as a
whole; its attacks alone form much smaller cycles, which is all the
h-categorizer iterates). `sweeps` is the largest number of Gauss-Seidel sweeps
any cycle needed under DF-QuAD. Times are the best of three runs. `read s`
turns the graph into the theory every semantics reads (statements and
`model.inferences`, numbered): it is done once per map and shared. The
evaluation work proper is `structured s` (the default status: the grounded
ASPIC+ labelling of statements and inferences) plus `dfquad s` (the default
strength). `bipolar s` is the grounded labelling of the bipolar framework,
computed without building the derived attack relation, which on such maps
runs to millions of pairs at 10^4 statements. Peak memory (tracemalloc) is
that of reading the map plus one structured labelling and one DF-QuAD run.
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx  # noqa: E402

from argmap.evaluation.bipolar import map_grounded_labelling  # noqa: E402
from argmap.evaluation.gradual import dfquad, h_categorizer  # noqa: E402
from argmap.evaluation.structured import structured_grounded  # noqa: E402
from argmap.evaluation.theory import theory_of  # noqa: E402


def random_map(size: int, seed: int = 0, back_edges: float = 0.0) -> nx.DiGraph:
    """A sparse random map (format 2): a few theses, each other statement
    supports (80%) or attacks (20%) an earlier one; half of them get a second
    relation to an earlier statement, or, with probability `back_edges`, to
    any statement (which closes cycles). Pairs of mutual attacks (one per 100
    statements) add small cycles in any case. Each relation is an inference
    with one premise."""
    rng = random.Random(seed)
    g = nx.DiGraph(format="argmap", version=2)
    theses = max(1, size // 10_000 + 2)
    for i in range(size):
        kind = "thesis" if i < theses else rng.choice(["claim", "evidence", "rebuttal"])
        g.add_node(f"s{i}", type="statement", kind=kind, label=f"s{i}", weight=None)
    related: set[tuple] = set()

    def relate(source, target, relation, mutual=False):
        if source != target and (source, target) not in related and (mutual or (target, source) not in related):
            related.add((source, target))
            inference = f"{source}>{target}"
            g.add_node(inference, type="inference", relation=relation, title=None, line=None, col=None)
            g.add_edge(source, inference, role="premise")
            g.add_edge(inference, target, role="conclusion")

    for i in range(theses, size):
        relate(f"s{i}", f"s{rng.randrange(i)}", "attack" if rng.random() < 0.2 else "support")
        if rng.random() < 0.5:
            other = rng.randrange(size) if rng.random() < back_edges else rng.randrange(i)
            relate(f"s{i}", f"s{other}", rng.choice(["support", "attack"]))
    for _ in range(size // 100):
        a, b = f"s{rng.randrange(size)}", f"s{rng.randrange(size)}"
        if a != b and (a, b) not in related and (b, a) not in related:
            relate(a, b, "attack")
            relate(b, a, "attack", mutual=True)
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


def read(g):
    theory = theory_of(g)
    theory.index()
    return theory


def main(sizes: list[int]) -> None:
    print(f"{'statements':>10} {'relations':>9} {'back edges':>10} {'read s':>6} {'structured s':>12} {'dfquad s':>8} "
          f"{'sweeps':>6} {'bipolar s':>9} {'hcat s':>6} {'peak MiB':>8}")
    for back_edges in (0.0, 1.0):
        for size in sizes:
            g = random_map(size, back_edges=back_edges)
            t_read, theory = best_of(3, lambda: read(g))
            t_structured, _ = best_of(3, lambda: structured_grounded(theory))
            t_dfquad, strengths = best_of(3, lambda: dfquad(theory))
            t_bipolar, _ = best_of(3, lambda: map_grounded_labelling(theory))
            t_hcat, _ = best_of(3, lambda: h_categorizer(theory))
            peak = peak_mib(lambda: (lambda t: (structured_grounded(t), dfquad(t)))(read(g)))
            print(f"{size:>10} {len(theory.inferences):>9} {back_edges:>10.0%} {t_read:>6.3f} {t_structured:>12.3f} "
                  f"{t_dfquad:>8.3f} {strengths['iterations']:>6} {t_bipolar:>9.3f} {t_hcat:>6.3f} {peak:>8.1f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 10_000, 100_000])
