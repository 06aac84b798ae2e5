"""What the evaluation reads of a map: statements and the inferences between them.

Every semantics works on a `Theory` (statement ids with their kind, label and
weight, and `argmap.model.Inference` records), never on the graph itself, so
the evaluation does not depend on how the map stores inferences, and a
what-if question (`without`) is answered on a reduced theory. `Index` numbers
statements and inferences for the linear-time algorithms.
"""

from __future__ import annotations

from argmap.base import collection_paused
from argmap.errors import ArgmapError


class Theory:
    """Statements in map order, their attributes, and the inferences in document order.

    A theory read from a map numbers it straight from the graph's adjacency
    and makes the `Inference` records only if something asks for them: at
    10^5 statements making them costs more than a grounded labelling.
    """

    def __init__(self, statements: list[str], info: dict[str, dict], inferences: list | None = None, graph=None):
        self.statements = statements
        self.info = info  # statement -> a dict with its "kind", "label", "weight" (read only: a map's own node data)
        self._inferences = inferences  # argmap.model.Inference, or None until asked for (then read from `graph`)
        self._graph = graph
        self._index: Index | None = None
        self._data: list[dict] | None = None

    @property
    def data(self) -> list[dict]:
        """Each statement's info in statement order: lists by number need no look-up by id (a cache miss at 10^5)."""
        if self._data is None:
            self._data = [self.info[s] for s in self.statements]
        return self._data

    @property
    def inferences(self) -> list:
        if self._inferences is None:
            from argmap import model

            self._inferences = model.inferences(self._graph)
        return self._inferences

    def index(self) -> "Index":
        if self._index is None:
            with collection_paused():
                self._index = Index(self.statements, [(i.id, i.relation, i.premises, i.target) for i in self.inferences])
        return self._index


def theory_of(source) -> Theory:
    """The theory of a map (a networkx graph), or `source` itself if it is one already."""
    if isinstance(source, Theory):
        return source
    # The graph's own dicts, in one pass: networkx's views cost more than the rest (10^5 statements).
    # A statement's info is its node's own attribute dict, not a copy: a copy per statement cost a quarter of this.
    # The three dicts side by side, as model.check reads them: an inference's edges without a look-up by id.
    nodes, pred, succ = source._node, source._pred, source._succ
    statements, info, rows, inferences = [], {}, [], []
    with collection_paused():
        for (node, data), (before, into), (after, out) in zip(nodes.items(), pred.items(), succ.items()):
            kind = data.get("type")
            if kind == "statement":
                statements.append(node)
                info[node] = data
                rows.append(data)
            elif kind == "inference":
                if before is not node or after is not node:  # dicts in another order: look up
                    into, out = pred[node], succ[node]
                (target,) = out
                inferences.append((node, data["relation"], into, target))  # the predecessors' dict itself: read once, by Index
        theory = Theory(statements, info, graph=source)
        theory._data = rows
        theory._index = Index(statements, inferences, undercuts_among_premises=True)
    return theory


def append(lists: list, x: int, value) -> None:
    """`lists[x].append(value)` where `lists` starts as one shared () per node.

    Most nodes of a map have nothing aimed at them, or feed one thing:
    no list of their own until they need one (10^5 statements: 10^5 lists fewer).
    """
    if lists[x]:
        lists[x].append(value)
    else:
        lists[x] = [value]


class Index:
    """Statements 0..S-1 and inferences S..N-1 by number, with the lists every algorithm walks.

    Built from the statement ids and (id, relation, premises, target) of each
    inference; with `undercuts_among_premises` (a graph's predecessors), the
    inferences among the premises are the undercuts aimed at it, not premises,
    and are left out instead of refused. `premises[i]` (distinct, in written order) and `target[i]` for
    an inference i; `attacked_by[x]`: the attack inferences aimed at x (a
    statement, or an inference: an undercut); for a statement s,
    `supports_of[s]`: the support inferences into it, and `uses[s]`: the
    inferences with s among their premises.
    """

    def __init__(self, statements: list[str], inferences: list[tuple], undercuts_among_premises: bool = False):
        self.size = size = len(statements) + len(inferences)
        self.statements = len(statements)
        self.names = names = list(statements) + [inference[0] for inference in inferences]
        number = {name: i for i, name in enumerate(names)}
        if len(number) != size:
            raise ArgmapError("an inference id is also used by a statement or another inference")
        self.number = number
        self.premises = all_premises = [()] * size
        self.target = targets = [-1] * size
        self.is_attack = is_attack = bytearray(size)
        self.grounded: bytes | None = None  # the grounded labels, kept by `structured.grounded_labels`
        self.attacked_by = attacked_by = [()] * size
        first = self.statements
        self.supports_of = supports_of = [()] * first
        self.uses = uses = [()] * first
        get = number.get
        for i, (name, relation, written, target_name) in enumerate(inferences, first):
            target = get(target_name)
            if target is None:
                raise ArgmapError(f"inference '{name}' is aimed at '{target_name}', which the map does not have")
            if len(written) == 1:
                (premise,) = written
                premises = (get(premise, size),)
            else:
                premises = tuple(dict.fromkeys(get(premise, size) for premise in written))
            if undercuts_among_premises and max(premises, default=-1) >= first:
                premises = tuple(p for p in premises if p < first)
            for p in premises:
                if p >= first:
                    bad = next(q for q in written if get(q, size) >= first)
                    raise ArgmapError(f"inference '{name}' has premise '{bad}', which is not a statement of the map")
                append(uses, p, i)
            all_premises[i] = premises
            targets[i] = target
            if relation == "attack":
                is_attack[i] = 1
                append(attacked_by, target, i)
            elif relation == "support" and target < first:
                append(supports_of, target, i)
            elif relation == "support":
                raise ArgmapError(f"support '{name}' is aimed at an inference; only attacks can be")
            else:
                raise ArgmapError(f"inference '{name}' has unknown relation '{relation}'")

    def kept_inferences(self, supports: bool) -> list[int]:
        """Every inference in order; without `supports`, the attacks alone, less those aimed at a dropped inference."""
        first, target, is_attack = self.statements, self.target, self.is_attack
        kept = [i for i in range(first, self.size) if supports or is_attack[i]]
        if not supports:  # an undercut of a dropped support goes with it, and so on up the chain
            dropped = set(range(first, self.size)).difference(kept)
            while True:
                more = [i for i in kept if target[i] in dropped]
                if not more:
                    break
                dropped.update(more)
                kept = [i for i in kept if i not in dropped]
        return kept

def without(source, ids) -> Theory:
    """The theory minus the given statements and every inference that needs one of them.

    Linked premises only work together, so an inference that loses one
    premise is gone as a whole (its other premises stay as statements); an
    inference aimed at something gone is gone too, so undercuts disappear
    with the inference they undercut.
    """
    theory = theory_of(source)
    ids = list(ids)
    unknown = [s for s in ids if s not in theory.info]
    if unknown:
        raise ArgmapError(f"unknown statement id: {', '.join(unknown)}")
    gone = set(ids)
    changed = True
    while changed:  # an undercut of an undercut goes with it: repeat until nothing more goes
        changed = False
        for inference in theory.inferences:
            if inference.id not in gone and (inference.target in gone or not gone.isdisjoint(inference.premises)):
                gone.add(inference.id)
                changed = True
    kept = [inference for inference in theory.inferences if inference.id not in gone]
    statements = [s for s in theory.statements if s not in gone]
    return Theory(statements, {s: theory.info[s] for s in statements}, kept)


def ancestors(source, node: str) -> set[str]:
    """Every statement and inference from which a chain of inferences leads to `node`."""
    theory = theory_of(source)
    index = theory.index()
    into: list[list[int]] = [[] for _ in range(index.size)]  # x -> what points at x
    for i in range(index.statements, index.size):
        into[index.target[i]].append(i)
        for p in index.premises[i]:
            into[i].append(p)
    start = index.number[node]
    seen = {start}
    stack = [start]
    while stack:
        for nxt in into[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    seen.discard(start)
    return {index.names[x] for x in seen}


def restricted(source, keep: set[str]) -> Theory:
    """The part of the theory made of the statements in `keep` and the inferences among them."""
    theory = theory_of(source)
    return without(theory, [s for s in theory.statements if s not in keep])
