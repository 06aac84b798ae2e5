"""brat standoff as in the Argument Annotated Essays corpus (Stab & Gurevych).

An essay is `NAME.txt` (the plain text) beside `NAME.ann`: `T` lines mark
components by character offsets into the text (`MajorClaim`, `Claim`,
`Premise`), `A` lines give a claim's `Stance` towards the major claim, `R`
lines say which component `supports` or `attacks` which. Offsets count Unicode
characters of the .txt as brat reads it (a BOM and CRs count); every span is
checked against the text it claims to cover, so a shifted corpus fails loudly
with the .ann line to fix instead of producing a map of the wrong words.
"""

from __future__ import annotations

import re
from typing import Callable

from argmap.formats.common import Draft, span_record
from argmap.syntax import Document, headings
from argmap.reading import Locator, decode

KIND_OF_TYPE = {"MajorClaim": "thesis", "Claim": "claim", "Premise": "evidence"}
RELATION_OF_TYPE = {"supports": "support", "attacks": "attack"}
RELATION_OF_STANCE = {"For": "support", "Against": "attack"}
_OFFSETS = re.compile(r"^\d{1,18} \d{1,18}(?:;\d{1,18} \d{1,18})*$")
"""Offsets as brat writes them; a number of more digits than any text has characters is a malformed line
(Python refuses to read integers of over 4,300 digits, which was a crash)."""
_TITLE_LINE = re.compile(r"\ufeff?[ \t]*([^\r\n]*\S)[ \t]*\r?\n[ \t]*\r?\n")


def pair(path: str) -> tuple[str, str]:
    """(the .ann path, the .txt path) of a brat document given either one."""
    stem = path[:-4] if path.endswith((".ann", ".txt")) else path
    return stem + ".ann", stem + ".txt"


def read(path: str):
    """Read `NAME.ann` and `NAME.txt` (given either path) into a Build."""
    from argmap import model
    from argmap.pipeline import Build, read_bytes

    ann_path, txt_path = pair(path)
    ann_bytes = read_bytes(ann_path)
    txt_bytes = read_bytes(txt_path)
    ann = _decode_ann(ann_bytes, ann_path)
    text = decode(txt_bytes, txt_path)
    graph, warnings = parse(ann, text, ann_path, model.sha256(ann_bytes + b"\0" + txt_bytes))
    return Build(graph, warnings + model.check(graph))


def plain_text(path: str) -> str:
    """The essay text the spans point into (the .txt, decoded as the reader saw it)."""
    from argmap.pipeline import read_bytes

    ann_path, txt_path = pair(path)
    ann = _decode_ann(read_bytes(ann_path), ann_path)
    return _aligned_text(_components(ann, ann_path, Draft(ann_path, ""))[0], decode(read_bytes(txt_path), txt_path))


def _decode_ann(data: bytes, path: str) -> str:
    """An .ann file's text; an empty one is an essay nobody has annotated yet."""
    return decode(data, path).lstrip("\ufeff") if data.strip() else ""


def parse(ann: str, text: str, path: str, digest: str):
    """The .ann and .txt contents -> (graph, warnings)."""
    draft = Draft(path, digest)
    components, stances, relations, equivalences = _components(ann, path, draft)
    text = _aligned_text(components, text)
    locate = Locator(text)
    outline = Document(path, text, [], headings(text), {})
    draft.title = _title(text, components)

    theses = [c for c in components if c["type"] == "MajorClaim"]
    canonical = _restatements(components, theses, equivalences)

    failed: set[str] = set()  # components already reported: their relations would only repeat the error
    attacking = {canonical(src) for _, _, kind, src, _ in relations if kind == "attack"}
    size, restated = len(text), False
    for component in components:
        id = canonical(component["id"])
        fragments = component["fragments"]
        if any(end > size for _, end in fragments):
            draft.error(f"{component['id']}: offsets {component['offsets']} go past the end of the text ({size} characters)", component["line"], 1)
            failed.add(component["id"])
            continue
        found = " ".join([text[s:e] for s, e in fragments])
        if found != component["text"] and _flat(found) != _flat(component["text"]):
            draft.error(
                f"{component['id']}'s text {_quote(component['text'])} does not match the .txt at "
                f"{component['offsets']}, which reads {_quote(found)}",
                component["line"], 1,
            )
            failed.add(component["id"])
            continue
        spans = [span_record(locate, s, e) for s, e in fragments]
        draft.extra.setdefault(id, {}).setdefault("brat", []).append((component["id"], fragments))
        if id in draft.statements:
            draft.statements[id]["spans"] += spans
            restated = True
            continue
        kind = KIND_OF_TYPE[component["type"]]
        if kind == "evidence" and id in attacking:
            kind = "rebuttal"
        draft.statement(
            id, found, kind=kind, spans=spans,
            section=outline.section_at(fragments[0][0]), line=component["line"], col=1,
        )
    for id, statement in draft.statements.items():
        # A statement's text is its first span's in the text (docs/map-format.md), whatever the .ann order.
        spans = statement["spans"]
        if len(spans) > 1:
            spans.sort(key=lambda span: span["start"])
        if restated:  # else each statement's text and section are its one component's, as drafted
            components = draft.extra[id]["brat"]
            components.sort(key=lambda component: component[1][0])
            statement["text"] = " ".join(text[s:e] for s, e in components[0][1])
            statement["section"] = outline.section_at(components[0][1][0][0])

    thesis = canonical(theses[0]["id"]) if theses else None
    statements = draft.statements
    for line, head, claim, stance in stances:
        premise = canonical(claim)
        if thesis is None:
            draft.warn(f"the stance of {claim} is ignored: the essay has no MajorClaim", line, 1)
        elif claim in failed:
            continue
        elif premise not in statements:
            draft.error(f"stance of unknown component '{claim}'", line, 1)
        elif premise == thesis:
            draft.warn(f"{claim} restates the major claim, so its stance towards it is skipped", line, 1)
        else:
            draft.infer(stance, [premise], thesis, line=line, col=1, extra={"brat": head})
    for line, head, relation, source, target in relations:
        if source in failed or target in failed:
            continue
        premise, conclusion = canonical(source), canonical(target)
        if premise not in statements or conclusion not in statements:
            missing = [id for id, known in ((source, premise), (target, conclusion)) if known not in statements]
            draft.error(f"relation between unknown components: {', '.join(missing)}", line, 1)
        elif premise == conclusion:
            draft.warn(f"{source} and {target} are one statement (restatements, or both MajorClaims), "
                       f"so the relation between them is skipped", line, 1)
        else:
            draft.infer(relation, [premise], conclusion, line=line, col=1, extra={"brat": head})
    return draft.build(), draft.warnings


def _restatements(components: list[dict], theses: list[dict], equivalences) -> Callable[[str], str]:
    """Each component id -> the id of the statement it restates (itself if none).

    Every MajorClaim is the one thesis, and Equiv lines join components. The
    groups are kept as a union-find whose root is the group's first thesis or
    else its first component in the file, so an Equiv of a component with
    itself, Equiv lines written both ways or joining two MajorClaims all end
    in the same single statement.
    """
    order = {c["id"]: index for index, c in enumerate(components)}
    first_thesis = theses[0]["id"] if theses else None
    root: dict[str, str] = {}

    def find(id: str) -> str:
        top = id
        while root.get(top, top) != top:
            top = root[top]
        while id != top:
            root[id], id = top, root[id]
        return top

    def rank(id: str) -> tuple:
        return (id != first_thesis, order.get(id, len(order)), id)

    groups = [[t["id"] for t in theses]] + [ids for _, ids in equivalences]
    for ids in groups:
        for other in ids[1:]:
            a, b = sorted((find(ids[0]), find(other)), key=rank)
            if a != b:
                root[b] = a
    resolved = {id: find(id) for id in list(root)}
    return lambda id: resolved.get(id, id)


_PLAIN_LINE = re.compile(
    r"(?:(T\d+)\t(MajorClaim|Claim|Premise) (\d{1,18}) (\d{1,18})\t(.*)"
    r"|(R\d+)\t(supports|attacks) Arg1:(\S+) Arg2:(\S+)\t?"
    r"|(A\d+)\tStance (\S+) (For|Against))\r?"
)
"""The lines of a well-formed AAE .ann, read by one match each (the others go field by field)."""


def _components(ann: str, path: str, draft: Draft):
    """Parse the .ann lines: T components, stances, relations and Equiv groups."""
    components, stances, relations, equivalences = [], [], [], []
    plain = _PLAIN_LINE.fullmatch
    for number, raw in enumerate(ann.split("\n"), 1):  # brat's lines end at \n only
        match = plain(raw)
        if match is None:
            _odd_line(raw.rstrip("\r"), number, path, draft, components, stances, relations, equivalences)
            continue
        head, kind, first, last, text, r_head, relation, source, target, a_head, claim, stance = match.groups()
        if head:
            start, end = int(first), int(last)
            if start <= end:
                components.append({
                    "id": head, "type": kind, "fragments": [(start, end)], "offsets": f"{first} {last}",
                    "text": text.rstrip("\r"), "line": number,
                })
            else:
                draft.error(f"{head}: a span starts after it ends ({first} {last})", number, 1, path)
        elif r_head:
            relations.append((number, r_head, RELATION_OF_TYPE[relation], source, target))
        else:
            stances.append((number, a_head, claim, RELATION_OF_STANCE[stance]))
    return components, stances, relations, equivalences


def _odd_line(line: str, number: int, path: str, draft: Draft, components, stances, relations, equivalences) -> None:
    """One .ann line that is not a plain T, R or A line, field by field: what it holds, or why not."""
    if not line.strip():
        return
    fields = line.split("\t")
    head = fields[0].strip()
    body = fields[1].strip() if len(fields) > 1 else ""
    words = body.split()

    def bad(what: str) -> None:
        draft.error(f"malformed {what} line: {_quote(line.strip())}", number, 1, path)

    if head.startswith("T"):
        offsets = body.split(" ", 1)[1] if " " in body else ""
        if len(fields) < 3 or not words or not _OFFSETS.match(offsets):
            bad("T (text-bound)")
            return
        if words[0] not in KIND_OF_TYPE:
            draft.warn(f"{head}: component type '{words[0]}' is not MajorClaim, Claim or Premise; skipped", number, 1, path)
            return
        fragments = [tuple(int(n) for n in part.split()) for part in offsets.split(";")]
        if any(start > end for start, end in fragments):
            draft.error(f"{head}: a span starts after it ends ({offsets})", number, 1, path)
            return
        components.append({
            "id": head, "type": words[0], "fragments": fragments, "offsets": offsets,
            "text": "\t".join(fields[2:]), "line": number,
        })
    elif head.startswith("A"):
        if len(words) != 3:
            bad("A (attribute)")
        elif words[0] != "Stance" or words[2] not in RELATION_OF_STANCE:
            draft.warn(f"{head}: attribute '{' '.join(words)}' is not a Stance For/Against; skipped", number, 1, path)
        else:
            stances.append((number, head, words[1], RELATION_OF_STANCE[words[2]]))
    elif head.startswith("R"):
        args = dict(word.split(":", 1) for word in words[1:] if ":" in word)
        if not words or set(args) != {"Arg1", "Arg2"}:
            bad("R (relation)")
        elif words[0] not in RELATION_OF_TYPE:
            draft.warn(f"{head}: relation '{words[0]}' is not supports or attacks; skipped", number, 1, path)
        else:
            relations.append((number, head, RELATION_OF_TYPE[words[0]], args["Arg1"], args["Arg2"]))
    elif head == "*":
        if not words or words[0] != "Equiv" or len(words) < 3:
            draft.warn(f"'*' line is not an Equiv of components; skipped", number, 1, path)
        else:
            equivalences.append((number, words[1:]))
    elif head.startswith("#"):
        return  # AnnotatorNotes: free comments on an annotation
    else:
        draft.warn(f"'{head}' lines (events, normalizations ...) are not part of an argument; skipped", number, 1, path)


def _title(text: str, components: list[dict]) -> str | None:
    """The essay's title: AAE texts open with their prompt on a line of its own, then a blank line."""
    match = _TITLE_LINE.match(text)
    if not match or any(start < match.end(1) for c in components for start, _ in c["fragments"]):
        return None
    return match[1].strip()


def _aligned_text(components: list[dict], text: str) -> str:
    """The text as the offsets count it: as stored, or without its BOM, or with LF line ends.

    brat counts a BOM and CRs as characters, but corpora are often re-saved by
    tools that drop or add them; the reading under which the spans match wins.
    """
    candidates = [text]
    if text.startswith("\ufeff"):
        candidates.append(text[1:])
    for candidate in list(candidates):
        if "\r\n" in candidate:
            candidates.append(candidate.replace("\r\n", "\n"))
    if len(candidates) == 1:
        return text

    def mismatches(candidate: str) -> int:
        return sum(
            _flat(" ".join(candidate[s:e] for s, e in c["fragments"])) != _flat(c["text"]) for c in components
        )

    return min(candidates, key=mismatches)


def _flat(text: str) -> str:
    return " ".join(text.split())  # runs of whitespace as one space, trimmed: no regex pass needed


def _quote(text: str, limit: int = 50) -> str:
    flat = _flat(text)
    return '"' + (flat if len(flat) <= limit else flat[: limit - 1] + "…") + '"'


def write(graph, text: str, losses=None) -> dict[str, str]:
    """The graph as {'txt': plain text, 'ann': standoff}; what brat cannot hold is counted in `losses`.

    brat relates one component to one component: implicit statements (no
    span), undercuts, and the links between linked premises are left out
    (a linked inference is written as one relation per premise).
    """
    from argmap.formats.common import Losses
    from argmap.model import inference_type, inferences, statements

    if text is None:
        from argmap.errors import ArgmapError, Diagnostic

        raise ArgmapError(Diagnostic(
            "brat needs an essay text to point into, and no statement of this map has a span "
            "(Argdown and AIF maps have none); export to argmap, aif or argdown instead",
            graph.graph.get("source"),
        ))
    losses = losses or Losses("brat")
    nodes = statements(graph)
    # A map read from brat remembers its T, R and A ids (in memory): they are kept, new ones numbered after them.
    components = []  # (first offset, last offset, node, kept T id or None, fragments)
    for node in nodes:
        spans = sorted((span["start"], span["end"]) for span in graph.nodes[node]["spans"])
        kept = graph.nodes[node].get("brat") or []
        if kept and sorted(f for _, fragments in kept for f in fragments) == spans:
            components += [(fragments[0][0], fragments[-1][1], node, t, fragments) for t, fragments in kept]
        else:
            components += [(start, end, node, None, [(start, end)]) for start, end in spans]
    # Kept T lines in their own order (the first MajorClaim names the thesis), new ones after, in text order.
    components.sort(key=lambda item: (0, int(item[3][1:]), 0) if item[3] and _numbered(item[3]) else (1, item[0], item[1]))
    found = inferences(graph)
    fresh = _numbering({t for *_, t, _ in components if t} | {graph.nodes[i.id].get("brat") for i in found} - {None})
    for node in nodes:
        if not graph.nodes[node]["spans"]:
            losses.add("implicit statement", "implicit statements")
    first_t: dict[str, str] = {}
    lines, restated = [], []
    type_of = {"thesis": "MajorClaim", "claim": "Claim", "evidence": "Premise", "rebuttal": "Premise"}
    for _, _, node, t, fragments in components:
        t = t or fresh("T")
        kind = graph.nodes[node]["kind"]
        if node in first_t and kind != "thesis":
            restated.append((first_t[node], t))
        first_t.setdefault(node, t)
        words = " ".join(text[s:e] for s, e in fragments).replace("\n", " ").replace("\r", " ").replace("\t", " ")
        offsets = ";".join(f"{s} {e}" for s, e in fragments)
        lines.append(f"{t}\t{type_of[kind]} {offsets}\t{words}")
    stances, relations = [], []
    by_id = {inference.id: inference for inference in found}
    for inference in found:
        kind = inference_type(graph, inference)
        if kind == "undercut":
            aimed = by_id[inference.target]
            if aimed.target in by_id:
                losses.add("undercut of an undercut", "undercuts of undercuts")
            else:
                losses.add(f"undercut of {'a support' if aimed.relation == 'support' else 'an attack'}",
                           f"undercuts of {aimed.relation}s")
            continue
        if len(inference.premises) > 1:
            losses.add("linked inference", "linked inferences", "their premises are written as separate relations")
        if inference.title:
            losses.add("inference title", "inference titles")
        target = inference.target
        kept = graph.nodes[inference.id].get("brat") if len(inference.premises) == 1 else None
        for source in inference.premises:
            if source not in first_t or target not in first_t:
                losses.add("relation of an implicit statement", "relations of implicit statements")
                continue
            as_stance = graph.nodes[source]["kind"] == "claim" and graph.nodes[target]["kind"] == "thesis"
            if kept:
                as_stance = kept.startswith("A")
            if as_stance:
                stance = "For" if kind == "support" else "Against"
                stances.append(f"{kept or fresh('A')}\tStance {first_t[source]} {stance}")
            else:
                verb = "supports" if kind == "support" else "attacks"
                relations.append(f"{kept or fresh('R')}\t{verb} Arg1:{first_t[source]} Arg2:{first_t[target]}\t")
    lines += stances + relations + [f"*\tEquiv {a} {b}" for a, b in restated]
    return {"txt": text, "ann": "".join(line + "\n" for line in lines)}


def _numbered(id: str) -> bool:
    """Whether a kept brat id is a letter and a number argmap can count from (T12; not T1a, T², nor 5,000 digits)."""
    return id[1:].isdecimal() and len(id) <= 19


def _numbering(used: set[str]):
    """fresh("T") -> the next T id above every one in `used` (and likewise R, A)."""
    top: dict[str, int] = {}
    for id in used:
        if _numbered(id):
            top[id[0]] = max(top.get(id[0], 0), int(id[1:]))

    def fresh(letter: str) -> str:
        top[letter] = top.get(letter, 0) + 1
        return f"{letter}{top[letter]}"

    return fresh
