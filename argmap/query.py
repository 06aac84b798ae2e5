"""Look up one statement in an argument graph and explain where it stands.

`find_statement` turns what a reader types (an id, a label, a few words of the
text) into a statement id; `describe` gathers what supports the statement, what
attacks it and how it bears on each thesis into a JSON-able dict;
`format_description` draws that dict as a text tree. The dict is the single
source for both the text and the `--json` output, so extending a query (for
instance with evaluation results) means adding keys to it.

Only the standard library is imported here: the functions take a graph built
elsewhere, so `argmap --help` never pays for networkx.
"""

from __future__ import annotations

import difflib
import heapq
import os.path
import re
from typing import Any, Iterator

from argmap.errors import ArgmapError

CHAINS_SHOWN = 5  # in text; JSON has up to MAX_CHAINS
MAX_CHAINS = 20
"""How many chains to theses `describe` reports before it says it stopped."""

MAX_DEPTH = 30
"""Tree levels `describe` expands; deeper statements are named, not expanded."""

MAX_CHAIN_SEARCH_STEPS = 100_000
"""Partial paths the chain search may expand; bounds the time on dense graphs."""

FUZZY_ACCEPT = 40
"""Lowest fuzzy score (0-100) that still counts as a match rather than a suggestion."""

FUZZY_TIE = 5
"""Fuzzy scores closer than this to the best are "equally good": too close to guess."""

FUZZY_SUGGEST = 25
"""Lowest fuzzy score worth offering as "did you mean"."""

MAX_LISTED_CANDIDATES = 20
"""Candidates spelled out in an ambiguity message; the exception keeps them all."""

RELATION_VERBS = {"support": "supports", "attack": "attacks", "undercut": "undercuts"}
RELATION_SIGNS = {"support": "+", "attack": "-", "undercut": "-"}


class AmbiguousQuery(ArgmapError):
    """Several statements match a query equally well; `.candidates` holds their ids."""

    def __init__(self, message: str, candidates: list[str]):
        super().__init__(message)
        self.candidates = candidates


# ---------------------------------------------------------------- lookup


def _words(text: str) -> list[str]:
    """Case-folded words, so punctuation, `-` and `_` never decide a match."""
    return re.findall(r"[^\W_]+", text.casefold())


def _spaced(text: str) -> str:
    """Case-folded text with runs of whitespace made one space."""
    return " ".join(text.split()).casefold()


def _fields(graph) -> dict[str, dict[str, list[str]]]:
    """What a reader may type to mean each statement, as words: titles (label, id) and text.

    Titles come apart from the text because a reader types what the map
    shows: words found in a label outrank the same words in the body text.
    """
    fields = {}
    for node in _statements(graph):
        data = graph.nodes[node]
        titles = [" ".join(_words(data.get("label") or "")), " ".join(_words(node))]
        text = " ".join(_words(data.get("text") or ""))
        fields[node] = {"titles": [title for title in titles if title], "text": [text] if text else []}
    return fields


def _same_word(typed: str, written: str) -> bool:
    """Equal, sharing a stem ("russia"/"russian", "needs"/"needed") or one typo apart."""
    if typed == written:
        return True
    common = len(os.path.commonprefix([typed, written]))
    if common >= 4 and common >= min(len(typed), len(written)) - 2:
        return True
    return min(len(typed), len(written)) >= 4 and _one_edit_apart(typed, written)


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter inserted, dropped, changed, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    a_rest, b_rest = a[start:], b[start:]
    return (
        a_rest[1:] == b_rest[1:]
        or a_rest[1:] == b_rest
        or a_rest == b_rest[1:]
        or (len(a_rest) > 1 and a_rest[1] + a_rest[0] + a_rest[2:] == b_rest)
    )


def _resolve(graph, query: str, matches: list[str]) -> str:
    """The single match, or an `AmbiguousQuery` that lists every candidate."""
    if len(matches) == 1:
        return matches[0]
    lines = [f"'{query}' could mean {len(matches)} statements:"]
    for node in matches[:MAX_LISTED_CANDIDATES]:
        data = graph.nodes[node]
        lines.append(f"  {node} ({data.get('kind')}): {_one_line(data.get('label'))}")
    if len(matches) > MAX_LISTED_CANDIDATES:
        lines.append(f"  ... and {len(matches) - MAX_LISTED_CANDIDATES} more")
    lines.append("give the id to choose one")
    raise AmbiguousQuery("\n".join(lines), matches)


def _fuzzy_scores(fields: dict[str, dict[str, list[str]]], query_words: list[str]) -> dict[str, int]:
    """Score the plausible statements from 0 to 100 by shared words and similarity.

    A field's score is the mean of the share of the query's words it contains
    (stems and typos count) and difflib's ratio; a statement takes its best
    field. difflib's cheap upper bounds (lengths alone, then letter counts)
    let most statements skip the exact ratio: only those that could still
    reach the top three, or the tie margin of the best, are scored at all.
    """
    wanted = sorted(set(query_words))
    vocabulary = {
        word for kinds in fields.values() for field in kinds["titles"] + kinds["text"] for word in field.split()
    }
    # each query word's acceptable spellings, found once rather than per statement
    spellings = [{word for word in vocabulary if _same_word(typed, word)} for typed in wanted]
    query = " ".join(query_words)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(query)
    bounded: list[tuple[float, int, str, list[tuple[float, str]]]] = []
    for index, (node, kinds) in enumerate(fields.items()):
        per_field = []
        bound = 0.0
        for field in kinds["titles"] + kinds["text"]:
            written = set(field.split())
            recall = sum(1 for accepted in spellings if not accepted.isdisjoint(written)) / len(wanted)
            by_length = 2 * min(len(field), len(query)) / (len(field) + len(query))
            bound = max(bound, (recall + by_length) * 50)
            per_field.append((recall, field))
        bounded.append((-bound, index, node, per_field))
    bounded.sort()

    scores: dict[str, int] = {}
    best_three: list[int] = []  # a min-heap
    for negative_bound, _, node, per_field in bounded:
        needed = best_three[0] if len(best_three) == 3 else 0
        if scores:
            needed = min(needed, max(scores.values()) - FUZZY_TIE)
        floor = max(FUZZY_SUGGEST, needed) - 0.5
        if -negative_bound < floor:
            break
        best = 0.0
        for recall, field in per_field:
            matcher.set_seq1(field)
            if (recall + matcher.quick_ratio()) * 50 >= floor:
                best = max(best, (recall + matcher.ratio()) * 50)
        if best >= floor:
            scores[node] = round(best)
            heapq.heappush(best_three, scores[node])
            if len(best_three) > 3:
                heapq.heappop(best_three)
    return scores


def find_statement(graph, query: str) -> str:
    """The id of the one statement `query` names, trying the strictest reading first.

    Order: exact id; exact label, then exact text (case and whitespace
    ignored); the same words as an id, label or text; the query's words as a
    phrase starting at a word of a label or id, then of a text; the same
    anywhere inside a word; finally a fuzzy score (shared words and difflib
    similarity). The first
    step with any match decides: one match wins, several raise
    `AmbiguousQuery`, so a precise query is never outvoted by loose ones.
    """
    stripped = query.strip()
    nodes = _statements(graph)
    if stripped in graph and not _is_inference(graph, stripped):
        return stripped
    spaced = _spaced(query)
    for key in ("label", "text"):
        matches = [n for n in nodes if _spaced(graph.nodes[n].get(key) or "") == spaced]
        if matches:
            return _resolve(graph, stripped, matches)

    query_words = _words(query)
    if not query_words:
        raise ArgmapError(f"no statement matches '{stripped}' (give an id, a label or words of the text)")
    phrase = " ".join(query_words)
    fields = _fields(graph)
    same_words = lambda field: field == phrase  # noqa: E731
    from_word_start = lambda field: f" {phrase}" in f" {field}"  # noqa: E731  "drone" finds "drones"
    substring = lambda field: phrase in field  # noqa: E731
    steps = (
        (same_words, ("titles", "text")),
        (from_word_start, ("titles",)),
        (from_word_start, ("text",)),
        (substring, ("titles",)),
        (substring, ("text",)),
    )
    for test, kinds in steps:
        matches = [n for n in nodes if any(test(f) for kind in kinds for f in fields[n][kind])]
        if matches:
            return _resolve(graph, stripped, matches)

    scores = _fuzzy_scores(fields, query_words)
    order = {node: index for index, node in enumerate(nodes)}
    ranked = sorted(scores, key=lambda node: (-scores[node], order[node]))
    if ranked and scores[ranked[0]] >= FUZZY_ACCEPT:
        best = scores[ranked[0]]
        return _resolve(graph, stripped, [n for n in ranked if best - scores[n] < FUZZY_TIE])
    suggestions = [n for n in ranked if scores[n] >= FUZZY_SUGGEST][:3]
    message = f"no statement matches '{stripped}'"
    if suggestions:
        named = ", ".join(
            f"{node} (\"{_one_line(graph.nodes[node].get('label'))}\")" for node in suggestions
        )
        message += f" (did you mean {named}?)"
    raise ArgmapError(message)


# ---------------------------------------------------------------- describe


def _statements(graph) -> list[str]:
    from argmap.model import statements

    return statements(graph)


def _is_inference(graph, node: str) -> bool:
    return graph._node[node].get("type") == "inference"  # the graph's own dict: views cost more on big maps


def _premises(graph, inference: str) -> list[str]:
    nodes = graph._node
    return [p for p in graph._pred[inference] if nodes[p].get("type") == "statement"]


def _children(graph, node: str, via: str | None) -> Iterator[tuple[str, dict, str]]:
    """What to show under `node` in a tree where it bears on its parent through inference `via`.

    Yields (statement, step, "supports" or "attacks"): the premises of the
    supports of `node`, then of its attacks, then of the attacks on `via`
    (undercuts: they attack the inference rather than `node` itself).
    Premises of one inference come together; `step` names the inference and,
    when it has several premises, its `link`.
    """
    nodes, pred = graph._node, graph._pred
    aimed = [i for i in pred[node] if nodes[i].get("type") == "inference"]
    for relation, key in (("support", "supports"), ("attack", "attacks")):
        for inference in aimed:
            if nodes[inference]["relation"] == relation:
                premises = _premises(graph, inference)
                link = inference if len(premises) > 1 else None
                for premise in premises:
                    yield premise, {"relation": relation, "link": link, "inference": inference}, key
    if via is not None:
        for inference in pred[via]:
            if nodes[inference].get("type") == "inference":
                premises = _premises(graph, inference)
                link = inference if len(premises) > 1 else None
                for premise in premises:
                    yield premise, {"relation": "undercut", "link": link, "inference": inference}, "attacks"


def _entry(graph, node: str, edge: dict) -> dict[str, Any]:
    data = graph.nodes[node]
    return {
        "id": node,
        "kind": data.get("kind"),
        "label": data.get("label"),
        "relation": edge.get("relation"),
        "link": edge.get("link"),
    }


def _trees(graph, root: str, max_depth: int) -> dict[str, list]:
    """The support and attack trees below `root`, each statement expanded once.

    An undercutter's entry also names the `step` [premise, target] it attacks;
    under an undercut, [undercutter, ..., premise, target]: the undercut it attacks.
    A statement met again on the current path is a cycle and is emitted as
    `{"cycle": true}`; one already expanded elsewhere is emitted as
    `{"repeated": true}` (the text output says "shown above"). Expanding each
    statement once keeps the output linear in the graph's size where a shared
    premise would otherwise be copied under every claim it feeds. Below
    `max_depth` levels a statement that has something under it is emitted as
    `{"deeper": true}`: very deep trees stay readable, and their JSON stays
    within what encoders (and readers) handle. The walk uses an explicit stack.
    """
    top: dict[str, list] = {"supports": [], "attacks": []}
    on_path = {root}
    expanded = {root}
    stack = [(root, None, None, top, _children(graph, root, None))]
    while stack:
        node, parent, _, shown, pending = stack[-1]
        step = next(pending, None)
        if step is None:
            stack.pop()
            on_path.discard(node)
            continue
        child, edge, key = step
        entry = _entry(graph, child, edge)
        if entry["relation"] == "undercut":  # the step it attacks; an undercut's own step first: [a2, a1, a5]
            entry["step"] = [node, *shown["step"]] if shown.get("relation") == "undercut" else [node, parent]
        shown[key].append(entry)
        if child in on_path:
            entry["cycle"] = True
        elif child in expanded:
            entry["repeated"] = True
        elif len(stack) >= max_depth:
            if next(_children(graph, child, edge["inference"]), None) is not None:
                entry["deeper"] = True
        else:
            entry["supports"] = []
            entry["attacks"] = []
            expanded.add(child)
            on_path.add(child)
            stack.append((child, node, edge["inference"], entry, _children(graph, child, edge["inference"])))
    return top


def _steps(graph) -> dict[str, dict[str, str]]:
    """Statement -> {statement it bears on: how}, each inference from each premise to where it ends.

    An undercut bears on the statement the inference it attacks ends at.
    """
    from argmap.model import inference_type, inferences

    found = inferences(graph)
    by_id = {inference.id: inference for inference in found}
    steps: dict[str, dict[str, str]] = {node: {} for node in _statements(graph)}
    for inference in found:
        end = inference
        while end.target in by_id:
            end = by_id[end.target]
        for premise in inference.premises:
            steps[premise].setdefault(end.target, inference_type(graph, inference))
    return steps


def _distances_to_theses(graph, steps: dict) -> dict[str, int]:
    """Fewest steps from each statement to some thesis (absent: none reachable)."""
    before: dict[str, list[str]] = {node: [] for node in steps}
    for node, targets in steps.items():
        for target in targets:
            before[target].append(node)
    nodes = graph._node
    distance = {n: 0 for n in steps if nodes[n].get("kind") == "thesis"}
    frontier = list(distance)
    while frontier:
        following = []
        for node in frontier:
            for source in before[node]:
                if source not in distance:
                    distance[source] = distance[node] + 1
                    following.append(source)
        frontier = following
    return distance


def _routes(graph) -> tuple[dict, dict]:
    """What every chain search needs from the whole map: each statement's steps, and its distance to a thesis."""
    steps = _steps(graph)
    return steps, _distances_to_theses(graph, steps)


def _chains(graph, start: str, routes: tuple[dict, dict]) -> tuple[list[list[dict]], bool]:
    """Simple paths from `start` to theses, shortest first then by ids, at most MAX_CHAINS.

    A best-first search keyed by (path length + distance still to go, ids on
    the path): the distance is exact and never overestimates, and extending a
    path never lowers its key, so complete paths come out already in the
    required order and the search stops after MAX_CHAINS of them instead of
    enumerating every path. Every inference counts, undercuts included: an
    undercutter bears on a thesis through the statement whose support it cuts.
    """
    steps, distance = routes
    if start not in distance:
        return [], False
    found: list[tuple[str, ...]] = []
    heap = [(distance[start], (start,))]
    searched = 0
    while heap and len(found) <= MAX_CHAINS and searched < MAX_CHAIN_SEARCH_STEPS:
        _, path = heapq.heappop(heap)
        searched += 1
        last = path[-1]
        if len(path) > 1 and graph.nodes[last].get("kind") == "thesis":
            found.append(path)
        for target in steps[last]:
            if target in distance and target not in path:
                heapq.heappush(heap, (len(path) + distance[target], path + (target,)))
    truncated = len(found) > MAX_CHAINS or bool(heap)
    chains = []
    for path in found[:MAX_CHAINS]:
        chain = []
        for here, after in zip(path, path[1:] + (None,)):
            relation = steps[here][after] if after else None
            chain.append({"id": here, "label": graph.nodes[here].get("label"), "relation": relation})
        chains.append(chain)
    return chains, truncated


def describe(graph, statement_id: str, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """Everything a reader asks about one statement, as a JSON-able dict.

    Keys: id, kind, label, text, section, implicit, weight, line, col, spans;
    supports and attacks (trees whose nodes carry id, kind, label, relation,
    link and their own supports and attacks, or `cycle`, `repeated` or
    `deeper` instead; leaves below `max_depth` carry neither);
    leads_to (chains to each thesis, each step {id, label, relation} where
    relation is how the step bears on the next one, null on the thesis) and
    leads_to_truncated.
    """
    return _describe(graph, statement_id, max_depth, _routes(graph))


def describe_all(graph, statement_ids, max_depth: int = MAX_DEPTH) -> dict[str, dict[str, Any]]:
    """`describe` for each of `statement_ids`, reading the map's routes to the theses once for all."""
    routes = _routes(graph)
    return {node: _describe(graph, node, max_depth, routes) for node in statement_ids}


def _describe(graph, statement_id: str, max_depth: int, routes: tuple[dict, dict]) -> dict[str, Any]:
    if statement_id not in graph or _is_inference(graph, statement_id):
        raise ArgmapError(f"no statement with id '{statement_id}'")
    data = graph.nodes[statement_id]
    trees = _trees(graph, statement_id, max_depth)
    chains, truncated = _chains(graph, statement_id, routes)
    return {
        "id": statement_id,
        "kind": data.get("kind"),
        "label": data.get("label"),
        "text": data.get("text"),
        "section": data.get("section"),
        "implicit": bool(data.get("implicit")),
        "weight": data.get("weight"),
        "line": data.get("line"),
        "col": data.get("col"),
        "spans": [dict(span) for span in data.get("spans") or []],
        "supports": trees["supports"],
        "attacks": trees["attacks"],
        "leads_to": chains,
        "leads_to_truncated": truncated,
    }


# ---------------------------------------------------------------- text output


def _one_line(text: str | None) -> str:
    """Essay text on one terminal line: newlines and control characters become spaces."""
    text = text or ""
    if not text.isprintable():  # rare: only then look at each character
        text = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(text.split())


def _tag(entry: dict) -> str:
    return f"{_one_line(entry.get('label'))}  [{entry.get('kind')}, {entry['id']}]"


def _tree_lines(entries: list[dict], indent: str) -> list[str]:
    """Box-drawn lines for sibling entries, linked premises under one "together" line."""
    groups: list[list[dict]] = []
    for entry in entries:
        link = entry.get("link")
        previous = groups[-1][0] if groups else None
        if (
            link is not None
            and previous is not None
            and previous.get("link") == link
            and previous.get("relation") == entry.get("relation")
        ):
            groups[-1].append(entry)
        else:
            groups.append([entry])

    lines: list[str] = []
    for number, group in enumerate(groups):
        last = number == len(groups) - 1
        branch, below = ("└─ ", "   ") if last else ("├─ ", "│  ")
        if len(group) == 1:
            lines.extend(_entry_lines(group[0], indent + branch, indent + below, signed=True))
            continue
        relation = group[0].get("relation")
        lines.append(
            f"{indent}{branch}{RELATION_SIGNS.get(relation, '?')} together, these only {relation} it jointly:"
        )
        for index, entry in enumerate(group):
            inner = ("└─ ", "   ") if index == len(group) - 1 else ("├─ ", "│  ")
            lines.extend(
                _entry_lines(entry, indent + below + inner[0], indent + below + inner[1], signed=False)
            )
    return lines


def _entry_lines(entry: dict, first: str, rest: str, signed: bool) -> list[str]:
    relation = entry.get("relation")
    sign = f"{RELATION_SIGNS.get(relation, '?')} " if signed else ""
    line = f"{first}{sign}{_tag(entry)}"
    if relation == "undercut":
        *undercutters, premise, target = entry["step"]
        undercut = "".join(f"{u}'s undercut of " for u in undercutters)
        line += f"  (undercuts {undercut}the step {premise} -> {target}, not the statement)"
    if entry.get("cycle"):
        return [line + "  (cycle: already on this path)"]
    if entry.get("repeated"):
        return [line + "  (shown above)"]
    if entry.get("deeper"):
        return [line + "  (more below: query it to see)"]
    return [line] + _tree_lines(entry.get("supports", []) + entry.get("attacks", []), rest)


def _where(desc: dict) -> str:
    spans = desc.get("spans") or []
    if desc.get("implicit") or not spans:
        where = "implicit: declared in the front matter, never written in the essay"
        if desc.get("line") is not None:
            where += f" (line {desc['line']}, col {desc['col']})"
        return where
    places = [f"line {span['line']}, col {span['col']}" for span in spans]
    where = places[0]
    if len(places) > 1:
        where += "; restated at " + "; ".join(places[1:])
    return where


def _evaluation_lines(evaluation: dict) -> list[str]:
    """Status, strength and why, from the `evaluation` key the CLI adds to a description."""
    status = f"Status: {evaluation['status']} ({evaluation['semantics']} semantics"
    if "credulous" in evaluation:
        status += f"; credulously {'accepted' if evaluation['credulous'] else 'rejected'}, sceptically {'accepted' if evaluation['sceptical'] else 'rejected'}"
    status += f")   Strength: {evaluation['strength']:.3f} ({evaluation['gradual']}"
    if evaluation.get("base") is not None:
        status += f", base {evaluation['base']:g}"
    lines = [status + ")"]
    why = evaluation["why"]
    named = lambda entries: ", ".join(f"{_one_line(e['label'])} [{e['id']}]" for e in entries)
    if why["defeated_by"]:
        lines.append(f"  Defeated (grounded) by: {named(why['defeated_by'])}")
    if why["undecided_attackers"]:
        lines.append(f"  Undecided attackers: {named(why['undecided_attackers'])}")
    for answered in why["answered"]:
        lines.append(f"  Attacker {_one_line(answered['label'])} [{answered['id']}] is answered by: {named(answered['defeated_by'])}")
    supports = why.get("supports")  # structured reading only
    if not (why["defeated_by"] or why["undecided_attackers"] or why["answered"]):
        lines.append("  Nothing attacks it." if supports is not None else "  Nothing attacks it, directly or through what it rests on.")
    fallen = [s for s in supports or () if s["status"] != "in"]
    if fallen:  # a support that does not stand needs saying; all standing does not
        listed = ", ".join(f"{_one_line(s['label'])} [{s['id']}] ({s['status']})" for s in fallen)
        lines.append(f"  Supports holding: {len(supports) - len(fallen)} of {len(supports)}; not holding: {listed}")
    return lines


def format_description(desc: dict) -> str:
    """The description as text: heading, support tree, attack tree, chains to theses."""
    heading = f"{_one_line(desc.get('label'))}  [{desc.get('kind')}, {desc['id']}"
    if desc.get("weight") is not None:
        heading += f", weight {desc['weight']}"
    lines = [heading + "]", f"  \"{_one_line(desc.get('text'))}\"  ({_where(desc)})"]
    if desc.get("section"):
        lines.append(f"  section: {_one_line(desc['section'])}")
    lines.append("")
    if desc.get("evaluation"):
        lines.extend(_evaluation_lines(desc["evaluation"]))
        lines.append("")

    if desc["supports"]:
        lines.append("Supported by")
        lines.extend(_tree_lines(desc["supports"], ""))
    elif desc.get("kind") == "evidence":
        lines.append("Supported by: nothing (evidence stands on its own)")
    else:
        lines.append(f"Supported by: nothing — an unsupported {desc.get('kind')}")

    if desc["attacks"]:
        lines.append("Attacked by")
        lines.extend(_tree_lines(desc["attacks"], ""))
    else:
        lines.append("Attacked by: nothing — no statement attacks it")

    chains = desc["leads_to"]
    is_thesis = desc.get("kind") == "thesis"
    if chains:
        lines.append("Leads to" + (" (it is itself a thesis; other theses:)" if is_thesis else ""))
        for chain in chains[:CHAINS_SHOWN]:
            text = ""
            for step in chain:
                text += _one_line(step.get("label"))
                if step.get("relation"):
                    text += f" --{RELATION_VERBS.get(step['relation'], step['relation'])}--> "
            lines.append("  " + text)
        if len(chains) > CHAINS_SHOWN or desc.get("leads_to_truncated"):
            more = "more" if desc.get("leads_to_truncated") else str(len(chains) - CHAINS_SHOWN)
            lines.append(f"  ... and {more} longer chains (--json lists {len(chains)})")
    elif is_thesis:
        lines.append("Leads to: it is itself a thesis (a main conclusion)")
    else:
        lines.append("Leads to: no thesis — it bears on no main conclusion")
    return "\n".join(lines)


# ---------------------------------------------------------------- listing


def list_statements(graph) -> list[dict[str, Any]]:
    """Every statement's id, kind and label, in graph (document) order."""
    return [
        {"id": node, "kind": graph.nodes[node].get("kind"), "label": graph.nodes[node].get("label")}
        for node in _statements(graph)
    ]


def format_list(rows: list[dict]) -> str:
    """Rows as aligned columns: id, kind, label."""
    if not rows:
        return "no statements"
    id_width = max(len(row["id"]) for row in rows)
    kind_width = max(len(str(row["kind"])) for row in rows)
    return "\n".join(
        f"{row['id']:<{id_width}}  {str(row['kind']):<{kind_width}}  {_one_line(row['label'])}".rstrip()
        for row in rows
    )
