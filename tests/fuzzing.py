"""Hostile input for every reader: seeds, mutations, and the check that a read ends well.

Shared by tests/test_fuzz.py (hypothesis drives `random.Random`-like choices,
so failures shrink and replay) and bench/fuzz.py (plain seeded randomness, to
count failures over many inputs). A reader ends well when it gives a graph
that every writer and the DOT renderer accept, or an ArgmapError; anything
else is an internal error, and overrunning the time budget is a hang.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import xml.etree.ElementTree as ElementTree
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
BUDGET = float(os.environ.get("ARGMAP_FUZZ_BUDGET", "60"))
"""Seconds one input may take to read and write everywhere before it counts as a hang.

A hang never ends, so the budget only has to lie far above the slowest honest
input on a loaded 2-core machine (one took over 10 s there); it is a hang
detector, not a speed test (bench/fuzz.py reports how long inputs take)."""

HOSTILE = [
    "\x00", "\x01", "\x0b", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\uffff", "\U0001f600",
    "\u202e", "\u0301", "\r", "\r\n", "\t", "\\", '"', "'", "<", ">", "&", "&amp;", "\\N", "\\G", "\\L",
    "<script>", "javascript:", "]]>", "<!--", "-->", "/*", "*/", "//", "#", "**", "__", "{", "}", "[", "]",
    "(", ")", ":", ";", "=", "%", "\ud7ff", "\ue000",
]

TOKENS = {
    "argmap": [
        "[", "]", "{", "}", "{#a}", "{#b .thesis}", "{.claim +a}", "{.evidence +b&l}", "{.rebuttal -a}",
        "{_a>b}", "{label=\"x\\\"y\"}", "{weight=0.5}", "{weight=2}", "#a", ".thesis", "+a", "-b", "_a>b",
        "&l", "---\n", "title: T\n", "[x]{#c .claim +a}\n", "\n\n", "# Heading\n", "\\", "\\[", "\\{",
    ],
    "brat": [
        "T1", "T2", "T3", "A1", "R1", "*", "#1", "\t", " ", "\n", "MajorClaim", "Claim", "Premise",
        "Stance", "For", "Against", "supports", "attacks", "Arg1:T1", "Arg2:T2", "Arg1:T9", "Equiv",
        "0", "5", "12", "999999", ";", "-1", "T1\tClaim 0 5\tHello\n", "*\tEquiv T1 T1\n",
        "*\tEquiv T1 T2\n", "*\tEquiv T2 T1\n", "R1\tsupports Arg1:T1 Arg2:T1\t\n", "A1\tStance T1 For\n",
    ],
    "aif": ["{", "}", "[", "]", ",", ":", '"', '"nodeID"', '"type"', '"I"', '"RA"', '"CA"', '"fromID"',
            "\\ud800", "\\udc00", "\\ud83d\\ude00", "1e999", "NaN", "null", "true", "-0", "1" * 30],
    "argdown": [
        "[A]", "[B]: text", "<A>", "<B>: text", "(1) ", "(2) [A]", "----", "--\nrule\n--", "--", "+ ", "- ",
        "<+ ", "<- ", "_ ", "<_ ", "+> ", "-> ", "_> ", ">< ", "  ", "\n", "\n\n", "===\n", "title: x\n",
        "# H\n", "#tag", "#(a tag)", "{a: 1}", "//", "/*", "*/", "<!--", "-->", "**b**", "_i_", "[", "]",
    ],
    "microtexts": [
        "<edu id='e9'>x</edu>", "<adu id='a9' type='pro'/>", "<edge id='c99' src='a1' trg='a1' type='sup'/>",
        "<edge id='c98' trg='a1' type='sup'/>", "<edge/>", "<joint id='j1'/>", "<![CDATA[", "]]>", "&amp;",
        "&bogus;", "<", ">", '"', "'", "implicit='true'",
    ],
    "json": ["{", "}", "[", "]", ",", ":", '"', '"id"', '"kind"', '"thesis"', '"relation"', '"support"',
             "\\ud800", "\\udc00", "null", "true", "1e999", "NaN", "-1", "0.5"],
}

JSON_VALUES = [
    None, True, False, 0, -1, 1, 2, 0.5, 1e308, "", "x", "I", "RA", "CA", "MA", "YA", "L", "TA", "PA",
    "thesis", "claim", "support", "undercut", "\ud7ff<script>", [], {}, [1], ["x"], {"a": 1}, [{"start": 0, "end": 1}],
    {"firstname": {"x": 1}}, "1", "10", "11", 10, 11, "a" * 300,
]

READERS = ("argmap", "brat", "aif", "argdown", "microtexts", "json")


# --- seeds ------------------------------------------------------------------


def seeds(reader: str) -> list[dict[str, bytes]]:
    """Real documents of each format: {suffix: bytes}, one file or the brat pair."""
    if reader == "argmap":
        files = sorted(ROOT.glob("examples/*.txt")) + sorted(ROOT.glob("essays/*.txt")) + [ROOT / "tests/data/solar.txt"]
        return [{".txt": path.read_bytes()} for path in files]
    if reader == "brat":
        return [
            {".ann": (FIXTURES / f"{stem}.ann").read_bytes(), ".txt": (FIXTURES / f"{stem}.txt").read_bytes()}
            for stem in ("essay901", "real/essay_title")
        ]
    if reader == "aif":
        files = [FIXTURES / "aifdb_sample.json", *sorted((FIXTURES / "real").glob("*.json"))]
        return [{".json": path.read_bytes()} for path in files] + [{".json": text} for text in _exported("aif")]
    if reader == "argdown":
        files = [FIXTURES / "cafes.argdown", *sorted((FIXTURES / "real").glob("*.argdown"))]
        return [{".argdown": path.read_bytes()} for path in files] + [{".argdown": t} for t in _exported("argdown")]
    if reader == "microtexts":
        return [{".xml": path.read_bytes()} for path in [FIXTURES / "micro_k001.xml", *sorted((FIXTURES / "real").glob("*.xml"))]]
    if reader == "json":
        return [{".json": text} for text in _exported("json")]
    raise ValueError(reader)


_EXPORTS: dict[str, list[bytes]] = {}


def _exported(fmt: str) -> list[bytes]:
    """The example essays written out in `fmt` by our own writers (seeds that use every feature)."""
    if fmt not in _EXPORTS:
        from argmap import formats

        texts = []
        for path in [*sorted(ROOT.glob("examples/*.txt")), FIXTURES / "micro_k001.xml", FIXTURES / "cafes.argdown"]:
            build = formats.load(str(path))
            texts.append(formats.write(build.graph, fmt, formats.source_text(build.graph)).encode("utf-8"))
        _EXPORTS[fmt] = texts
    return _EXPORTS[fmt]


# --- mutations --------------------------------------------------------------


def mutate_text(text: str, rng, tokens: list[str]) -> str:
    """`text` after one to four random edits: cut, repeat, move or insert pieces, swap lines."""
    for _ in range(rng.randint(1, 4)):
        size = len(text)
        a, b = sorted((rng.randint(0, size), rng.randint(0, size)))
        if b - a > 200:
            b = a + rng.randint(0, 200)
        choice = rng.randint(0, 7)
        if choice == 0:
            text = text[:a] + text[b:]
        elif choice == 1:
            text = text[:b] + text[a:b] * rng.randint(1, 3) + text[b:]
        elif choice == 2:
            piece, rest = text[a:b], text[:a] + text[b:]
            where = rng.randint(0, len(rest))
            text = rest[:where] + piece + rest[where:]
        elif choice in (3, 4):
            insert = "".join(rng.choice(tokens if rng.random() < 0.7 else HOSTILE) for _ in range(rng.randint(1, 4)))
            text = text[:a] + insert + text[a:]
        elif choice == 5:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif choice == 6:
            lines = text.split("\n")
            del lines[rng.randrange(len(lines))]
            text = "\n".join(lines)
        else:
            text = text[: rng.randint(0, size)]
    return text


def mutate_json(data, rng, depth: int = 0):
    """A copy of JSON data with one value replaced, a key dropped or a list item doubled, somewhere inside."""
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        holder, key = _pick_slot(data, rng)
        if holder is None:
            data = rng.choice(JSON_VALUES)
            continue
        choice = rng.randint(0, 3)
        if choice == 0:
            holder[key] = copy.deepcopy(rng.choice(JSON_VALUES))
        elif choice == 1 and isinstance(holder, dict):
            del holder[key]
        elif choice == 2 and isinstance(holder, list):
            holder.insert(key, copy.deepcopy(holder[key]))
        else:
            other_holder, other_key = _pick_slot(data, rng)
            if other_holder is not None:
                holder[key] = copy.deepcopy(other_holder[other_key])
    return data


def _pick_slot(data, rng):
    """A random (container, key) inside `data`, found by a short random walk; (None, None) at the root."""
    holder, key = None, None
    current = data
    for _ in range(rng.randint(2, 8)):
        if isinstance(current, dict) and current:
            holder, key = current, rng.choice(list(current))
        elif isinstance(current, list) and current:
            holder, key = current, rng.randrange(len(current))
        else:
            break
        current = holder[key]
    return holder, key


def mutate_xml(data: bytes, rng) -> bytes:
    """arggraph XML with attributes dropped or changed, elements dropped or doubled."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return data
    elements = list(root.iter())
    ids = [e.get("id") for e in elements if e.get("id")] + ["", "nowhere", "e1", "a1", "c9"]
    for _ in range(rng.randint(1, 4)):
        element = rng.choice(elements)
        choice = rng.randint(0, 4)
        if choice == 0 and element.attrib:
            del element.attrib[rng.choice(list(element.attrib))]
        elif choice == 1:
            name = rng.choice(["id", "src", "trg", "type", "implicit"])
            element.set(name, rng.choice(ids + ["seg", "sup", "exa", "reb", "und", "add", "true", "pro"]))
        elif choice == 2 and element is not root:
            parent = next((p for p in root.iter() if element in list(p)), None)
            if parent is not None:
                parent.remove(element)
                elements = list(root.iter())
        elif choice == 3 and element is not root:
            root.append(copy.deepcopy(element))
            elements = list(root.iter())
        else:
            element.text = rng.choice(["", None, " ", "x" * 50, "<&>", "\\N"])
    return ElementTree.tostring(root, encoding="utf-8")


def mutated(reader: str, seed: dict[str, bytes], rng) -> dict[str, bytes]:
    """One hostile variant of a seed document."""
    files = dict(seed)
    if reader == "brat":
        suffix = ".ann" if rng.random() < 0.8 else ".txt"
    else:
        (suffix,) = files
    raw = files[suffix]
    structural = rng.random() < 0.75
    if reader in ("aif", "json") and structural:
        files[suffix] = json.dumps(mutate_json(json.loads(raw), rng), ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    elif reader == "microtexts" and structural:
        files[suffix] = mutate_xml(raw, rng)
    else:
        text = mutate_text(raw.decode("utf-8"), rng, TOKENS[reader])
        files[suffix] = text.encode("utf-8", "surrogatepass")
    return files


def generated(reader: str, rng) -> dict[str, bytes]:
    """A document made of random tokens of the format and hostile characters."""
    tokens = TOKENS[reader]
    text = "".join(rng.choice(tokens if rng.random() < 0.85 else HOSTILE) for _ in range(rng.randint(0, 40)))
    return wrapped(reader, text)


def wrapped(reader: str, body: str) -> dict[str, bytes]:
    """`body` as a document of `reader`: inside <arggraph> or a map's node list, or as an .ann beside a short text."""
    data = body.encode("utf-8", "surrogatepass")
    if reader == "brat":
        return {".ann": data, ".txt": "Hello world.\nCafés help, streets are safer.\n".encode()}
    suffix = {"argmap": ".txt", "aif": ".json", "argdown": ".argdown", "microtexts": ".xml", "json": ".json"}[reader]
    if reader == "microtexts":
        data = b"<arggraph>" + data + b"</arggraph>"
    if reader == "json":
        data = b'{"graph": {"format": "argmap", "version": 2}, "nodes": [' + data + b'], "edges": []}'
    return {suffix: data}


def nested(reader: str, depth: int) -> dict[str, bytes]:
    """A document nested `depth` deep, in the format's own brackets."""
    if reader in ("aif", "json"):
        return {".json": b"[" * depth + b"]" * depth}
    if reader == "microtexts":
        return {".xml": b"<arggraph>" + b"<edu>" * depth + b"</edu>" * depth + b"</arggraph>"}
    if reader == "argdown":
        return {".argdown": "".join(" " * level + "+ [A]\n" for level in range(min(depth, 3000))).encode()}
    if reader == "brat":
        return {".ann": b"[" * depth, ".txt": b"x"}
    return {".txt": b"[" * depth + b"x" + b"]{.claim}" * depth}


# --- the check ----------------------------------------------------------------


class Hang(BaseException):
    """An input overran its time budget (a BaseException, so no reader's `except Exception` hides it)."""


@contextmanager
def time_budget(seconds: float = BUDGET):
    """Raise Hang in the main thread if the block runs longer than `seconds`."""

    def expire(signum, frame):
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def write_files(folder: Path, reader: str, files: dict[str, bytes]) -> str:
    """Put a document on disk; the path to give the reader."""
    for suffix, data in files.items():
        (folder / f"doc{suffix}").write_bytes(data)
    return str(folder / ("doc.ann" if reader == "brat" else f"doc{next(iter(files))}"))


def read_and_write(path: str, reader: str):
    """Read `path` as `reader`, then draw and write the graph in every format; None if an ArgmapError refused it.

    Raises whatever else goes wrong: that is the bug the fuzz suite looks for.
    """
    from argmap import formats, mapfile, render
    from argmap.errors import ArgmapError

    with time_budget():
        try:
            build = formats.load(path, reader)
        except ArgmapError:
            return None
        graph = build.graph
        render.to_dot(graph)
        mapfile.dumps(graph).encode("utf-8")
        try:
            text = formats.source_text(graph)
        except ArgmapError:
            text = None
        for fmt in formats.WRITE_FORMATS:
            try:
                written = formats.write(graph, fmt, text)
            except ArgmapError:
                continue
            for part in written.values() if isinstance(written, dict) else [written]:
                part.encode("utf-8")
        "\n".join(str(warning) for warning in build.warnings).encode("utf-8")
        return graph
