"""What the evaluation reads of a map: statements and the inferences between them.

Every semantics works on a `Theory` (statement ids with their kind, label and
weight, and `argmap.model.Inference` records), never on the graph itself, so
the evaluation does not depend on how the map stores inferences, and a
what-if question (`without`) is answered on a reduced theory. `Index` numbers
statements and inferences for the linear-time algorithms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.base import collection_paused
from argmap.errors import ArgmapError


@dataclass
class Theory:
    """Statements in map order, their attributes, and the inferences in document order."""

    statements: list[str]
    info: dict[str, dict]  # statement -> {"kind", "label", "weight"}
    inferences: list  # argmap.model.Inference
    _index: "Index | None" = field(default=None, repr=False, compare=False)

    def index(self) -> "Index":
        if self._index is None:
            with collection_paused():
                self._index = Index(self)
        return self._index


def theory_of(source) -> Theory:
    """The theory of a map (a networkx graph), or `source` itself if it is one already."""
    if isinstance(source, Theory):
        return source
    from argmap import model

    with collection_paused():
        statements = model.statements(source)
        nodes = source.nodes
        info = {s: {"kind": nodes[s].get("kind"), "label": nodes[s].get("label"), "weight": nodes[s].get("weight")} for s in statements}
        return Theory(statements, info, model.inferences(source))


class Index:
    """Statements 0..S-1 and inferences S..N-1 by number, with the lists every algorithm walks.

    `premises[i]` (distinct, in written order) and `target[i]` for an
    inference i; `attacked_by[x]`: the attack inferences aimed at x (a
    statement, or an inference: an undercut); for a statement s,
    `supports_of[s]`: the support inferences into it, and `uses[s]`: the
    inferences with s among their premises.
    """

    def __init__(self, theory: Theory):
        statements, inferences = theory.statements, theory.inferences
        self.size = size = len(statements) + len(inferences)
        self.statements = len(statements)
        self.names = names = list(statements) + [inference.id for inference in inferences]
        number = {name: i for i, name in enumerate(names)}
        if len(number) != size:
            raise ArgmapError("an inference id is also used by a statement or another inference")
        self.number = number
        self.premises = all_premises = [()] * size
        self.target = targets = [-1] * size
        self.is_attack = is_attack = bytearray(size)
        self.attacked_by = attacked_by = [[] for _ in range(size)]
        first = self.statements
        self.supports_of = supports_of = [[] for _ in range(first)]
        self.uses = uses = [[] for _ in range(first)]
        get = number.get
        for i, inference in enumerate(inferences, first):
            target = get(inference.target)
            if target is None:
                raise ArgmapError(f"inference '{inference.id}' is aimed at '{inference.target}', which the map does not have")
            written = inference.premises
            if len(written) == 1:
                premises = (get(written[0], size),)
            else:
                premises = tuple(dict.fromkeys(get(premise, size) for premise in written))
            for p in premises:
                if p >= first:
                    bad = next(q for q in written if get(q, size) >= first)
                    raise ArgmapError(f"inference '{inference.id}' has premise '{bad}', which is not a statement of the map")
                uses[p].append(i)
            all_premises[i] = premises
            targets[i] = target
            relation = inference.relation
            if relation == "attack":
                is_attack[i] = 1
                attacked_by[target].append(i)
            elif relation == "support" and target < first:
                supports_of[target].append(i)
            elif relation == "support":
                raise ArgmapError(f"support '{inference.id}' is aimed at an inference; only attacks can be")
            else:
                raise ArgmapError(f"inference '{inference.id}' has unknown relation '{relation}'")


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
