"""How long drawing takes as maps grow: DOT generation alone, then dot -Tsvg.

Run: python3 bench/bench_render.py [sizes...]   (default 50 200 800)
Maps are synthetic trees under one thesis, with every fifth premise attacking,
linked pairs and an undercut every 25 statements, split into 4 sections.
"""

from __future__ import annotations

import sys
import time

import networkx as nx

from argmap import render
from argmap.mapfile import from_version_1


def synthetic_map(size: int) -> nx.DiGraph:
    graph = nx.DiGraph(format="argmap", version=1, source="bench", sha256="0" * 64, title="bench")
    kinds = ["claim", "evidence", "rebuttal"]
    for index in range(size):
        kind = "thesis" if index == 0 else kinds[index % 3]
        graph.add_node(
            f"s{index}", kind=kind, text=f"statement number {index} " * 3,
            label=f"Statement {index} says something fairly long", spans=[],
            implicit=index % 17 == 0 and index > 0, section=f"Part {index * 4 // size}",
            weight=None, line=index + 1, col=1,
        )
    for index in range(1, size):
        target = f"s{(index - 1) // 3}"
        relation = "attack" if index % 5 == 0 else "support"
        link = "pair" if index % 7 in (1, 2) and relation == "support" else None
        graph.add_edge(f"s{index}", target, relation=relation, link=link, line=1, col=1)
    for index in range(25, size, 25):
        premise = f"s{index - 1}"
        target = next(iter(graph.successors(premise)))
        if not graph.has_edge(f"s{index}", target):
            graph.add_edge(f"s{index}", target, relation="undercut", link=None,
                           premises=[premise], line=1, col=1)
    return from_version_1(graph)  # written as relations between statements, read as inferences


def seconds(action, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main(sizes: list[int]) -> None:
    print(f"{'statements':>10} {'to_dot ms':>10} {'dot -Tsvg s':>12} {'svg KB':>8}")
    for size in sizes:
        graph = synthetic_map(size)
        dot_time = seconds(lambda: render.to_dot(graph))
        svg = render.render(graph, "svg")
        svg_time = seconds(lambda: render.render(graph, "svg"), repeat=1)
        print(f"{size:>10} {dot_time * 1000:>10.1f} {svg_time:>12.2f} {len(svg) / 1024:>8.0f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [50, 200, 800])
