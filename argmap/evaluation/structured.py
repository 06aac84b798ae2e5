"""The structured reading of a map (ASPIC+ without preferences), computed without building arguments.

Each inference is a defeasible rule (linked premises: one rule with several
antecedents); a statement no support is aimed at is a premise the author
asserts. An attack inference concludes the contrary of its target: a
statement (rebutting every argument that concludes it, or undermining it
where it is a premise) or an inference (undercutting every argument that
uses it). A statement is `in` (justified) when some argument for it is in,
`out` (overruled) when every argument for it is out (or it has none), else
`undec` (defensible).

Arguments are never enumerated for the grounded labelling: statements and
inferences are labelled directly, in O(V + E) plus one pass per round of
unfounded support cycles. Complete, preferred and stable labellings search
the undecided part only, through the minimal sets of undecided attack
inferences its arguments are exposed to. docs/evaluation.md proves both
equal the argument-level answer.
"""

from __future__ import annotations

from itertools import compress

from argmap.errors import ArgmapError
from argmap.evaluation.dung import (
    DEFAULT_MAX_LABELLINGS, DEFAULT_MAX_STEPS, IN, OUT, SEMANTICS, UNDEC, acceptance_result, labellings,
)
from argmap.evaluation.theory import theory_of
from argmap.base import collection_paused

NAMES = (UNDEC, IN, OUT)


def grounded_labels(index) -> bytes:
    """Grounded label of every statement and inference by number: 0 undec, 1 in, 2 out.

    Computed once per index (`Index.grounded` keeps them): a query's
    evaluation and its explanation read the same labels.

    A statement's label is that of its best argument; an inference's, what
    it passes on to its conclusion: in when every premise is in and every
    attack aimed at it is out; out when some premise is out or some attack
    on it is in. A statement is in when every attack on it is out and it is
    asserted or some support into it is in; out when some attack on it is
    in, or when it is not asserted and every support into it is out. When
    nothing more follows, statements and inferences that can only be reached
    through each other (a support cycle with no way in) are out; then the
    propagation resumes.
    """
    if index.grounded is None:
        index.grounded = _grounded_labels(index)
    return index.grounded


def _grounded_labels(index) -> bytes:
    size, first = index.size, index.statements
    premises, target, is_attack = index.premises, index.target, index.is_attack
    attacked_by, supports_of, uses = index.attacked_by, index.supports_of, index.uses
    # in_wait: attacks not yet out, plus premises not yet in (inference) or 1 until a support is in (statement)
    in_wait = [len(a) + (1 if s else 0) for a, s in zip(attacked_by, supports_of)]
    in_wait += [len(a) + len(p) for a, p in zip(attacked_by[first:], premises[first:])]
    out_wait = [len(s) for s in supports_of]  # supports not yet out (statement)
    has_in_support = bytearray(first)
    events = [x for x, wait in enumerate(in_wait) if not wait]  # x: x became in; ~x: x became out
    label = bytearray(size)
    for x in events:
        label[x] = 1
    head = 0
    while True:
        while head < len(events):
            event = events[head]
            head += 1
            if event >= 0:
                x = event
                if x < first:
                    for i in uses[x]:
                        in_wait[i] -= 1
                        if in_wait[i] == 0 and not label[i]:
                            label[i] = 1
                            events.append(i)
                    continue
                t = target[x]
                if is_attack[x]:
                    if not label[t]:
                        label[t] = 2
                        events.append(~t)
                elif not has_in_support[t]:
                    has_in_support[t] = 1
                    in_wait[t] -= 1
                    if in_wait[t] == 0 and not label[t]:
                        label[t] = 1
                        events.append(t)
                continue
            x = ~event
            if x < first:
                for i in uses[x]:
                    if not label[i]:
                        label[i] = 2
                        events.append(~i)
                continue
            t = target[x]
            if is_attack[x]:
                in_wait[t] -= 1
                if in_wait[t] == 0 and not label[t]:
                    label[t] = 1
                    events.append(t)
            else:
                out_wait[t] -= 1
                if out_wait[t] == 0 and not label[t]:
                    label[t] = 2
                    events.append(~t)
        unfounded = _unfounded(index, label, has_in_support)
        if not unfounded:
            return bytes(label)
        for x in unfounded:
            label[x] = 2
            events.append(~x)


def _unfounded(index, label: bytearray, has_in_support: bytearray) -> list[int]:
    """Undecided statements and inferences no argument without an out part can reach.

    An argument is built upwards from asserted statements; one that avoids
    every statement and inference labelled out can only pass through
    undecided or in ones. Those it cannot reach rest, at best, on a support
    cycle with no way in: every argument for them is out.
    """
    first = index.statements
    premises, target, is_attack, uses, supports_of = index.premises, index.target, index.is_attack, index.uses, index.supports_of
    pending = [x for x in range(index.size) if not label[x]]
    if not pending:
        return []
    reached = bytearray(index.size)
    wait: dict[int, int] = {}
    stack = []
    for x in pending:
        if x < first:
            if not supports_of[x] or has_in_support[x]:
                reached[x] = 1
                stack.append(x)
        else:
            missing = sum(1 for p in premises[x] if label[p] != 1)
            if missing:
                wait[x] = missing
            else:
                reached[x] = 1
                stack.append(x)
    while stack:
        x = stack.pop()
        if x < first:
            for i in uses[x]:
                if i in wait:
                    wait[i] -= 1
                    if wait[i] == 0:
                        reached[i] = 1
                        stack.append(i)
        elif not is_attack[x]:
            t = target[x]
            if not label[t] and not reached[t]:
                reached[t] = 1
                stack.append(t)
    return [x for x in pending if not reached[x]]


def structured_grounded(source) -> dict:
    """Grounded status (in/out/undec) of every statement of a map or theory."""
    with collection_paused():
        theory = theory_of(source)
        label = grounded_labels(theory.index())
        return {s: NAMES[label[i]] for i, s in enumerate(theory.statements)}


def structured_labellings(
    source,
    semantics: str = "grounded",
    max_steps: int = DEFAULT_MAX_STEPS,
    max_labellings: int = DEFAULT_MAX_LABELLINGS,
) -> dict:
    """Status, credulous and sceptical acceptance of every statement; the shape of `dung.labellings`."""
    theory = theory_of(source)
    found = statement_acceptance(theory, semantics, max_steps, max_labellings)
    for key in ("status", "credulous", "sceptical"):
        found[key] = dict(zip(theory.statements, found[key]))
    return found


def statement_acceptance(
    source,
    semantics: str = "grounded",
    max_steps: int = DEFAULT_MAX_STEPS,
    max_labellings: int = DEFAULT_MAX_LABELLINGS,
) -> dict:
    """`structured_labellings` with status, credulous and sceptical as lists in statement order.

    Settled statements keep their grounded label in every complete
    labelling. The undecided rest is searched on a small abstract framework:
    one argument per minimal set of undecided attacks an argument for a
    statement or attack inference is exposed to (`_exposures`), attacked by
    those attacks, and one argument per undecided statement and attack
    inference that is in when one of its sets is in (`_framework`).
    Lists by number rather than dicts by id: at 10^5 statements a look-up
    per statement in each dict cost more than the grounded labelling.
    """
    if semantics not in SEMANTICS:
        raise ArgmapError(f"unknown semantics '{semantics}' (choose from {', '.join(SEMANTICS)})")
    with collection_paused():
        theory = theory_of(source)
        index = theory.index()
        label = grounded_labels(index)
        statements = theory.statements
        settled = bytes(label[: index.statements])  # 0 undec, 1 in, 2 out, by statement
        grounded = [NAMES[x] for x in settled]
        accepted = [x == 1 for x in settled]
        if semantics == "grounded" or 0 not in settled:  # nothing to search
            return _result(semantics, statements, [settled], 1, grounded, accepted, list(accepted), max_labellings, None)
        exposures, steps = _exposures(index, label, max_steps)
        if exposures is None:
            return _unfinished(grounded, semantics, max_steps)
        arguments, attacks = _framework(index, label, exposures)
        found = labellings(arguments, attacks, semantics, max_steps - steps, max_labellings)
        if not found["complete"]:
            return _unfinished(grounded, semantics, max_steps)
        undecided = [i for i, x in enumerate(settled) if not x]
        status, credulous, sceptical = grounded, accepted, list(accepted)
        for i in undecided:
            status[i], credulous[i], sceptical[i] = found["status"][i], found["credulous"][i], found["sceptical"][i]
        codes = []
        for lab in found["labellings"]:
            code = bytearray(settled)
            for name, value in ((IN, 1), (OUT, 2)):
                for a in lab[name]:
                    if a < len(code):
                        code[a] = value
            codes.append(code)
        result = _result(semantics, statements, codes, found["count"], status, credulous, sceptical, max_labellings, found["note"])
        if found["count"] == 0:  # no labelling at all
            result["status"] = [None] * len(statements)
            result["credulous"] = [False] * len(statements)
            result["sceptical"] = [False] * len(statements)
        return result


_IS = {value: bytes(int(code == value) for code in range(256)) for value in (0, 1, 2)}  # bytes.translate tables


def _result(semantics, statements, codes, count, status, credulous, sceptical, max_labellings, note) -> dict:
    """The answer, each labelling listed from its code per statement (0 undec, 1 in, 2 out), at most `max_labellings`."""
    listed = [
        {name: list(compress(statements, code.translate(_IS[value]))) for name, value in ((IN, 1), (OUT, 2), (UNDEC, 0))}
        for code in codes[: max(max_labellings, 0)]
    ]
    if note is None and count is not None and count > len(listed):
        note = f"{count} labellings; the first {len(listed)} are listed"
    return acceptance_result(semantics, listed, count, status, credulous, sceptical, True, note)


def _unfinished(grounded: list, semantics, max_steps) -> dict:
    """The answer when the search ran out of steps: grounded status, unknown acceptance where undecided."""
    known = [None if name == UNDEC else name == IN for name in grounded]
    note = (
        f"search stopped after {max_steps} steps: acceptance of {grounded.count(UNDEC)} statement(s) is unknown "
        "(shown with their grounded label); raise the step limit to finish"
    )
    return acceptance_result(semantics, [], None, list(grounded), known, list(known), False, note)


def _exposures(index, label: bytes, max_steps: int) -> tuple[dict | None, int]:
    """For every undecided statement and inference, the minimal sets of undecided attacks its arguments meet.

    An argument that avoids everything labelled out is attacked exactly by
    the attack inferences aimed at its parts; those labelled out in the
    grounded labelling are out in every complete labelling, so only the
    undecided ones matter. Two arguments with the same conclusion and the
    same such set take the same label in every complete labelling, and one
    whose set contains another's is never in when the other is not: the
    minimal sets are all the search needs. They are the least fixpoint of
    the rules below (support cycles add nothing: an argument through a cycle
    contains a smaller one for the same conclusion). Returns (sets by
    number, steps used), or (None, steps) past `max_steps`.
    """
    first = index.statements
    premises, target, is_attack, attacked_by, supports_of, uses = (
        index.premises, index.target, index.is_attack, index.attacked_by, index.supports_of, index.uses,
    )
    pending = [x for x in range(index.size) if not label[x]]
    exposed = {x: frozenset(a for a in attacked_by[x] if not label[a]) for x in pending}
    sets: dict[int, list[frozenset]] = {x: [] for x in pending}
    queued = set(pending)
    queue = list(pending)
    head = 0
    steps = 0
    while head < len(queue):
        x = queue[head]
        head += 1
        queued.discard(x)
        own = exposed[x]
        if x < first:
            found = [own] if not supports_of[x] or any(label[i] == 1 for i in supports_of[x]) else []
            for i in supports_of[x]:
                if not label[i]:
                    found.extend(own | s for s in sets[i])
        else:
            found = [own]
            for p in premises[x]:
                if label[p] == 1:
                    continue
                found = _minimal([f | s for f in found for s in sets[p]])
                steps += len(found)
        steps += len(found)
        if steps > max_steps:
            return None, steps
        found = _minimal(found)
        if set(found) == set(sets[x]):
            continue
        sets[x] = found
        dependants = uses[x] if x < first else ([] if is_attack[x] else [target[x]])
        for d in dependants:
            if not label[d] and d not in queued:
                queued.add(d)
                queue.append(d)
    return sets, steps


def _minimal(sets: list[frozenset]) -> list[frozenset]:
    """The sets no other one is a proper subset of, without repeats, smallest first."""
    kept: list[frozenset] = []
    for s in sorted(set(sets), key=lambda s: (len(s), sorted(s))):
        if not any(k <= s for k in kept):
            kept.append(s)
    return kept


def _framework(index, label: bytes, sets: dict) -> tuple[list, list[tuple]]:
    """The abstract framework the search runs on, over the undecided statements and attack inferences.

    Numbers below `index.size` stand for a statement or attack inference x
    itself; above, for one of its minimal sets S (attacked by every attack
    in S) and, when x has several, for "no set of x is in" (attacked by
    each set, attacking x). So x is in iff some set is in, and out iff all
    sets are out, in every complete labelling.
    """
    arguments: list[int] = []
    attacks: list[tuple] = []
    fresh = index.size
    for x in range(index.size):
        if label[x] or not (x < index.statements or index.is_attack[x]):
            continue
        arguments.append(x)
        if len(sets[x]) == 1:
            attacks.extend((a, x) for a in sorted(sets[x][0]))
            continue
        none_in = fresh
        arguments.append(none_in)
        attacks.append((none_in, x))
        fresh += 1
        for s in sets[x]:
            arguments.append(fresh)
            attacks.append((fresh, none_in))
            attacks.extend((a, fresh) for a in sorted(s))
            fresh += 1
    return arguments, attacks
