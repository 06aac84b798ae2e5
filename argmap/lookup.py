"""Turn what a reader types (an id, a label, a few words of the text) into a statement id.

`find_statement` tries an exact id, then labels and text, then words found
anywhere inside a word, and finally a fuzzy score; several equally good
answers raise `AmbiguousQuery` rather than a guess. Only the standard library
is imported here, so `argmap --help` never pays for networkx.
"""

from __future__ import annotations

import difflib
import heapq
import os.path
import re

from argmap.errors import ArgmapError
from argmap.query_text import one_line

FUZZY_ACCEPT = 40
"""Lowest fuzzy score (0-100) that still counts as a match rather than a suggestion."""

FUZZY_TIE = 5
"""Fuzzy scores closer than this to the best are "equally good": too close to guess."""

FUZZY_SUGGEST = 25
"""Lowest fuzzy score worth offering as "did you mean"."""

MAX_LISTED_CANDIDATES = 20
"""Candidates spelled out in an ambiguity message; the exception keeps them all."""

class AmbiguousQuery(ArgmapError):
    """Several statements match a query equally well; `.candidates` holds their ids."""

    def __init__(self, message: str, candidates: list[str]):
        super().__init__(message)
        self.candidates = candidates


def _words(text: str) -> list[str]:
    """Case-folded words, so punctuation, `-` and `_` never decide a match."""
    return re.findall(r"[^\W_]+", text.casefold())


def _spaced(text: str) -> str:
    """Case-folded text with runs of whitespace made one space."""
    return " ".join(text.split()).casefold()


def _statements(graph) -> list[str]:
    from argmap.model import statements

    return statements(graph)


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
        lines.append(f"  {node} ({data.get('kind')}): {one_line(data.get('label'))}")
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
    if stripped in graph and graph._node[stripped].get("type") != "inference":
        return stripped  # before any pass over the statements: at 10^5 of them that pass costs 30 ms
    nodes = _statements(graph)
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
            f"{node} (\"{one_line(graph.nodes[node].get('label'))}\")" for node in suggestions
        )
        message += f" (did you mean {named}?)"
    raise ArgmapError(message)

