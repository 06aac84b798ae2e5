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
import re
from typing import Any, Iterator

from argmap.errors import ArgmapError

MAX_CHAINS = 20
"""How many chains to theses `describe` reports before it says it stopped."""

MAX_CHAIN_SEARCH_STEPS = 100_000
"""Partial paths the chain search may expand; bounds the time on dense graphs."""

FUZZY_ACCEPT = 0.4
"""Lowest fuzzy score that still counts as a match rather than a suggestion."""

FUZZY_SUGGEST = 0.2
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


def _fields(graph) -> dict[str, list[str]]:
    """What a reader may type to mean each statement: its label, text and id, as words."""
    fields = {}
    for node, data in graph.nodes(data=True):
        texts = [" ".join(_words(data.get(key) or "")) for key in ("label", "text")]
        texts.append(" ".join(_words(node)))
        fields[node] = [text for text in texts if text]
    return fields


def _resolve(graph, query: str, matches: list[str]) -> str:
    """The single match, or an `AmbiguousQuery` that lists every candidate."""
    if len(matches) == 1:
        return matches[0]
    lines = [f"'{query}' matches {len(matches)} statements equally well:"]
    for node in matches[:MAX_LISTED_CANDIDATES]:
        data = graph.nodes[node]
        lines.append(f"  {node} ({data.get('kind')}): {_one_line(data.get('label'))}")
    if len(matches) > MAX_LISTED_CANDIDATES:
        lines.append(f"  ... and {len(matches) - MAX_LISTED_CANDIDATES} more")
    lines.append("give the id to choose one")
    raise AmbiguousQuery("\n".join(lines), matches)


def _fuzzy_scores(fields: dict[str, list[str]], query_words: list[str]) -> dict[str, float]:
    """Score the plausible statements by shared words and character similarity.

    The score is the mean of the share of the query's words found in a field
    and difflib's ratio, best field wins, rounded to two decimals so that
    "equally good" means equal at the precision a reader could tell apart.
    `quick_ratio` bounds the exact ratio from above, so only statements whose
    bound can still reach the current top three pay for the exact comparison.
    """
    wanted = set(query_words)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(" ".join(query_words))
    bounded: list[tuple[float, int, str, list[tuple[float, str]]]] = []
    for index, (node, texts) in enumerate(fields.items()):
        per_field = []
        bound = 0.0
        for field in texts:
            recall = len(wanted.intersection(field.split())) / len(wanted)
            matcher.set_seq1(field)
            bound = max(bound, (recall + matcher.quick_ratio()) / 2)
            per_field.append((recall, field))
        bounded.append((-bound, index, node, per_field))
    bounded.sort()

    scores: dict[str, float] = {}
    best_three: list[float] = []  # a min-heap
    for negative_bound, _, node, per_field in bounded:
        floor = max(FUZZY_SUGGEST, best_three[0] if len(best_three) == 3 else 0.0)
        if -negative_bound < floor - 0.005:
            break
        best = 0.0
        for recall, field in per_field:
            matcher.set_seq1(field)
            best = max(best, (recall + matcher.ratio()) / 2)
        scores[node] = round(best, 2)
        heapq.heappush(best_three, scores[node])
        if len(best_three) > 3:
            heapq.heappop(best_three)
    return scores


def find_statement(graph, query: str) -> str:
    """The id of the one statement `query` names, trying the strictest reading first.

    Order: exact id; exact label, then exact text (case and whitespace
    ignored); the same words as an id, label or text; the query's words as a
    phrase inside one, then as a substring; finally a fuzzy score. The first
    step with any match decides: one match wins, several raise
    `AmbiguousQuery`, so a precise query is never outvoted by loose ones.
    """
    stripped = query.strip()
    if stripped in graph:
        return stripped
    nodes = list(graph.nodes)
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
    tests = (
        lambda field: field == phrase,
        lambda field: f" {phrase} " in f" {field} ",
        lambda field: phrase in field,
    )
    for test in tests:
        matches = [n for n in nodes if any(test(field) for field in fields[n])]
        if matches:
            return _resolve(graph, stripped, matches)

    scores = _fuzzy_scores(fields, query_words)
    order = {node: index for index, node in enumerate(nodes)}
    ranked = sorted(scores, key=lambda node: (-scores[node], order[node]))
    if ranked and scores[ranked[0]] >= FUZZY_ACCEPT:
        best = scores[ranked[0]]
        return _resolve(graph, stripped, [n for n in ranked if scores[n] == best])
    suggestions = [n for n in ranked if scores[n] >= FUZZY_SUGGEST][:3]
    message = f"no statement matches '{stripped}'"
    if suggestions:
        named = ", ".join(
            f"{node} (\"{_one_line(graph.nodes[node].get('label'))}\")" for node in suggestions
        )
        message += f" (did you mean {named}?)"
    raise ArgmapError(message)


# ---------------------------------------------------------------- describe


def _with_linked_together(edges: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """Keep edge order but pull the members of each link group next to the first one."""
    groups: dict[object, list[tuple[str, dict]]] = {}
    for position, (source, data) in enumerate(edges):
        link = data.get("link")
        groups.setdefault(position if link is None else ("link", link), []).append((source, data))
    return [edge for group in groups.values() for edge in group]


def _undercutters(graph, parent: str, cache: dict) -> dict[str, list[tuple[str, dict]]]:
    """For each premise of `parent`, the undercuts on its step into `parent`."""
    if parent not in cache:
        by_premise: dict[str, list[tuple[str, dict]]] = {}
        for source in graph.pred[parent]:
            data = graph.edges[source, parent]
            if data.get("relation") == "undercut":
                for premise in data.get("premises") or []:
                    by_premise.setdefault(premise, []).append((source, data))
        cache[parent] = by_premise
    return cache[parent]


def _children(graph, node: str, parent: str | None, cache: dict) -> Iterator[tuple[str, dict, str]]:
    """What to show under `node` in a tree where it relates to `parent`.

    Yields (statement, edge data, "supports" or "attacks"): the supporters of
    `node`, then its attackers, then the undercutters of the step from `node`
    to `parent`, which attack the inference rather than `node` itself.
    """
    incoming = [(source, graph.edges[source, node]) for source in graph.pred[node]]
    for relation, key in (("support", "supports"), ("attack", "attacks")):
        edges = [(s, d) for s, d in incoming if d.get("relation") == relation]
        for source, data in _with_linked_together(edges):
            yield source, data, key
    if parent is not None:
        for source, data in _undercutters(graph, parent, cache).get(node, []):
            yield source, data, "attacks"


def _reference(graph, node: str, edge: dict) -> dict[str, Any]:
    data = graph.nodes[node]
    return {
        "id": node,
        "kind": data.get("kind"),
        "label": data.get("label"),
        "relation": edge.get("relation"),
        "link": edge.get("link"),
    }


def _trees(graph, root: str) -> dict[str, list]:
    """The support and attack trees below `root`, each statement expanded once.

    A statement met again on the current path is a cycle and is emitted as
    `{"cycle": true}`; one already expanded elsewhere is emitted as
    `{"repeated": true}` (the text output says "shown above"). Expanding each
    statement once keeps the output linear in the graph's size where a shared
    premise would otherwise be copied under every claim it feeds. The walk uses
    an explicit stack, so long chains do not hit Python's recursion limit.
    """
    top: dict[str, list] = {"supports": [], "attacks": []}
    on_path = {root}
    expanded = {root}
    cache: dict = {}
    stack = [(root, top, _children(graph, root, None, cache))]
    while stack:
        node, shown, pending = stack[-1]
        step = next(pending, None)
        if step is None:
            stack.pop()
            on_path.discard(node)
            continue
        child, edge, key = step
        entry = _reference(graph, child, edge)
        shown[key].append(entry)
        if child in on_path:
            entry["cycle"] = True
        elif child in expanded:
            entry["repeated"] = True
        else:
            entry["supports"] = []
            entry["attacks"] = []
            expanded.add(child)
            on_path.add(child)
            stack.append((child, entry, _children(graph, child, node, cache)))
    return top


def _distances_to_theses(graph) -> dict[str, int]:
    """Fewest edges from each statement to some thesis (absent: none reachable)."""
    distance = {n: 0 for n, data in graph.nodes(data=True) if data.get("kind") == "thesis"}
    frontier = list(distance)
    while frontier:
        following = []
        for node in frontier:
            for source in graph.pred[node]:
                if source not in distance:
                    distance[source] = distance[node] + 1
                    following.append(source)
        frontier = following
    return distance


def _chains(graph, start: str) -> tuple[list[list[dict]], bool]:
    """Simple paths from `start` to theses, shortest first then by ids, at most MAX_CHAINS.

    A best-first search keyed by (path length + distance still to go, ids on
    the path): the distance is exact and never overestimates, and extending a
    path never lowers its key, so complete paths come out already in the
    required order and the search stops after MAX_CHAINS of them instead of
    enumerating every path. Every edge counts, undercuts included: an
    undercutter bears on a thesis through the statement whose support it cuts.
    """
    distance = _distances_to_theses(graph)
    if start not in distance:
        return [], False
    found: list[tuple[str, ...]] = []
    heap = [(distance[start], (start,))]
    steps = 0
    while heap and len(found) <= MAX_CHAINS and steps < MAX_CHAIN_SEARCH_STEPS:
        _, path = heapq.heappop(heap)
        steps += 1
        last = path[-1]
        if len(path) > 1 and graph.nodes[last].get("kind") == "thesis":
            found.append(path)
        for target in graph.succ[last]:
            if target in distance and target not in path:
                heapq.heappush(heap, (len(path) + distance[target], path + (target,)))
    truncated = len(found) > MAX_CHAINS or bool(heap)
    chains = []
    for path in found[:MAX_CHAINS]:
        chain = []
        for here, after in zip(path, path[1:] + (None,)):
            relation = graph.edges[here, after].get("relation") if after else None
            chain.append({"id": here, "label": graph.nodes[here].get("label"), "relation": relation})
        chains.append(chain)
    return chains, truncated


def describe(graph, statement_id: str) -> dict[str, Any]:
    """Everything a reader asks about one statement, as a JSON-able dict.

    Keys: id, kind, label, text, section, implicit, weight, line, col, spans;
    supports and attacks (trees whose nodes carry id, kind, label, relation,
    link and their own supports and attacks, or `cycle`/`repeated` instead);
    leads_to (chains to each thesis, each step {id, label, relation} where
    relation is how the step bears on the next one, null on the thesis) and
    leads_to_truncated.
    """
    if statement_id not in graph:
        raise ArgmapError(f"no statement with id '{statement_id}'")
    data = graph.nodes[statement_id]
    trees = _trees(graph, statement_id)
    chains, truncated = _chains(graph, statement_id)
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
    return " ".join("".join(c if c.isprintable() else " " for c in text or "").split())


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
            f"{indent}{branch}{RELATION_SIGNS.get(relation, '?')} together "
            f"(&{group[0]['link']}), these only {relation} it jointly:"
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
        line += "  (undercuts the inference from it, not it)"
    if entry.get("cycle"):
        return [line + "  (cycle: already on this path)"]
    if entry.get("repeated"):
        return [line + "  (shown above)"]
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


def format_description(desc: dict) -> str:
    """The description as text: heading, support tree, attack tree, chains to theses."""
    heading = f"{_one_line(desc.get('label'))}  [{desc.get('kind')}, {desc['id']}"
    if desc.get("weight") is not None:
        heading += f", weight {desc['weight']}"
    lines = [heading + "]", f"  \"{_one_line(desc.get('text'))}\"  ({_where(desc)})"]
    if desc.get("section"):
        lines.append(f"  section: {_one_line(desc['section'])}")
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
        for chain in chains:
            text = ""
            for step in chain:
                text += _one_line(step.get("label"))
                if step.get("relation"):
                    text += f" --{RELATION_VERBS.get(step['relation'], step['relation'])}--> "
            lines.append("  " + text)
        if desc.get("leads_to_truncated"):
            lines.append(f"  ... more chains not shown (first {len(chains)})")
    elif is_thesis:
        lines.append("Leads to: it is itself a thesis (a main conclusion)")
    else:
        lines.append("Leads to: no thesis — it bears on no main conclusion")
    return "\n".join(lines)


# ---------------------------------------------------------------- listing


def list_statements(graph) -> list[dict[str, Any]]:
    """Every statement's id, kind and label, in graph (document) order."""
    return [
        {"id": node, "kind": data.get("kind"), "label": data.get("label")}
        for node, data in graph.nodes(data=True)
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
