"""`argmap lsp` end to end: a real LSP client (pytest-lsp) drives the real server process.

Expected lines and columns are counted by hand from the texts below, or found in
the bundled essay by searching its text, never taken from the server.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# A worktree set up before pygls joined the test extra skips these until `pip install -e '.[test]'`;
# .ci/setup installs them, so CI runs them.
pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

ESSAY = Path(__file__).resolve().parents[1] / "essays" / "iran-russia.txt"
ESSAY_TEXT = ESSAY.read_text(encoding="utf-8")
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[sys.executable, "-m", "argmap", "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
    yield
    await lsp_client.shutdown_session()


_version = 0


async def open_text(client: LanguageClient, name: str, text: str) -> tuple[str, list[types.Diagnostic]]:
    """Open `text` as a new document; return its uri and the diagnostics published for it."""
    global _version
    _version += 1
    uri = f"file:///tmp/argmap-lsp-test/{name}-{_version}.txt"
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri=uri, language_id="argmap", version=1, text=text)))
    return uri, await wait_for_diagnostics(client, uri)


async def wait_for_diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The next diagnostics published for `uri` (taken, so that the next call waits for newer ones)."""
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics.pop(uri)


def essay_position(needle: str, offset: int = 0) -> types.Position:
    """Where `needle` (plus `offset` characters) is in the bundled essay, 0-based as LSP counts.

    The essay's text is ASCII up to the places searched, except where noted.
    """
    index = ESSAY_TEXT.index(needle) + offset
    line = ESSAY_TEXT.count("\n", 0, index)
    return types.Position(line, index - (ESSAY_TEXT.rfind("\n", 0, index) + 1))


MISSPELT = "# Intro\n[Tea is good]{#tea .thesis}\n[It is warm]{.evidence +tae}\n"


async def test_misspelt_id_is_underlined_and_its_quick_fix_clears_it(client: LanguageClient):
    uri, (diagnostic,) = await open_text(client, "misspelt", MISSPELT)
    assert diagnostic.message == "unknown statement 'tae' (did you mean 'tea'?)"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    # line 3 is `[It is warm]{.evidence +tae}`: 'tae' takes 0-based columns 24 to 27.
    assert diagnostic.range == types.Range(types.Position(2, 24), types.Position(2, 27))

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), diagnostic.range, types.CodeActionContext([diagnostic])))
    (action,) = actions
    assert action.kind == types.CodeActionKind.QuickFix
    (edit,) = action.edit.changes[uri]
    assert (edit.range, edit.new_text) == (diagnostic.range, "tea")

    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=3), [types.TextDocumentContentChangePartial(edit.range, edit.new_text)]))
    assert not await wait_for_diagnostics(client, uri)


async def test_syntax_errors_and_warnings_have_exact_ranges(client: LanguageClient):
    # `argmap check` stops at the syntax error, so it is the only diagnostic.
    uri, (diagnostic,) = await open_text(client, "kinds", "[Tea]{#tea .thesis}\n[Milk]{#milk .claime +tea}\n")
    assert diagnostic.message.startswith("unknown kind '.claime' (did you mean 'claim'?)")
    assert diagnostic.range == types.Range(types.Position(1, 13), types.Position(1, 20))

    uri, _ = await open_text(client, "warning", "[Tea]{#tea .thesis}\n[Milk is nice]{#milk +tea}\n")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=2), [types.TextDocumentContentChangePartial(
            types.Range(types.Position(1, 0), types.Position(1, 0)), "x")]))
    (warning,) = await wait_for_diagnostics(client, uri)
    assert warning.message == "claim 'milk' has no support"
    assert warning.severity == types.DiagnosticSeverity.Warning
    # 'xMilk is nice' now: the span's text starts after 'x[' at column 2 and ends before ']'.
    assert warning.range == types.Range(types.Position(1, 2), types.Position(1, 14))


async def test_completion_after_plus_offers_the_essays_ids_with_label_and_kind(client: LanguageClient):
    uri, _ = await open_text(client, "complete", ESSAY_TEXT)
    last = ESSAY_TEXT.count("\n")
    # typing a new span on the last line, which does not parse yet
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=2), [types.TextDocumentContentChangePartial(
            types.Range(types.Position(last, 0), types.Position(last, 0)), "[One more]{.evidence +russia-ne")]))
    result = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(uri), types.Position(last, len("[One more]{.evidence +russia-ne"))))
    items = {item.label: item for item in result.items}
    assert set(items) == {"russia-needs-iran"}  # the ids that start with what is typed
    assert items["russia-needs-iran"].detail == "claim · Russia needs Iran"
    # the edit replaces the 'russia-ne' being typed
    assert items["russia-needs-iran"].text_edit.range.start == types.Position(last, len("[One more]{.evidence +"))

    right_after_plus = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(uri), essay_position("+russia-needs-iran", 1)))
    assert {"russia-needs-iran", "thesis", "alliance-deepens", "need-binds"} <= {item.label for item in right_after_plus.items}

    kinds = await client.text_document_completion_async(types.CompletionParams(
        types.TextDocumentIdentifier(uri), essay_position("{#thesis .thesis", len("{#thesis ."))))
    assert [item.label for item in kinds.items] == ["thesis", "claim", "evidence", "rebuttal"]


async def test_hover_definition_references_and_rename_on_the_bundled_essay(client: LanguageClient):
    uri, _ = await open_text(client, "essay", ESSAY_TEXT)
    document = types.TextDocumentIdentifier(uri)
    on_reference = essay_position("+russia-needs-iran", 3)

    hover = await client.text_document_hover_async(types.HoverParams(document, on_reference))
    assert "**Russia needs Iran** · claim · `russia-needs-iran`" in hover.contents.value
    assert "Vladimir Putin needed Iran in ways he never had before" in hover.contents.value
    assert "Status **in**, strength 0.956" in hover.contents.value
    assert "Supported by: Russia invaded Ukraine (`ukraine-invasion`)" in hover.contents.value

    location = await client.text_document_definition_async(types.DefinitionParams(document, on_reference))
    span_start = essay_position("Vladimir Putin needed Iran")
    assert location.range.start == span_start
    assert location.range.end.line == span_start.line

    implicit = await client.text_document_definition_async(types.DefinitionParams(document, essay_position("#need-binds", 2)))
    assert implicit.range.start == essay_position("[States that need each other")

    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=document, position=on_reference, context=types.ReferenceContext(include_declaration=True)))
    mentions = ESSAY_TEXT.count("+russia-needs-iran") + ESSAY_TEXT.count("-russia-needs-iran") + ESSAY_TEXT.count("#russia-needs-iran") + ESSAY_TEXT.count(">russia-needs-iran")
    assert len(found) == mentions + ESSAY_TEXT.count("#russia-needs-iran")  # and each span that states it
    assert essay_position("+russia-needs-iran", 1) in [location.range.start for location in found]

    edit = await client.text_document_rename_async(types.RenameParams(document, on_reference, "putin-needs-iran"))
    changes = edit.changes[uri]
    assert len(changes) == mentions
    assert {change.new_text for change in changes} == {"putin-needs-iran"}
    assert all(change.range.end.character - change.range.start.character == len("russia-needs-iran") for change in changes)

    with pytest.raises(Exception, match="names another statement"):
        await client.text_document_rename_async(types.RenameParams(document, on_reference, "thesis"))


async def test_outline_and_folding_of_the_front_matter(client: LanguageClient):
    uri, _ = await open_text(client, "outline", "---\n[Implied]{#imp +a}\n---\n# One\n[A]{#a .thesis}\n## Two\n[B]{#b +a}\n")
    document = types.TextDocumentIdentifier(uri)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(document))
    assert [(s.name, s.kind) for s in symbols] == [("front matter", types.SymbolKind.Package), ("One", types.SymbolKind.Namespace)]
    assert [child.name for child in symbols[0].children] == ["Implied"]
    assert [child.name for child in symbols[1].children] == ["A", "Two"]
    assert [child.name for child in symbols[1].children[1].children] == ["B"]
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(document))
    assert [(f.start_line, f.end_line) for f in folds] == [(0, 2)]


async def test_the_outline_is_asked_again_and_follows_each_edit(client: LanguageClient):
    """Editors ask for the outline several times a version: each answer is that version's, ranges in UTF-16."""
    uri, _ = await open_text(client, "outline-edits", "# Ünï 😀\n[A 😀 b]{#a .thesis}\n")
    params = types.DocumentSymbolParams(types.TextDocumentIdentifier(uri))
    first, again = [await client.text_document_document_symbol_async(params) for _ in range(2)]
    assert first == again
    (section,) = first
    (thesis,) = section.children
    assert (thesis.name, thesis.kind, thesis.detail) == ("A 😀 b", types.SymbolKind.Class, "thesis #a")
    # The span's text is A 😀 b: from after '[' (0-based character 1) to before ']' (1 + 6 UTF-16 units: the emoji takes 2).
    assert thesis.range == thesis.selection_range == types.Range(types.Position(1, 1), types.Position(1, 7))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=2), [types.TextDocumentContentChangePartial(
            types.Range(types.Position(2, 0), types.Position(2, 0)), "[C]{#c +a}\n")]))
    await wait_for_diagnostics(client, uri)
    (section,) = await client.text_document_document_symbol_async(params)
    assert [(child.name, child.detail) for child in section.children] == [("A 😀 b", "thesis #a"), ("C", "claim #c")]


