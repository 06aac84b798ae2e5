"""What every reader shares: a draft map that settles kinds, then builds the graph.

Most formats do not say whether a statement is a thesis, a claim, evidence or
a rebuttal, and they name statements in ways our ids cannot hold. A reader
collects statements and relations into a `Draft`; `Draft.build` gives every
statement without a kind one inferred from its place in the argument (see
`infer_kind`) and builds the graph through `argmap.model`, so the graph always
follows docs/map-format.md and is validated the same way as our own syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.errors import ArgmapError, Diagnostic
from argmap.reading import Locator


def span_record(locate: Locator, start: int, end: int) -> dict:
    """A span dict of the schema for plain-text offsets, located in the same text."""
    line, col = locate(start)
    end_line, end_col = locate(end)
    return {"start": start, "end": end, "line": line, "col": col, "end_line": end_line, "end_col": end_col}


def infer_kind(is_premise: bool, supports: bool, has_incoming: bool) -> str:
    """The kind a statement plays when its format does not say.

    A conclusion nothing builds on is a thesis; a statement that only attacks
    (or undercuts) is a rebuttal; one that supports is evidence when nothing
    backs it, else a claim (an intermediate conclusion). An unrelated
    statement is a claim.
    """
    if not is_premise:
        return "thesis" if has_incoming else "claim"
    if not supports:
        return "rebuttal"
    return "claim" if has_incoming else "evidence"


@dataclass
class Draft:
    """A map under construction: statements and inferences in reading order.

    An inference's target is a statement id, or (for an attack: an undercut)
    the key `infer` returned for another inference, which may come later.
    """

    path: str
    digest: str
    title: str | None = None
    statements: dict[str, dict] = field(default_factory=dict)
    inferences: list[dict] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    extra: dict[str, dict] = field(default_factory=dict)  # per-statement attributes outside the schema
    # What the kinds are inferred from, kept by `infer` while each inference is at hand (a pass over
    # 10^5 drafted inferences at build time found each of them cold in memory again).
    _premises: set[str] = field(default_factory=set, init=False, repr=False)  # premises of any inference
    _supporting: set[str] = field(default_factory=set, init=False, repr=False)  # ... of a support
    _concluded: set[str] = field(default_factory=set, init=False, repr=False)  # targets of a support or an attack
    _undercuts: bool = field(default=False, init=False, repr=False)  # whether an inference aims at an inference

    def statement(self, id: str, text: str, *, kind: str | None = None, **attrs) -> None:
        attrs["kind"], attrs["text"] = kind, text  # the keyword arguments' own dict is the record: one dict made, not two
        self.statements[id] = attrs

    def infer(self, relation: str, premises, target, *, on_inference: bool = False, title: str | None = None,
              line: int | None = None, col: int | None = None, key=None, extra: dict | None = None):
        """Record premises -> target (an inference's key when `on_inference`); return this inference's key.

        Keys are numbers in order unless the reader gives its own (its format's id of the inference).
        `extra` are node attributes outside the schema (kept in memory, not in map files).
        """
        key = len(self.inferences) if key is None else key
        premises = list(dict.fromkeys(premises))
        self.inferences.append({
            "key": key, "relation": relation, "premises": premises, "target": target,
            "on_inference": on_inference, "title": title, "line": line, "col": col, "extra": extra,
        })
        self._premises.update(premises)
        if on_inference:
            self._undercuts = True
        else:
            self._concluded.add(target)
            if relation == "support":
                self._supporting.update(premises)
        return key

    def warn(self, message: str, line: int | None = None, col: int | None = None, path: str | None = None) -> None:
        self.warnings.append(Diagnostic(message, path or self.path, line, col, "warning"))

    def error(self, message: str, line: int | None = None, col: int | None = None, path: str | None = None) -> None:
        self.errors.append(Diagnostic(message, path or self.path, line, col))

    def build(self):
        """The graph, after inferring missing kinds; raise ArgmapError listing every error."""
        from argmap import model

        if self.errors:
            raise ArgmapError(self.errors)
        graph = model.new_graph(self.path, self.digest, self.title)
        # The new graph's own dicts are filled as add_nodes_from and add_edges_from would (each statement's
        # attributes dict is the node's, not copied twice): networkx's calls were a third of reading 10^5 statements.
        nodes, succ, pred = graph._node, graph._succ, graph._pred
        errors: list[Diagnostic] = []
        is_premise, supporting, concluded, extra = self._premises, self._supporting, self._concluded, self.extra
        for id, attrs in self.statements.items():  # ids are unique: the keys of a dict
            kind = attrs.pop("kind") or infer_kind(id in is_premise, id in supporting, id in concluded)
            try:
                data = model.statement_data(graph, id, kind, **attrs)
            except ArgmapError as err:
                errors += err.diagnostics
                continue
            if id in extra:
                data.update(extra[id])
            nodes[id], succ[id], pred[id] = data, {}, {}
        known = None if errors else self.statements  # then the drafted statements are the graph's
        ids: dict = {}  # draft key -> inference id (None: not added)
        settled: list[str] = []  # the inference ids in the order they were added
        # Every edge of a role shares one attribute dict (read-only, see docs/map-format.md).
        premise_edge, conclusion_edge = {"role": "premise"}, {"role": "conclusion"}
        keys = {inference["key"] for inference in self.inferences} if self._undercuts else set()
        pending = self.inferences
        while pending:  # an undercut waits for the inference it aims at
            if self._undercuts:
                waits = [i["on_inference"] and i["target"] not in ids and i["target"] in keys for i in pending]
            else:
                waits = [False] * len(pending)  # nothing waits: no need to look at every inference twice
            waiting = [i for i, held in zip(pending, waits) if held]
            for inference, held in zip(pending, waits):  # not `inference in waiting`: quadratic in undercuts
                if held:
                    continue
                target = ids.get(inference["target"]) if inference["on_inference"] else inference["target"]
                ids[inference["key"]] = None
                if target is None:
                    continue  # aimed at an inference that could not be added
                relation, premises = inference["relation"], inference["premises"]
                problem = model.inference_problem(graph, relation, premises, target, None, statement_ids=known)
                if problem:
                    errors.append(Diagnostic(problem, self.path, inference["line"], inference["col"]))
                    continue
                id = ids[inference["key"]] = model.generated_id(nodes, premises, target)
                settled.append(id)
                # Added at once, node and edges, while its premises and target are at hand (a later pass over
                # 10^5 inferences found each of them cold in memory again).
                nodes[id] = {"type": "inference", "relation": relation, "title": inference["title"], "line": inference["line"],
                             "col": inference["col"]}
                if inference["extra"]:
                    nodes[id].update(inference["extra"])
                pred[id] = dict.fromkeys(premises, premise_edge)
                for premise in premises:
                    succ[premise][id] = premise_edge
                succ[id] = {target: conclusion_edge}
                pred[target][id] = conclusion_edge
            if len(waiting) == len(pending):
                errors += [Diagnostic("an undercut is part of a cycle of undercuts that aims at itself", self.path, i["line"], i["col"]) for i in waiting]
                break
            pending = waiting
        if errors:
            raise ArgmapError(errors)
        order = [ids[i["key"]] for i in self.inferences if ids.get(i["key"])]
        if order != settled:
            model.order_inferences(graph, order)  # an undercut settled after what it aims at, but listed as written
        return graph


class Losses:
    """What a writer cannot carry, counted per kind, so that each kind gives one warning."""

    def __init__(self, fmt: str):
        self.fmt = fmt
        self.counts: dict[tuple, int] = {}

    def add(self, one: str, many: str, consequence: str = "left out") -> None:
        """Count one loss: `one`/`many` name the shape ("undercut of an attack", "undercuts of attacks")."""
        key = (one, many, consequence)
        self.counts[key] = self.counts.get(key, 0) + 1

    def warnings(self, path: str | None) -> list[Diagnostic]:
        return [
            Diagnostic(f"{n} {one if n == 1 else many} cannot be written in {self.fmt}; {consequence}", path, severity="warning")
            for (one, many, consequence), n in self.counts.items()
        ]
