"""Dung's abstract argumentation: labellings of a set of arguments and attacks.

`grounded_labelling` and `labellings` compute Dung's semantics as Caminada
labellings; the structured and bipolar readings of a map (argmap.evaluation.
structured, .bipolar) both end here. Plain Python over lists and dicts, no
networkx.
"""

from __future__ import annotations

from itertools import product

from argmap.errors import ArgmapError

IN, OUT, UNDEC = "in", "out", "undec"
SEMANTICS = ("grounded", "complete", "preferred", "stable")
DEFAULT_MAX_STEPS = 200_000
DEFAULT_MAX_LABELLINGS = 100


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
    return acceptance_result(semantics, listed, count, status, credulous, sceptical, finished, note)


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


def acceptance_result(semantics, labellings, count, status, credulous, sceptical, complete, note) -> dict:
    """What every semantics answers, argument- or statement-level: the one shape evaluate reads."""
    return {
        "semantics": semantics,
        "labellings": labellings,
        "count": count,
        "status": status,
        "credulous": credulous,
        "sceptical": sceptical,
        "complete": complete,
        "note": note,
    }
