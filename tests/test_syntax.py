"""The annotation language: spans and their positions, front matter, sections, escapes.

Expected offsets and line:col values below are counted by hand from the inputs
(or, in the properties, from how the test itself built the annotated text),
never taken from the parser.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from argmap import reading, syntax
from argmap.errors import ArgmapError
from argmap.escape import annotated_text
from argmap.pipeline import build_text


def spans_of(text: str):
    return syntax.parse(text, "t.txt").spans


def where(span) -> tuple:
    return (span.start, span.end, span.line, span.col, span.end_line, span.end_col)


# -- spans and positions ------------------------------------------------------


def test_single_span_offsets_and_positions():
    doc = syntax.parse("Before [the claim]{#c .claim} after.", "t.txt")
    assert doc.plain == "Before the claim after."
    (span,) = doc.spans
    assert (span.id, span.kind, span.text) == ("c", "claim", "the claim")
    # '[' is character 8, so the span's first character is at column 9; ']' is at column 18.
    assert where(span) == (7, 16, 1, 9, 1, 18)
    assert not span.implicit


def test_span_across_lines():
    doc = syntax.parse("one [two\nthree]{#x}\nfour", "t.txt")
    assert doc.plain == "one two\nthree\nfour"
    (span,) = doc.spans
    assert span.text == "two\nthree"
    assert where(span) == (4, 13, 1, 6, 2, 6)


def test_span_across_a_blank_line():
    (span,) = spans_of("[a\n\nb]{#x}")
    assert (span.text, span.start, span.end, span.end_line, span.end_col) == ("a\n\nb", 0, 4, 3, 2)


def test_nested_spans_in_document_order():
    doc = syntax.parse("[a [b]{#b .evidence +a} c]{#a .claim}", "t.txt")
    assert doc.plain == "a b c"
    outer, inner = doc.spans
    assert (outer.id, outer.text, outer.start, outer.end, outer.col) == ("a", "a b c", 0, 5, 2)
    assert (inner.id, inner.text, inner.start, inner.end, inner.col) == ("b", "b", 2, 3, 5)
    assert inner.end_col == 6  # the inner ']'
    assert outer.end_col == 26  # the outer ']', after the inner attribute block
    assert [(r.relation, r.target) for r in inner.relations] == [("support", "a")]


def test_spans_that_start_at_the_same_place():
    doc = syntax.parse("[[x]{#inner} y]{#outer}", "t.txt")
    assert doc.plain == "x y"
    assert [(s.id, s.start, s.end) for s in doc.spans] == [("outer", 0, 3), ("inner", 0, 1)]


def test_adjacent_and_empty_spans():
    doc = syntax.parse("[a]{#a}[b]{#b}[]{#e}", "t.txt")
    assert doc.plain == "ab"
    assert [(s.id, s.start, s.end, s.text) for s in doc.spans] == [("a", 0, 1, "a"), ("b", 1, 2, "b"), ("e", 2, 2, "")]


def test_columns_count_characters_not_bytes():
    doc = syntax.parse("é—ü [ñø文]{#x}\nß [ü]{#y}", "t.txt")
    assert doc.plain == "é—ü ñø文\nß ü"
    x, y = doc.spans
    assert where(x) == (4, 7, 1, 6, 1, 9)
    assert where(y) == (10, 11, 2, 4, 2, 5)
    assert doc.plain[x.start : x.end] == "ñø文"


def test_astral_characters_count_as_one_column():
    (span,) = spans_of("🙂🙂 [x]{#x}")
    assert (span.start, span.col) == (3, 5)


def test_crlf_input_keeps_its_line_endings():
    doc = syntax.parse("a\r\n[b c]{#x}\r\nd [e\r\nf]{#y}", "t.txt")
    assert doc.plain == "a\r\nb c\r\nd e\r\nf"
    x, y = doc.spans
    assert where(x) == (3, 6, 2, 2, 2, 5)
    assert (y.text, y.line, y.col, y.end_line, y.end_col) == ("e\r\nf", 3, 4, 4, 2)


def test_relations_and_attributes():
    (span,) = spans_of('[t]{#a .evidence +b -c +d&g -e&h _p>q label="Short \\"one\\"" weight=0.25}')
    assert (span.id, span.kind, span.label, span.weight) == ("a", "evidence", 'Short "one"', 0.25)
    assert [(r.relation, r.target, r.link, r.premise) for r in span.relations] == [
        ("support", "b", None, None),
        ("attack", "c", None, None),
        ("support", "d", "g", None),
        ("attack", "e", "h", None),
        ("undercut", "q", None, "p"),
    ]


def test_relation_positions_point_at_the_attribute():
    (span,) = spans_of("x\n[t]{#a  +b\n -c}")
    assert [(r.line, r.col) for r in span.relations] == [(2, 9), (3, 2)]


def test_mentions_locate_every_id_written_in_a_block():
    # columns counted by hand: '{' is column 4, '#a' column 5, '+bb' 8, '-c&g' 12, '_p>q' on line 2 column 2.
    (span,) = spans_of("[t]{#a +bb -c&g\n_p>q}")
    assert [(m.id, m.line, m.col, m.role) for m in span.mentions] == [
        ("a", 1, 6, "id"),
        ("bb", 1, 9, "target"),
        ("c", 1, 13, "target"),
        ("p", 2, 2, "premise"),
        ("q", 2, 4, "target"),
    ]
    assert (span.attrs_line, span.attrs_col, span.attrs_end_line, span.attrs_end_col) == (1, 4, 2, 5)


def test_mentions_in_front_matter_and_after_multibyte_text():
    doc = syntax.parse("---\n[é]{#x +y}\n---\n[ü]{#y .thesis}", "t.txt")
    implicit, written = doc.spans
    assert [(m.id, m.line, m.col) for m in implicit.mentions] == [("x", 2, 6), ("y", 2, 9)]
    assert (implicit.attrs_end_line, implicit.attrs_end_col) == (2, 10)
    assert [(m.id, m.line, m.col) for m in written.mentions] == [("y", 4, 6)]


def test_mentions_of_inference_names():
    # '+c@s' names the inference from this span to c; '-@s@u' attacks it and names that attack; '_p>q@v' names an undercut.
    (span,) = spans_of("[t]{#a +c@s -@s@u _p>q@v}")
    assert [(m.id, m.col, m.role) for m in span.mentions] == [
        ("a", 6, "id"), ("c", 9, "target"), ("s", 11, "inference"),
        ("s", 15, "inference-target"), ("u", 17, "inference"),
        ("p", 20, "premise"), ("q", 22, "target"), ("v", 24, "inference"),
    ]


def test_unnamed_span_mentions_only_its_targets():
    (span,) = spans_of('[t]{.claim label="#z +w" +a}')
    assert [(m.id, m.col, m.role) for m in span.mentions] == [("a", 27, "target")]


def test_attribute_block_may_cross_a_line_break():
    (span,) = spans_of("[t]{#a\n.claim}")
    assert (span.id, span.kind) == ("a", "claim")


def test_blank_line_ends_an_open_attribute_block():
    with pytest.raises(ArgmapError, match=r"1:4: error: unclosed '\{'"):
        syntax.parse('[a]{.claim\n  \nlabel="x"}', "t.txt")


def test_blank_line_ends_an_open_attribute_block_crlf():
    with pytest.raises(ArgmapError, match=r"1:4: error: unclosed '\{'"):
        syntax.parse('[a]{.claim\r\n\r\nlabel="x"}', "t.txt")


def test_quoted_label_may_hold_a_closing_brace():
    doc = syntax.parse('[t]{label="a } b"} rest', "t.txt")
    assert doc.plain == "t rest"
    assert doc.spans[0].label == "a } b"


def test_restatement_gives_two_spans_with_one_id():
    spans = spans_of("[Russia needs Iran]{#rn .claim}. Again: [Russia needs Iran]{#rn}.")
    assert [(s.id, s.start, s.end) for s in spans] == [("rn", 0, 17), ("rn", 26, 43)]


# -- front matter -------------------------------------------------------------


FRONT = """---
title: Iran's ties
// a comment line

[a stronger Iran]{#stronger .claim +thesis}
  [an indented one]{#ind}
---
[The thesis]{#thesis .thesis}.
"""


def test_front_matter_declarations_and_metadata():
    doc = syntax.parse(FRONT, "t.txt")
    assert doc.plain == "The thesis.\n"
    assert doc.metadata == {"title": "Iran's ties"}
    stronger, indented, thesis = doc.spans
    assert stronger.implicit and indented.implicit and not thesis.implicit
    assert (stronger.id, stronger.kind, stronger.text, stronger.line, stronger.col) == ("stronger", "claim", "a stronger Iran", 5, 1)
    assert (stronger.start, stronger.end) == (None, None)
    assert [(r.relation, r.target, r.line, r.col) for r in stronger.relations] == [("support", "thesis", 5, 36)]
    assert (indented.id, indented.line, indented.col) == ("ind", 6, 3)
    assert (thesis.start, thesis.end, thesis.line, thesis.col) == (0, 10, 8, 2)


def test_front_matter_with_crlf():
    doc = syntax.parse("---\r\ntitle: T\r\n[imp]{#i .claim}\r\n---\r\nbody\r\n", "t.txt")
    assert doc.plain == "body\r\n"
    assert doc.metadata == {"title": "T"}
    assert [(s.id, s.text, s.line) for s in doc.spans] == [("i", "imp", 3)]


def test_empty_front_matter_protects_a_leading_rule():
    assert syntax.strip("---\n---\n---\nessay") == "---\nessay"


def test_dashes_later_in_the_essay_are_text():
    assert syntax.strip("intro\n---\nmore\n---\n") == "intro\n---\nmore\n---\n"


def test_declaration_text_may_hold_escaped_brackets():
    doc = syntax.parse("---\n[a \\[b\\] c]{#x}\n---\nz", "t.txt")
    assert doc.spans[0].text == "a [b] c"


# -- sections -----------------------------------------------------------------


def test_headings_open_sections():
    text = "# Intro\n[a]{#a}\n## Details ##\n[b]{#b}\n#NoSpace\n####### seven\n"
    doc = syntax.parse(text, "t.txt")
    assert doc.plain == "# Intro\na\n## Details ##\nb\n#NoSpace\n####### seven\n"
    assert [(h.level, h.title) for h in doc.headings] == [(1, "Intro"), (2, "Details")]
    a, b = doc.spans
    assert doc.section_at(a.start) == "Intro"
    assert doc.section_at(b.start) == "Details"


def test_text_before_any_heading_has_no_section():
    doc = syntax.parse("[a]{#a}\n# Later\n", "t.txt")
    assert doc.section_at(doc.spans[0].start) is None


def test_heading_title_is_plain_text():
    doc = syntax.parse("## The [big]{#big} question\n", "t.txt")
    assert [(h.level, h.title) for h in doc.headings] == [(2, "The big question")]


# -- escapes and literal brackets ------------------------------------------------


def test_escapes_stand_for_the_character():
    assert syntax.strip(r"a \[ b \] c \{ d \} e \\ f") == "a [ b ] c { d } e \\ f"


def test_other_backslashes_are_text():
    assert syntax.strip(r"C:\temp \n \x end\ ") == r"C:\temp \n \x end\ "
    assert syntax.strip("trailing\\") == "trailing\\"


def test_escaped_bracket_opens_no_span():
    doc = syntax.parse(r"\[not a span\] but [this]{#b} is", "t.txt")
    assert doc.plain == "[not a span] but this is"
    assert [(s.id, s.start, s.end) for s in doc.spans] == [("b", 17, 21)]


def test_escaped_backslash_before_a_span():
    doc = syntax.parse(r"x\\[y]{#y}", "t.txt")
    assert doc.plain == "x\\y"
    assert [(s.start, s.end) for s in doc.spans] == [(2, 3)]


def test_brackets_without_attribute_block_stay_text():
    text = "He wrote [sic] and cited [1], [a] [b, c] then [unclosed."
    doc = syntax.parse(text, "t.txt")
    assert doc.plain == text
    assert doc.spans == []


def test_bracket_pairs_around_a_span_stay_text():
    doc = syntax.parse("see [1] and [the [real]{#r} one]", "t.txt")
    assert doc.plain == "see [1] and [the real one]"
    assert [(s.id, s.start, s.end) for s in doc.spans] == [("r", 17, 21)]


def test_braces_in_prose_stay_text():
    text = "f() { return 1; } {} {{x}} { a, b } {x} a}b"
    assert syntax.strip(text) == text


def test_escape_escapes_every_special_character():
    assert annotated_text("[a]{b}\\c") == "\\[a\\]\\{b\\}\\\\c"


@pytest.mark.parametrize("prose", ["---\n---\nessay", "---\nessay"])
def test_documented_empty_front_matter_protects_a_leading_rule(prose):
    # annotated_text() works on fragments; a whole essay starting with '---' opens with '---' twice.
    assert syntax.strip("---\n---\n" + annotated_text(prose)) == prose


# -- properties -----------------------------------------------------------------

SPECIAL = list("[]{}\\#.+-_=\"&> \n\r") + ["---", "---\n", "\r\n", "\n\n", "word", "claim", "#id", "label=", "weight="]
prose = st.lists(st.characters(codec="utf-8") | st.sampled_from(SPECIAL), max_size=20).map("".join) | st.text(max_size=30)
ATTRIBUTE_BLOCKS = ["{.claim}", "{}", '{.evidence label="x"}', "{weight=0.5}"]


def protect_leading_rule(essay: str) -> str:
    """The documented rule: an essay whose text starts with '---' opens with an empty front matter."""
    return "---\n---\n" + essay if essay.startswith("---") else essay


# A document: a list of pieces, each prose or a span holding a smaller document.
documents = st.recursive(
    st.lists(prose.map(lambda t: ("prose", t)), max_size=3),
    lambda inner: st.lists(
        prose.map(lambda t: ("prose", t)) | st.tuples(st.just("span"), inner, st.sampled_from(ATTRIBUTE_BLOCKS)),
        max_size=4,
    ),
    max_leaves=12,
)


def render_document(pieces, plain: list[str], annotated: list[str], expected: list):
    """Append the plain text and annotated text of `pieces`; record each span as
    [plain start, plain end, annotated offsets of '[' and ']'] in document (pre-)order."""
    for piece in pieces:
        if piece[0] == "prose":
            plain.append(piece[1])
            annotated.append(annotated_text(piece[1]))
        else:
            _, inner, attrs = piece
            record = [sum(map(len, plain)), None, sum(map(len, annotated))]
            expected.append(record)
            annotated.append("[")
            render_document(inner, plain, annotated, expected)
            record.append(sum(map(len, annotated)))
            annotated.append("]" + attrs)
            record[1] = sum(map(len, plain))


def line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


@settings(max_examples=400, deadline=None)
@given(pieces=documents, front=st.sampled_from(["", "---\n---\n", "---\ntitle: x\n[implied]{#imp}\n---\n"]))
def test_annotate_then_strip_gives_the_text_back(pieces, front):
    plain, annotated, expected = [], [], []
    render_document(pieces, plain, annotated, expected)
    text, body = "".join(plain), "".join(annotated)
    source = front + body if front else protect_leading_rule(body)
    header = source[: len(source) - len(body)]
    doc = syntax.parse(source, "t.txt")
    assert doc.plain == text
    written = [s for s in doc.spans if not s.implicit]
    assert [(s.start, s.end) for s in written] == [(start, end) for start, end, _, _ in expected]
    for span, (start, end, opening, closing) in zip(written, expected):
        assert span.text == text[start:end]
        assert (span.line, span.col) == line_col(source, len(header) + opening + 1)
        assert (span.end_line, span.end_col) == line_col(source, len(header) + closing)


@settings(max_examples=300, deadline=None)
@given(st.text())
@example("---\n")
@example("[a]{#a +a}")
@example("[a]{_b>a}")
@example("---\n[x]{#x}}\n---\n")
def test_parser_raises_only_argmap_errors_on_any_text(text):
    try:
        syntax.parse(text, "t.txt")
    except ArgmapError:
        pass


grammar_text = st.lists(
    st.sampled_from(list("[]{}\\#.+-_=\"&> \n") + ["---\n", "word", "a", "b", ".claim", ".thesis", ".evidence", "label=", "weight=", "0.5"]),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(grammar_text)
def test_build_raises_only_argmap_errors_on_grammar_soup(text):
    try:
        build_text(text.encode("utf-8"), "t.txt")
    except ArgmapError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=60))
def test_build_raises_only_argmap_errors_on_any_bytes(data):
    try:
        build_text(data, "t.txt")
    except ArgmapError:
        pass


@settings(max_examples=400, deadline=None)
@given(prose)
def test_escape_then_strip_is_identity(text):
    assert syntax.strip(protect_leading_rule(annotated_text(text))) == text


# -- edge cases of the language ---------------------------------------------------


@pytest.mark.parametrize("prose", ["costs {.5 of it}", "a set {1, 2}", "f(x) {-1}"])
def test_braces_that_do_not_look_like_annotations_stay_text(prose):
    assert syntax.strip(prose) == prose


def test_a_block_that_looks_like_an_annotation_is_an_error_not_text():
    with pytest.raises(ArgmapError, match="follows no span"):
        syntax.parse("see {#note}")


def test_quoted_label_may_cross_a_line_break():
    (span,) = syntax.parse('[x]{.claim label="two\nlines"}').spans
    assert span.label == "two lines"


def test_empty_span_builds_with_a_warning():
    result = build_text(b"[]{#e .evidence +t} [T]{#t .thesis}", "e.txt")
    assert any("'e' has no text" in str(w) for w in result.warnings)


def test_binary_input_reports_line_and_column():
    with pytest.raises(ArgmapError) as caught:
        reading.decode("ab\ncdé\0".encode(), "b.txt")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.line, diagnostic.col) == (2, 4)


@settings(max_examples=300, deadline=None)
@given(grammar_text)
@example("[a]{#a\n+b -c&d _e>f}")
@example("[a]{#a +b@n -@n@m _b>a@k}")
def test_every_mention_points_at_its_id_in_the_source(text):
    try:
        doc = syntax.parse(text, "t.txt")
    except ArgmapError:
        return
    lines = text.split("\n")
    for span in doc.spans:
        for mention in span.mentions:
            line = lines[mention.line - 1]
            assert line[mention.col - 1 : mention.col - 1 + len(mention.id)] == mention.id
            assert line[mention.col - 2] == {"id": "#", "premise": "_", "inference": "@", "inference-target": "@"}.get(mention.role, line[mention.col - 2])
            assert syntax.is_id(mention.id)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("---\ntitle: x\n---\nessay", 17),
        ("---\r\n---\r\nessay", 10),
        ("---\n---", 7),
        ("essay\n---\n", 0),
        ("---\nunclosed\n", 0),
    ],
)
def test_front_matter_end_is_where_the_essay_starts(text, end):
    assert syntax.front_matter_end(text) == end
    if end and text.endswith("\n"):
        assert syntax.parse(text + " [x]{#x}", "t.txt").spans[0].line == text.count("\n") + 1
