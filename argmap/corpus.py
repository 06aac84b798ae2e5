"""Whole corpora: build many documents in parallel, and count what they argue.

`build_many` runs every file through the reader for its format in a process
pool (one worker per idle core), so a corpus of hundreds of essays builds in about
the time of a few; a file that fails, or crashes its reader or even its
worker process, is reported with its diagnostics and does not stop the others. `write_maps` puts their maps in a folder; `stats` counts one map; `format_stats` lays counts out as
a table with a total row.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from argmap.base import KINDS
from argmap.errors import ArgmapError, Diagnostic
from argmap.model import INFERENCE_TYPES

COLUMNS = (*KINDS, *INFERENCE_TYPES, "linked", "depth", "unsupported")
DOCUMENT_EXTENSIONS = (".ann", ".argdown", ".xml", ".json", ".txt", ".md")
SEQUENTIAL_BELOW = 8
"""Below this many files a process pool costs more to start than it saves."""


@dataclass
class Result:
    """One document's outcome: a graph (or its map file's text) and its warnings, or the errors that stopped it."""

    path: str
    graph: object | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    """Every file read to build it (a brat .txt beside its .ann, ...): no output may replace them."""
    text: str | None = None
    """The map file's text instead of the graph, when `build_many` was asked for it."""

    @property
    def ok(self) -> bool:
        return self.graph is not None or self.text is not None


def expand(paths: list[str]) -> list[str]:
    """Files to build from files and directories: a directory gives its documents, sorted.

    A brat essay is listed once, by its .ann, a microtext by its .xml, and an
    AIF file by its .json: the plain .txt beside any of them is its transcript
    (AIFdb downloads ship nodesetN.json with nodesetN.txt), not a document.
    """
    files: list[str] = []
    for path in paths:
        if not os.path.isdir(path):
            files.append(path)
            continue
        for directory, subdirectories, names in os.walk(path):
            subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
            for name in sorted(names):
                stem, extension = os.path.splitext(name)
                if name.startswith(".") or extension.lower() not in DOCUMENT_EXTENSIONS:
                    continue
                if extension == ".txt" and _has_transcript_owner(directory, stem, names):
                    continue
                files.append(os.path.join(directory, name))
    return _once_each(files)


def _once_each(files: list[str]) -> list[str]:
    """`build corp/ corp/a.txt` lists corp/a.txt once, where it first appears."""
    seen = set()
    kept = []
    for path in files:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            kept.append(path)
    return kept


def _has_transcript_owner(directory: str, stem: str, names: list[str]) -> bool:
    """Whether STEM.txt is the plain text of a brat, microtexts or AIF document beside it."""
    if stem + ".ann" in names or stem + ".xml" in names:
        return True
    if stem + ".json" not in names:
        return False
    from argmap.formats import detect_format

    aif = os.path.join(directory, stem + ".json")
    try:
        with open(aif, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return detect_format(aif, head) == "aif"


def remove_stale_map(path: str) -> bool:
    """Remove the map an earlier build left at `path` for a document that now fails; True if there was one.

    Only an argmap map is removed, never a file of another kind or an input of this run.
    """
    from argmap import output

    if os.path.islink(path) or not os.path.isfile(path) or output.is_input(path):
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
        if b'"format": "argmap"' not in head:
            return False
        os.unlink(path)
    except OSError:
        return False
    return True


def map_names(files: list[str]) -> dict[str, str]:
    """A distinct map file name for each document.

    Its stem (essay.json); where stems clash, its file name (essay.txt.json,
    essay.md.json); where those clash too, its path below the folder all the
    files share (a__x.json, b__x.json); as a last resort, numbered.
    """
    from collections import Counter

    if not files:
        return {}
    common = os.path.commonpath([os.path.dirname(os.path.abspath(path)) for path in files])

    def flat(path: str) -> str:
        return os.path.relpath(os.path.abspath(path), common).replace(os.sep, "__").replace("..", "up")

    candidates = (
        lambda path: os.path.splitext(os.path.basename(path))[0],
        os.path.basename,
        lambda path: os.path.splitext(flat(path))[0],
        flat,
    )
    names: dict[str, str] = {}
    pending = list(dict.fromkeys(files))
    for candidate in candidates:
        counts = Counter(candidate(path).casefold() for path in pending)
        taken = {name.casefold() for name in names.values()}
        for path in pending:
            name = candidate(path)
            if counts[name.casefold()] == 1 and name.casefold() + ".json" not in taken:
                names[path] = name + ".json"
        pending = [path for path in pending if path not in names]
    for number, path in enumerate(pending, 1):  # Q.txt beside q.txt on a case-blind disk
        names[path] = f"{flat(path)}.{number}.json"
    return names


def write_maps(results: Iterable[Result], files: list[str], directory: str,
               rejects: Callable[[Result], bool], say: Callable[[str], None]) -> int:
    """Write each built document's map into `directory`; return how many documents failed.

    A document fails on its errors, when `rejects` refuses its warnings, or when
    its map cannot be written; its map from an earlier build is then removed so
    the folder never holds a map its document no longer gives. `say` gets each
    error line. Each map is staged as its result arrives (`build_each`), so the
    writing overlaps the building; they are put in place together (one disk
    sync), and never over an input of this run.
    """
    from argmap import output

    output.protect(*files)
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as err:
        raise ArgmapError(Diagnostic(f"cannot create the output folder: {err.strerror}", directory)) from None
    targets = map_names(files)
    failed = 0
    try:
        with output.Outputs() as batch:
            for result in results:
                output.protect(*result.inputs)
                for diagnostic in result.errors:
                    say(str(diagnostic))
                if not result.ok or rejects(result):
                    failed += 1
                    stale = os.path.join(directory, targets[result.path])
                    if remove_stale_map(stale):
                        say(f"{stale}: note: removed the map an earlier build wrote, as its document now fails")
                    continue
                try:
                    batch.add(os.path.join(directory, targets[result.path]), result.text)
                except ArgmapError as err:
                    say("\n".join(map(str, err.diagnostics)))
                    failed += 1
    except ArgmapError as err:  # maps that could not be put in place
        say("\n".join(map(str, err.diagnostics)))
        failed += len(err.diagnostics)
    return failed


def build_one(path: str, fmt: str | None = None) -> Result:
    """Read and check one document, catching what a user can cause."""
    from argmap import formats, output

    with output.run():
        try:
            build = formats.load(path, fmt)
        except ArgmapError as err:
            return Result(path, errors=err.diagnostics, inputs=output.inputs())
        except (Exception, RecursionError, MemoryError) as err:  # a bug of ours: this file's error, not the batch's
            return Result(path, errors=[crashed(path, f"{type(err).__name__}: {err}")], inputs=output.inputs())
        return Result(path, build.graph, build.warnings, inputs=output.inputs())


def crashed(path: str, what: str) -> Diagnostic:
    return Diagnostic(f"internal error while building it: {what} (please report it)", path)


def idle_cores() -> int:
    """The default number of workers: the cores this process may use that are not busy already.

    Busy is the 1-minute load average, or fewer if fewer other processes run
    at this moment: the average lags a minute behind a job that has ended
    (a build right after another one got one worker). On a machine whose
    cores are all taken, workers only take turns with each other and cost
    their start-up: on 2 cores under a load of 2.6, 400 AAE-sized essays
    took 0.53 s with 2 workers and 0.44 s with one.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        busy = round(os.getloadavg()[0])
    except OSError:  # no load average on this system
        busy = 0
    running = _running_now()
    if running is not None:
        busy = min(busy, running)
    return max(1, cores - busy)


def _running_now() -> int | None:
    """How many other processes are running or ready to run at this moment (Linux), or None where it cannot be known."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            running = handle.read().split()[3].split("/")[0]  # "0.52 0.61 0.70 2/77 1234": 2 runnable, this one included
        return max(0, int(running) - 1)
    except (OSError, ValueError, IndexError):
        return None


def build_each(paths: list[str], jobs: int | None = None, fmt: str | None = None, map_text: bool = False) -> Iterator[Result]:
    """Build every file across `jobs` processes (default: `idle_cores()`), yielding each result in input order as it is ready.

    With `map_text`, each result holds its map file's text, written where
    the document was built: a worker sends back a string, cheaper to pass
    between processes than the graph.
    """
    jobs = jobs or idle_cores()
    if jobs == 1 or len(paths) < SEQUENTIAL_BELOW:
        for path in paths:
            yield _build(path, fmt, map_text)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    from concurrent.futures.process import BrokenProcessPool

    chunksize = max(1, min(32, len(paths) // (jobs * 4)))
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for result in pool.map(partial(_build, fmt=fmt, map_text=map_text), paths, chunksize=chunksize):
                done += 1
                yield result
    except BrokenProcessPool:
        # A worker died (killed, out of memory): build the rest one process each, to tell which file did it.
        for path in paths[done:]:
            yield _build_isolated(path, fmt, map_text)


def build_many(
    paths: list[str],
    jobs: int | None = None,
    progress: Callable[[Result], None] | None = None,
    fmt: str | None = None,
    map_text: bool = False,
) -> list[Result]:
    """Every result of `build_each`, in input order; `progress` is called with each as it arrives."""
    results: list[Result] = []
    for result in build_each(paths, jobs, fmt, map_text):
        results.append(result)
        if progress:
            progress(result)
    return results


def _build(path: str, fmt: str | None, map_text: bool) -> Result:
    result = build_one(path, fmt)
    if map_text and result.graph is not None:
        from argmap import mapfile

        result.text, result.graph = mapfile.dumps(result.graph), None
    return result


def _build_isolated(path: str, fmt: str | None, map_text: bool) -> Result:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(_build, path, fmt, map_text).result()
    except BrokenProcessPool:
        return Result(path, errors=[crashed(path, "the process building it died (killed, or out of memory)")])


def stats(graph) -> dict:
    """Counts of one map: statements by kind, inferences by type, linked inferences, deepest chain, unsupported claims.

    Read from the evaluation's numbering of the map (`Index`): one pass over
    the graph, then lists by number instead of a dict look-up per statement.
    """
    from argmap.base import collection_paused
    from argmap.evaluation.theory import theory_of

    with collection_paused():
        theory = theory_of(graph)
        index = theory.index()
        first, premises, target, is_attack = index.statements, index.premises, index.target, index.is_attack
        counts = dict.fromkeys(COLUMNS, 0)
        info = theory.data  # in statement order, read with the numbering: no look-up by id
        for data in info:
            counts[data["kind"]] += 1
        links = []  # premise -> conclusion of every support and attack on a statement, by number
        supported = bytearray(first)
        for i in range(first, index.size):
            aimed = target[i]
            counts["linked"] += len(premises[i]) > 1
            if aimed >= first:
                counts["undercut"] += 1
                continue
            links += [(premise, aimed) for premise in premises[i]]
            if is_attack[i]:
                counts["attack"] += 1
            else:
                counts["support"] += 1
                supported[aimed] = 1
        counts["depth"] = _depth(first, links)
        counts["unsupported"] = sum(
            1 for data, held in zip(info, supported)
            if not held and data["kind"] in ("claim", "thesis") and not data.get("implicit")
        )
    return counts


def _depth(size: int, links: list[tuple[int, int]]) -> int:
    """The most links on a chain among statements 0..size-1, a cycle counting as one node (the longest path of the condensation).

    What no cycle leads to is peeled in topological order, its depth known
    when it is reached; the component search runs only on the rest (cycles
    and what they lead to), whose components come numbered in topological
    order.
    """
    from argmap.evaluation.dung import indexed_components
    from argmap.evaluation.theory import append

    following: list = [()] * size
    waiting = [0] * size  # links into each statement from statements not peeled yet
    for premise, target in links:
        append(following, premise, target)
        waiting[target] += 1
    depth = [0] * size
    ready = [node for node in range(size) if not waiting[node]]
    for node in ready:  # the list grows as statements are peeled
        for target in following[node]:
            if depth[target] <= depth[node]:
                depth[target] = depth[node] + 1
            waiting[target] -= 1
            if not waiting[target]:
                ready.append(target)
    rest = [node for node in range(size) if waiting[node]]
    if not rest:
        return max(depth, default=0)
    local = {node: k for k, node in enumerate(rest)}
    piece_of, count = indexed_components([[local[target] for target in following[node]] for node in rest])
    reach = [0] * count  # the most links on a chain into each component
    for node, piece in zip(rest, piece_of):
        reach[piece] = max(reach[piece], depth[node])
    for k in sorted(range(len(rest)), key=piece_of.__getitem__):
        piece = piece_of[k]
        for target in following[rest[k]]:
            other = piece_of[local[target]]
            if other != piece and reach[other] <= reach[piece]:
                reach[other] = reach[piece] + 1
    return max(max(depth), max(reach))


def format_stats(rows: list[tuple[str, dict]]) -> str:
    """A text table: one row per document, then the total (depth: the deepest of all)."""
    total = dict.fromkeys(COLUMNS, 0)
    for _, counts in rows:
        for column in COLUMNS:
            total[column] = max(total[column], counts[column]) if column == "depth" else total[column] + counts[column]
    table = [("document", *COLUMNS)] + [(name, *(str(c[k]) for k in COLUMNS)) for name, c in rows]
    table.append((f"total ({len(rows)})", *(str(total[k]) for k in COLUMNS)))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = [
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
        for row in table
    ]
    rule = "-" * len(lines[0])
    return "\n".join([lines[0], rule, *lines[1:-1], rule, lines[-1]]) + "\n"
