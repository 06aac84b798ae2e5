"""The bipolar readings of a map as an abstract framework (Cayrol & Lagasquie-Schiex).

`framework` turns the map's statements and inferences into Dung arguments
and a binary attack relation: the attacks as written plus, in `bipolar`
mode, supported and secondary attacks (closed under both rules), in
`supported` mode supported attacks only, in `attacks-only` mode none.
`map_grounded_labelling` labels it without building the derived relation.
docs/evaluation.md explains every derived attack.
"""

from __future__ import annotations

from argmap.errors import ArgmapError
from argmap.evaluation.dung import DEFAULT_MAX_LABELLINGS, DEFAULT_MAX_STEPS, IN, OUT, SEMANTICS, UNDEC, indexed_components, labellings
from argmap.evaluation.theory import theory_of
from argmap.base import collection_paused

MODES = ("bipolar", "supported", "attacks-only")


def framework(source, mode: str = "bipolar") -> tuple[list, list[tuple]]:
    """The abstract framework (arguments, attacks) the map stands for.

    Arguments are the statements in node order, then one argument per linked
    or undercut inference. `bipolar` adds Cayrol & Lagasquie-Schiex's
    supported and secondary attacks (closed under both rules), `supported`
    only the supported ones, `attacks-only` none. Attacks are unique and in
    a deterministic order. The derived relation can be as large as
    statements x attacks; `map_grounded_labelling` avoids building it.
    """
    arguments, supports, downstream, attack_edges = _bipolar(source, mode)
    supporters = _reversed(supports)
    attacks: dict[tuple, None] = {}
    for attacker, attacked in attack_edges:
        for source in _reach(attacker, supporters):
            for target in _reach(attacked, downstream):
                attacks[(arguments[source], arguments[target])] = None
    return arguments, list(attacks)


def _bipolar(source, mode: str) -> tuple[list, list, list, list[tuple]]:
    """The map as a bipolar graph over statements and inference arguments.

    An inference becomes an argument of its own (named by its id) when it
    has several premises or is attacked (undercut); otherwise its one premise
    stands in for it. Returns (arguments, supports, downstream, attack
    edges), the last three by argument index: an attack edge (x, y) stands
    for every derived attack from a node that reaches x along `supports` to
    a node that y reaches along `downstream` (supports and premise-of links
    in bipolar mode, premise-of links only otherwise).
    """
    if mode not in MODES:
        raise ArgmapError(f"unknown framework mode '{mode}' (choose from {', '.join(MODES)})")
    index = theory_of(source).index()
    first, premises, target, is_attack = index.statements, index.premises, index.target, index.is_attack
    kept = index.kept_inferences(supports=mode != "attacks-only")  # attacks-only: supports dropped, and the undercuts aimed at them
    undercut = {target[i] for i in kept if target[i] >= first}
    arguments = index.names[:first]
    argument_of: dict[int, int] = {}
    for i in kept:
        if len(premises[i]) > 1 or i in undercut:
            argument_of[i] = len(arguments)
            arguments.append(index.names[i])
        else:
            argument_of[i] = premises[i][0]
    supports: list[list[int]] = [[] for _ in arguments]  # x -> what x supports
    downstream: list[list[int]] = [[] for _ in arguments]  # x -> what an attack on x also hits
    attack_edges: list[tuple] = []
    for i in kept:
        source = argument_of[i]
        if source >= first:
            for premise in premises[i]:
                downstream[premise].append(source)
        aimed = target[i] if target[i] < first else argument_of[target[i]]
        if is_attack[i]:
            attack_edges.append((source, aimed))
        elif source != aimed:  # a statement supporting itself adds nothing
            supports[source].append(aimed)
            if mode == "bipolar":
                downstream[source].append(aimed)
    return arguments, supports, downstream, attack_edges


def map_grounded_labelling(source, mode: str = "bipolar") -> dict:
    """Grounded labelling of `framework(source, mode)` without building it.

    b has a derived attacker that is in iff an attack edge (x, y) with y
    reaching b has an in node among x's supporters (transitively); all of
    b's derived attackers are out iff every such x has only out supporters.
    Both are tracked on the condensations of the support and downstream
    graphs (members of one strongly connected piece share their supporters
    or attackers), so the labelling takes O(V + E) for any map.
    """
    with collection_paused():
        source = theory_of(source)
        arguments, supports, downstream, attack_edges = _bipolar(source, mode)
        up_of, up_members, up_next, up_prev = _condensation(supports)  # attacker side
        if mode == "bipolar" and len(arguments) == len(source.statements):
            down_of, down_members, down_next, down_prev = up_of, up_members, up_next, up_prev
        else:  # inference arguments add premise-of edges on the target side
            down_of, down_members, down_next, down_prev = _condensation(downstream)
        attacks_from: list[list[int]] = [[] for _ in up_members]  # up piece -> down pieces
        clear_wait = [len(prev) for prev in down_prev]  # until every derived attacker is out
        for x, y in attack_edges:
            attacks_from[up_of[x]].append(down_of[y])
            clear_wait[down_of[y]] += 1
        out_wait = [len(m) + len(p) for m, p in zip(up_members, up_prev)]  # until all supporters are out
        any_in = bytearray(len(up_members))
        hit = bytearray(len(down_members))
        label = [0] * len(arguments)  # 0 undec, 1 in, 2 out
        events: list[int] = []  # arguments found in (i) or out (~i), in order
        cleared = [piece for piece, wait in enumerate(clear_wait) if wait == 0]
        head = 0
        while True:
            while cleared:
                piece = cleared.pop()
                events.extend(down_members[piece])
                for nxt in down_next[piece]:
                    clear_wait[nxt] -= 1
                    if clear_wait[nxt] == 0:
                        cleared.append(nxt)
            if head == len(events):
                break
            event = events[head]
            head += 1
            node = event if event >= 0 else ~event
            if label[node]:
                continue
            piece = up_of[node]
            if event >= 0:
                label[node] = 1
                stack = [] if any_in[piece] else [piece]
                any_in[piece] = 1
                while stack:  # pieces with an in supporter: what they attack is out
                    current = stack.pop()
                    for target in attacks_from[current]:
                        _spread_hit(target, hit, down_members, down_next, events)
                    for nxt in up_next[current]:
                        if not any_in[nxt]:
                            any_in[nxt] = 1
                            stack.append(nxt)
            else:
                label[node] = 2
                out_wait[piece] -= 1
                stack = [piece] if out_wait[piece] == 0 else []
                while stack:  # pieces whose supporters are all out
                    current = stack.pop()
                    for target in attacks_from[current]:
                        clear_wait[target] -= 1
                        if clear_wait[target] == 0:
                            cleared.append(target)
                    for nxt in up_next[current]:
                        out_wait[nxt] -= 1
                        if out_wait[nxt] == 0:
                            stack.append(nxt)
        names = (UNDEC, IN, OUT)
        return {argument: names[label[i]] for i, argument in enumerate(arguments)}


def _spread_hit(piece: int, hit: bytearray, members: list, successors: list, events: list) -> None:
    """Mark a target-side piece and everything downstream of it as attacked by an in node."""
    if hit[piece]:
        return
    hit[piece] = 1
    stack = [piece]
    while stack:
        current = stack.pop()
        events.extend(~a for a in members[current])
        for nxt in successors[current]:
            if not hit[nxt]:
                hit[nxt] = 1
                stack.append(nxt)


def _condensation(successors: list[list[int]]) -> tuple[list, list, list, list]:
    """Strongly connected pieces of an indexed graph and the edges between them.

    Returns (piece of each node, members of each piece, successors and
    predecessors of each piece, one entry per edge).
    """
    piece_of, count = indexed_components(successors)
    members: list[list[int]] = [[] for _ in range(count)]
    for node, piece in enumerate(piece_of):
        members[piece].append(node)
    piece_next: list[list[int]] = [[] for _ in range(count)]
    piece_prev: list[list[int]] = [[] for _ in range(count)]
    for node, nexts in enumerate(successors):
        mine = piece_of[node]
        for nxt in nexts:
            theirs = piece_of[nxt]
            if theirs != mine:
                piece_next[mine].append(theirs)
                piece_prev[theirs].append(mine)
    return piece_of, members, piece_next, piece_prev


def _reversed(successors: list[list[int]]) -> list[list[int]]:
    """The same edges pointing the other way, by index."""
    predecessors: list[list[int]] = [[] for _ in successors]
    for source, targets in enumerate(successors):
        for target in targets:
            predecessors[target].append(source)
    return predecessors


def _reach(start: int, successors: list[list[int]]) -> list[int]:
    """`start` and every node reachable from it."""
    seen = {start: None}
    stack = [start]
    while stack:
        node = stack.pop()
        for nxt in successors[node]:
            if nxt not in seen:
                seen[nxt] = None
                stack.append(nxt)
    return list(seen)


def map_labellings(
    source,
    semantics: str = "preferred",
    mode: str = "bipolar",
    max_steps: int = DEFAULT_MAX_STEPS,
    max_labellings: int = DEFAULT_MAX_LABELLINGS,
) -> dict:
    """`labellings` of the map's framework, building only what the search needs.

    The grounded labelling comes from `map_grounded_labelling`; derived
    attacks are then collected only between its undecided arguments (none
    at all when everything is settled).
    """
    if semantics not in SEMANTICS:
        raise ArgmapError(f"unknown semantics '{semantics}' (choose from {', '.join(SEMANTICS)})")
    source = theory_of(source)
    grounded = map_grounded_labelling(source, mode)
    undecided = {a for a, label in grounded.items() if label == UNDEC}
    attacks: list[tuple] = []
    if undecided and semantics != "grounded":
        arguments, supports, downstream, attack_edges = _bipolar(source, mode)
        supporters = _reversed(supports)
        among: dict[tuple, None] = {}
        for attacker, attacked in attack_edges:
            sources = [arguments[i] for i in _reach(attacker, supporters) if arguments[i] in undecided]
            if not sources:
                continue
            for target in _reach(attacked, downstream):
                if arguments[target] in undecided:
                    for origin in sources:
                        among[(origin, arguments[target])] = None
        attacks = list(among)
    return labellings(list(grounded), attacks, semantics, max_steps, max_labellings, grounded)


def attacker_finder(source, mode: str = "bipolar"):
    """A function argument -> its attackers in `framework(source, mode)`, for many questions about one map.

    It walks back from the argument to the attack edges that hit it (through
    `downstream`), then from each attacker to what supports it.
    """
    arguments, supports, downstream, attack_edges = _bipolar(source, mode)
    index = {argument: i for i, argument in enumerate(arguments)}
    upstream, supporters = _reversed(downstream), _reversed(supports)

    def find(argument: str) -> list[str]:
        if argument not in index:
            raise ArgmapError(f"unknown argument '{argument}'")
        hit = set(_reach(index[argument], upstream))  # attacking any of these attacks `argument`
        found: dict[int, None] = {}
        for attacker, attacked in attack_edges:
            if attacked in hit:
                found.update(dict.fromkeys(_reach(attacker, supporters)))
        return [arguments[i] for i in sorted(found)]

    return find


def attack_relation(source, mode: str = "bipolar") -> list[tuple]:
    """The (attacker, attacked) pairs of the map's abstract framework."""
    return framework(source, mode)[1]


