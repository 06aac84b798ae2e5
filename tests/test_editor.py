"""argmap.editor: what the language server answers, without the protocol.

Positions are 1-based (line, column) in characters, counted by hand from the
texts below. The end-to-end tests of the server are in test_lsp.py.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from argmap.completion import completions
from argmap.editor import Analysis, Range

grammar_text = st.lists(
    st.sampled_from(list("[]{}\\#.+-_=\"&> \n") + ["---\n", "word", "a", "b", "é", "😀", ".claim", ".thesis", ".evidence", "label=", "weight=", "\udcff"]),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(grammar_text)
@example("[a]{#a .thesis}\n[b]{+a +zz}")
@example("---\n[x]{#x +y}\n---\n")
def test_any_text_gives_problems_inside_the_document_never_an_exception(text):
    analysis = Analysis(text, "t.txt")
    lines = text.split("\n")
    for problem in analysis.problems:
        where = problem.range
        assert 1 <= where.line <= where.end_line <= len(lines)
        assert (where.line, where.col) <= (where.end_line, where.end_col)
        assert where.end_col <= len(lines[where.end_line - 1]) + 1
        if problem.fix:
            fix_range, _ = problem.fix
            assert where.contains(fix_range.line, fix_range.col) and where.contains(fix_range.end_line, fix_range.end_col)
    for line_number, line in enumerate(lines, 1):
        for col in range(1, len(line) + 2):
            completions(text, line_number, col, analysis)
            found = analysis.at(line_number, col)
            if found is not None:
                analysis.hover(found.id)
                analysis.rename(found.id, "renamed")
    analysis.outline
    analysis.front_matter()


def test_did_you_mean_becomes_an_edit_of_the_misspelt_word_only():
    analysis = Analysis("[Tea]{#tea .thesis}\n[Milk]{.evidense +tea}\n[Sugar]{.evidence +tae}", "t.txt")
    (kind,) = analysis.problems
    # a syntax error stops the build: only '.evidense' is reported, and only 'evidense' is replaced
    assert kind.range == Range(2, 8, 2, 17)
    assert kind.fix == (Range(2, 9, 2, 17), "evidence")
    analysis = Analysis("[Tea]{#tea .thesis}\n[Sugar]{.evidence +tae}", "t.txt")
    (unknown,) = analysis.problems
    assert unknown.range == Range(2, 20, 2, 23)
    assert unknown.fix == (Range(2, 20, 2, 23), "tea")


def test_unclosed_bracket_is_underlined_on_the_bracket():
    (problem,) = Analysis("ok\nsee [this {.claim}", "t.txt").problems
    assert problem.diagnostic.message.startswith("unclosed '['")
    assert problem.range == Range(2, 5, 2, 6)


def test_conflicting_kinds_underline_the_whole_attribute_block():
    (problem,) = Analysis("[a]{#a .thesis}\n[b]{#a .claim}", "t.txt").problems
    assert "has kind 'claim' here but 'thesis'" in problem.diagnostic.message
    assert problem.range == Range(2, 4, 2, 15)


def test_renaming_an_unnamed_statement_names_its_span():
    text = "[Tea is good]{.thesis}\n[Warm]{.evidence +tea-is-good}"
    analysis = Analysis(text, "t.txt")
    assert not analysis.problems
    edits = analysis.rename("tea-is-good", "tea")
    assert edits == [(Range(1, 15, 1, 15), "#tea "), (Range(2, 19, 2, 30), "tea")]


def test_hover_on_a_map_with_errors_still_names_the_statement():
    analysis = Analysis("[Tea]{#tea .thesis label=\"Tea\"}\n[Warm]{.evidence +tae}", "t.txt")
    text = analysis.hover("tea")
    assert text.startswith("**Tea** · thesis · `tea`")
    assert "Not evaluated: the map has errors." in text


def test_positions_count_characters_even_after_astral_ones():
    analysis = Analysis("😀 [Tea]{#tea .thesis}", "t.txt")
    found = analysis.at(1, 10)  # the emoji is character 1, '#' character 9, 'tea' starts at 10
    assert (found.id, found.role, found.range) == ("tea", "id", Range(1, 10, 1, 13))


def test_completion_knows_where_it_is_in_a_block():
    known = Analysis("[Tea]{#tea .thesis}\n[Toast]{#toast +tea&breakfast}", "t.txt")
    assert completions("[x]{+t", 1, 7, known) == (Range(1, 6, 1, 7), [("tea", "thesis · Tea", "id"), ("toast", "claim · Toast", "id")])
    assert completions("[x]{_toast>te", 1, 14, known)[1] == [("tea", "thesis · Tea", "id")]
    assert completions("[x]{+tea&b", 1, 11, known)[1] == [("breakfast", "linked group", "group")]
    assert completions("[x]{#x.c", 1, 9, known)[1] == [("claim", "kind", "kind")]
    assert completions("[x]{.claim\n  we", 2, 5, known)[1] == [("weight", "attribute", "attribute")]
    assert completions("[x] +t", 1, 7, known) is None  # not in a block
    assert completions("[x]{+t}", 1, 8, known) is None  # after it


def test_the_server_converts_columns_to_the_clients_units():
    import pytest

    pytest.importorskip("pygls")
    from argmap.lsp import Positions

    analysis = Analysis("😀 [Tea]{#tea .thesis}", "t.txt")
    # nine characters before 'tea'; the emoji is two UTF-16 units and four UTF-8 bytes
    for encoding, character in (("utf-16", 10), ("utf-8", 12), ("utf-32", 9)):
        positions = Positions(analysis, encoding)
        assert positions.position(1, 10).character == character
        assert positions.from_client(positions.position(1, 10)) == (1, 10)


INFERENCES = """---
@cost-step: Argument from cost
---
[Solar is cheap]{#cheap .thesis}
[Storage makes it cheap]{#storage +cheap@cost-step}
[Batteries wear out]{#wear .rebuttal -@cost-step}
"""


def test_inference_names_are_found_renamed_and_explained_apart_from_ids():
    analysis = Analysis(INFERENCES, "t.txt")
    assert not [p for p in analysis.problems if p.diagnostic.severity == "error"]
    # line 6: '[Batteries wear out]{#wear .rebuttal -@cost-step}': 'cost-step' starts at column 40
    found = analysis.at(6, 41)
    assert (found.id, found.role, found.range) == ("@cost-step", "inference-target", Range(6, 40, 6, 49))
    assert analysis.definition("@cost-step").range == Range(5, 42, 5, 51)  # where '+cheap@cost-step' names it
    assert sorted(o.role for o in analysis.references("@cost-step")) == ["inference", "inference-target", "inference-title"]
    assert [text for _, text in analysis.rename("@cost-step", "@price-step")] == ["price-step"] * 3
    text = analysis.hover("@cost-step")
    assert text.startswith("**Argument from cost** · inference `@cost-step`")
    assert "Step: `storage` supports `cheap`" in text and "Attacked by: Batteries wear out (`wear`)" in text
    assert "cost-step" not in [id for id, _, _ in analysis.ids()]
    assert completions(INFERENCES + "[x]{-@co", 7, 9, analysis)[1] == [("cost-step", "inference", "inference")]


def test_unknown_inference_gets_its_did_you_mean_as_an_edit():
    analysis = Analysis(INFERENCES.replace("-@cost-step", "-@cost-stop"), "t.txt")
    (problem,) = [p for p in analysis.problems if p.diagnostic.severity == "error"]
    assert problem.diagnostic.message.startswith("unknown inference '@cost-stop' (did you mean 'cost-step'?)")
    assert problem.fix == (Range(6, 40, 6, 49), "cost-step")
