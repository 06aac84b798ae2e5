"""Dung's abstract argumentation on an argument map.

The map is a bipolar graph (supports and attacks, with linked premises and
undercuts). `framework` turns it into an abstract framework -- arguments and a
binary attack relation -- following Cayrol & Lagasquie-Schiex's bipolar
reading; `grounded_labelling` and `labellings` then compute Dung's semantics as
Caminada labellings. docs/evaluation.md explains every derived attack.

Everything here is plain Python over lists and dicts so that 10^5 statements
label in well under a second; no networkx import is needed.
"""

from __future__ import annotations

from itertools import product

from argmap.errors import ArgmapError
from argmap.base import collection_paused

IN, OUT, UNDEC = "in", "out", "undec"
MODES = ("bipolar", "supported", "attacks-only")
SEMANTICS = ("grounded", "complete", "preferred", "stable")
DEFAULT_MAX_STEPS = 200_000
DEFAULT_MAX_LABELLINGS = 100


def link_groups(graph) -> list[dict]:
    """Group the map's support/attack edges into inferences, one per link.

    An edge with a null `link` is an inference on its own; edges into the same
    target with the same relation and `link` form one linked inference. Each
    group carries the undercutters that attack any of its premise-to-target
    links. Groups come in edge order (first edge of each group).
    """
    groups: list[dict] = []
    linked: dict[tuple, dict] = {}
    undercuts: list[tuple] = []
    for premise, neighbours in graph.adjacency():
        for target, data in neighbours.items():
            relation = data.get("relation")
            if relation == "undercut":
                undercuts.append((premise, target, data.get("premises") or []))
                continue
            if relation != "support" and relation != "attack":
                continue
            link = data.get("link")
            if link is not None and (target, relation, link) in linked:
                linked[(target, relation, link)]["premises"].append(premise)
                continue
            group = {"target": target, "relation": relation, "premises": [premise], "undercutters": []}
            groups.append(group)
            if link is not None:
                linked[(target, relation, link)] = group
    if undercuts:
        by_link = {(premise, group["target"]): group for group in groups for premise in group["premises"]}
        for undercutter, target, premises in undercuts:
            for premise in premises:
                group = by_link.get((premise, target))
                if group is None:
                    raise ArgmapError(
                        f"undercut from '{undercutter}' names the link '{premise}' -> '{target}', "
                        "which the map does not have"
                    )
                if undercutter not in group["undercutters"]:
                    group["undercutters"].append(undercutter)
    return groups


def inference_name(group: dict) -> str:
    """Name of the argument standing for a linked or undercut inference.

    `>` cannot occur in a statement id, so these names never clash with one.
    """
    return "&".join(group["premises"]) + ">" + group["target"]


def framework(graph, mode: str = "bipolar") -> tuple[list, list[tuple]]:
    """The abstract framework (arguments, attacks) the map stands for.

    Arguments are the statements in node order, then one argument per linked
    or undercut inference. `bipolar` adds Cayrol & Lagasquie-Schiex's
    supported and secondary attacks (closed under both rules), `supported`
    only the supported ones, `attacks-only` none. Attacks are unique and in
    a deterministic order. The derived relation can be as large as
    statements x attacks; `map_grounded_labelling` avoids building it.
    """
    arguments, supports, downstream, attack_edges = _bipolar(graph, mode)
    supporters = _reversed(supports)
    attacks: dict[tuple, None] = {}
    for attacker, attacked in attack_edges:
        for source in _reach(attacker, supporters):
            for target in _reach(attacked, downstream):
                attacks[(arguments[source], arguments[target])] = None
    return arguments, list(attacks)


def _bipolar(graph, mode: str) -> tuple[list, list, list, list[tuple]]:
    """The map as a bipolar graph over statements and inference arguments.

    Returns (arguments, supports, downstream, attack edges), the last three
    by argument index: an attack edge (x, y) stands for every derived attack
    from a node that reaches x along `supports` to a node that y reaches
    along `downstream` (supports and premise-of links in bipolar mode,
    premise-of links only otherwise).
    """
    if mode not in MODES:
        raise ArgmapError(f"unknown framework mode '{mode}' (choose from {', '.join(MODES)})")
    arguments = list(graph.nodes)
    index = {node: i for i, node in enumerate(arguments)}
    supports: list[list[int]] = [[] for _ in arguments]  # x -> what x supports
    downstream: list[list[int]] = [[] for _ in arguments]  # x -> what an attack on x also hits
    attack_edges: list[tuple] = []
    for group in link_groups(graph):
        relation, target, premises = group["relation"], index[group["target"]], group["premises"]
        if relation == "support" and mode == "attacks-only":
            continue
        if len(premises) == 1 and not group["undercutters"]:
            source = index[premises[0]]
        else:
            source = len(arguments)
            arguments.append(inference_name(group))
            supports.append([])
            downstream.append([])
            for premise in premises:
                downstream[index[premise]].append(source)
            attack_edges.extend((index[u], source) for u in group["undercutters"])
        if relation == "attack":
            attack_edges.append((source, target))
        elif source != target:  # a statement supporting itself adds nothing
            supports[source].append(target)
            if mode == "bipolar":
                downstream[source].append(target)
    return arguments, supports, downstream, attack_edges


def map_grounded_labelling(graph, mode: str = "bipolar") -> dict:
    """Grounded labelling of `framework(graph, mode)` without building it.

    b has a derived attacker that is in iff an attack edge (x, y) with y
    reaching b has an in node among x's supporters (transitively); all of
    b's derived attackers are out iff every such x has only out supporters.
    Both are tracked on the condensations of the support and downstream
    graphs (members of one strongly connected piece share their supporters
    or attackers), so the labelling takes O(V + E) for any map.
    """
    with collection_paused():
        arguments, supports, downstream, attack_edges = _bipolar(graph, mode)
        up_of, up_members, up_next, up_prev = _condensation(supports)  # attacker side
        if mode == "bipolar" and len(arguments) == len(graph):
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
    graph,
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
    grounded = map_grounded_labelling(graph, mode)
    undecided = {a for a, label in grounded.items() if label == UNDEC}
    attacks: list[tuple] = []
    if undecided and semantics != "grounded":
        arguments, supports, downstream, attack_edges = _bipolar(graph, mode)
        supporters = _reversed(supports)
        among: dict[tuple, None] = {}
        for attacker, attacked in attack_edges:
            sources = [arguments[i] for i in _reach(attacker, supporters) if arguments[i] in undecided]
            if not sources:
                continue
            for target in _reach(attacked, downstream):
                if arguments[target] in undecided:
                    for source in sources:
                        among[(source, arguments[target])] = None
        attacks = list(among)
    return labellings(list(grounded), attacks, semantics, max_steps, max_labellings, grounded)


def attacker_finder(graph, mode: str = "bipolar"):
    """A function argument -> its attackers in `framework(graph, mode)`, for many questions about one map.

    It walks back from the argument to the attack edges that hit it (through
    `downstream`), then from each attacker to what supports it.
    """
    arguments, supports, downstream, attack_edges = _bipolar(graph, mode)
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


def attack_relation(graph, mode: str = "bipolar") -> list[tuple]:
    """The (attacker, attacked) pairs of the map's abstract framework."""
    return framework(graph, mode)[1]


def _attackers_table(arguments: list, attacks: list[tuple]) -> tuple[dict, dict]:
    attackers = {a: [] for a in arguments}
    targets = {a: [] for a in arguments}
    for attacker, attacked in attacks:
        if attacker not in attackers or attacked not in attackers:
            raise ArgmapError(f"attack ({attacker!r}, {attacked!r}) names an unknown argument")
        attackers[attacked].append(attacker)
        targets[attacker].append(attacked)
    return attackers, targets


def grounded_labelling(arguments: list, attacks: list[tuple]) -> dict:
    """The grounded labelling: the least complete labelling, in O(V + E).

    Starts from the unattacked arguments (in), labels what they attack out,
    and keeps going while an argument's attackers are all out. Whatever is
    left is undecided.
    """
    attackers, targets = _attackers_table(arguments, attacks)
    label = {a: UNDEC for a in arguments}
    live = {a: len(attackers[a]) for a in arguments}  # attackers not (yet) out
    queue = [a for a in arguments if live[a] == 0]
    for a in queue:
        label[a] = IN
    head = 0
    while head < len(queue):
        a = queue[head]
        head += 1
        for b in targets[a]:
            if label[b] != UNDEC:
                continue
            label[b] = OUT
            for c in targets[b]:
                live[c] -= 1
                if live[c] == 0 and label[c] == UNDEC:
                    label[c] = IN
                    queue.append(c)
    return label


def strongly_connected_components(nodes: list, successors: dict) -> list[list]:
    """Strongly connected components in topological order.

    A component comes before every component it has edges into. Inside a
    component, nodes keep the order of `nodes`.
    """
    index = {node: i for i, node in enumerate(nodes)}
    indexed = [[index[nxt] for nxt in successors.get(node, ())] for node in nodes]
    piece_of, count = indexed_components(indexed)
    members: list[list] = [[] for _ in range(count)]
    for i, piece in enumerate(piece_of):
        members[piece].append(nodes[i])
    return members


def indexed_components(successors: list[list[int]]) -> tuple[list[int], int]:
    """Tarjan's algorithm, iterative, on nodes 0..n-1.

    Returns (component of each node, number of components), components
    numbered in topological order (edges go from lower to higher numbers,
    or stay inside one component).
    """
    n = len(successors)
    index = [-1] * n
    low = [0] * n
    on_stack = bytearray(n)
    stack: list[int] = []
    finished = [0] * n  # component of each node, in order of completion
    found = 0
    counter = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        work = [(root, iter(successors[root]))]
        while work:
            node, children = work[-1]
            for child in children:
                if index[child] < 0:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack[child] = 1
                    work.append((child, iter(successors[child])))
                    break
                if on_stack[child] and index[child] < low[node]:
                    low[node] = index[child]
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    if low[node] < low[parent]:
                        low[parent] = low[node]
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack[member] = 0
                        finished[member] = found
                        if member == node:
                            break
                    found += 1
    return [found - 1 - c for c in finished], found


def labellings(
    arguments: list,
    attacks: list[tuple],
    semantics: str = "preferred",
    max_steps: int = DEFAULT_MAX_STEPS,
    max_labellings: int = DEFAULT_MAX_LABELLINGS,
    grounded: dict | None = None,
) -> dict:
    """Every labelling of a semantics, with credulous and sceptical acceptance.

    The grounded labelling settles part of the framework, which every
    complete labelling shares; the search runs only over the undecided rest,
    one weakly connected piece at a time (labellings of separate pieces
    combine freely, so acceptance is computed per piece without building
    the product). The search is exponential in the worst case: after
    `max_steps` label choices it stops and reports `complete: False`, a
    `note`, and None for the acceptance it could not decide.

    Returns a dict: `semantics`, `labellings` (at most `max_labellings`, each
    {"in": [...], "out": [...], "undec": [...]} in argument order), `count`
    (number of labellings, or None if unknown), `status` (in/out/undec:
    the label shared by every labelling, undec where they differ; None if
    there is no labelling), `credulous`, `sceptical`, `complete`, `note`.
    A known `grounded` labelling may be passed in; then only the attacks
    among its undecided arguments are needed.
    """
    if semantics not in SEMANTICS:
        raise ArgmapError(f"unknown semantics '{semantics}' (choose from {', '.join(SEMANTICS)})")
    if grounded is None:
        grounded = grounded_labelling(arguments, attacks)
    undecided = [a for a in arguments if grounded[a] == UNDEC]
    if semantics == "grounded":
        pieces_found = []
        finished = True
        stopped = 0
    else:
        pieces_found, finished, stopped = _search_undecided(
            arguments, attacks, grounded, undecided, semantics, max_steps
        )

    status = dict(grounded)
    credulous = {a: grounded[a] == IN for a in arguments}
    sceptical = dict(credulous)
    counts = [len(found) for _, found in pieces_found]
    exists = all(counts)
    for piece, found in pieces_found:
        for a in piece:
            labels = {lab[a] for lab in found}
            status[a] = next(iter(labels)) if len(labels) == 1 else UNDEC
            credulous[a] = IN in labels
            sceptical[a] = labels == {IN}
    searched = {a for piece, _ in pieces_found for a in piece}
    for a in undecided:
        if semantics != "grounded" and a not in searched:
            credulous[a] = sceptical[a] = None
    note = None
    if not exists:
        status = {a: None for a in arguments}
        credulous = {a: False for a in arguments}
        sceptical = {a: False for a in arguments}
        note = f"no {semantics} labelling exists"
    if not finished:
        unknown = sum(1 for a in arguments if credulous[a] is None)
        note = (
            f"search stopped after {max_steps} steps: acceptance of {unknown} argument(s) is unknown "
            "(shown with their grounded label); raise the step limit to finish"
        )

    listed = []
    count = None
    if finished:
        count = 1
        for n in counts:
            count *= n
        for combination in product(*(found for _, found in pieces_found)):
            if len(listed) >= max_labellings:
                break
            merged = dict(grounded)
            for lab in combination:
                merged.update(lab)
            listed.append({label: [a for a in arguments if merged[a] == label] for label in (IN, OUT, UNDEC)})
        if count > len(listed):
            note = f"{count} labellings; the first {len(listed)} are listed"
    return {
        "semantics": semantics,
        "labellings": listed,
        "count": count,
        "status": status,
        "credulous": credulous,
        "sceptical": sceptical,
        "complete": finished,
        "note": note,
    }


def _search_undecided(arguments, attacks, grounded, undecided, semantics, max_steps):
    """Search each weakly connected piece of the undecided part.

    Returns ([(piece, labellings)], finished, steps used); a piece whose
    search ran out of steps is left out.
    """
    inside = set(undecided)
    attackers = {a: [] for a in undecided}
    targets = {a: [] for a in undecided}
    for attacker, attacked in attacks:
        if attacker in inside and attacked in inside:
            attackers[attacked].append(attacker)
            targets[attacker].append(attacked)
    order = [a for c in strongly_connected_components(undecided, targets) for a in c]
    piece_of = _weak_components(undecided, attackers, targets)
    pieces: dict = {}
    for a in order:
        pieces.setdefault(piece_of[a], []).append(a)
    results = []
    steps = 0
    for piece in pieces.values():
        found, steps = _search_piece(piece, attackers, targets, semantics, steps, max_steps)
        if found is None:
            return results, False, steps
        if semantics == "preferred":
            found = _maximal_in(found)
        results.append((piece, found))
    return results, True, steps


def _weak_components(nodes, attackers, targets) -> dict:
    component: dict = {}
    for start in nodes:
        if start in component:
            continue
        component[start] = start
        stack = [start]
        while stack:
            node = stack.pop()
            for nxt in attackers[node] + targets[node]:
                if nxt not in component:
                    component[nxt] = start
                    stack.append(nxt)
    return component


def _search_piece(order, attackers, targets, semantics, steps, max_steps):
    """Backtracking over labels, attackers first; every legal labelling found.

    A label is legal when: in iff every attacker is out; out iff some attacker
    is in; undec otherwise. An argument whose attackers are all labelled has
    its label forced; otherwise each label is tried and checked against its
    labelled neighbours. Returns (labellings or None if out of steps, steps).
    """
    labels_tried = (IN, OUT) if semantics == "stable" else (IN, OUT, UNDEC)
    lab: dict = {}
    missing = {a: len(attackers[a]) for a in order}
    found = []

    def forced_or_options(a):
        attacker_labels = [lab[x] for x in attackers[a] if x in lab]
        if IN in attacker_labels:
            return [OUT]
        if missing[a] == 0:
            if UNDEC in attacker_labels:
                return [UNDEC] if UNDEC in labels_tried else []
            return [IN]
        return list(labels_tried)

    def legal(a):
        attacker_labels = [lab[x] for x in attackers[a]]
        if IN in attacker_labels:
            return lab[a] == OUT
        if UNDEC in attacker_labels:
            return lab[a] == UNDEC
        return lab[a] == IN

    def consistent(a):
        mine = lab[a]
        for x in attackers[a]:
            if x in lab and (lab[x] == IN and mine != OUT or mine == IN and lab[x] != OUT):
                return False
        for t in targets[a]:
            if t in lab:
                if mine == IN and lab[t] != OUT or mine == UNDEC and lab[t] == IN:
                    return False
                if missing[t] == 0 and not legal(t):
                    return False
        return missing[a] != 0 or legal(a)

    def assign(a, label):
        lab[a] = label
        for t in targets[a]:
            missing[t] -= 1

    def unassign(a):
        del lab[a]
        for t in targets[a]:
            missing[t] += 1

    n = len(order)
    options: list = [None] * n
    pos = 0
    descending = True
    while pos >= 0:
        if descending:
            if pos == n:
                found.append(dict(lab))
                pos -= 1
                descending = False
                continue
            options[pos] = forced_or_options(order[pos])
        else:
            unassign(order[pos])
        a = order[pos]
        descending = False
        while options[pos]:
            steps += 1
            if steps > max_steps:
                return None, steps
            assign(a, options[pos].pop(0))
            if consistent(a):
                descending = True
                break
            unassign(a)
        if descending:
            pos += 1
        else:
            pos -= 1
    return found, steps


def _maximal_in(found: list[dict]) -> list[dict]:
    """The labellings whose set of in-arguments no other one strictly contains."""
    in_sets = [frozenset(a for a, label in lab.items() if label == IN) for lab in found]
    return [
        lab
        for lab, mine in zip(found, in_sets)
        if not any(mine < other for other in in_sets)
    ]
