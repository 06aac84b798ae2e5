"""`argmap lsp`: the annotation language in any editor, through the Language Server Protocol.

A pygls server over stdio. Each version of a document is analysed once
(argmap.editor.Analysis, in a worker thread so that a large essay does not
stall the connection) and every request on that version is answered from it.
Diagnostics follow each change after a short pause in typing. This module
only translates between the protocol and argmap.editor: positions here are
0-based in the client's units, there 1-based in characters.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version as package_version

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from argmap.completion import completions
from argmap.editor import Analysis, Range
from argmap.errors import ArgmapError

DEBOUNCE_SECONDS = 0.3
MAX_COMPLETIONS = 200  # past this the list is marked incomplete: the editor asks again as the word grows
REQUEST_FAILED = -32803  # LSP's code for a valid request the server cannot carry out
TRIGGERS = ["+", "-", "_", ">", "&", ".", "#", "{", " "]
SYMBOL_KINDS = {
    "section": types.SymbolKind.Namespace,
    "front matter": types.SymbolKind.Package,
    "thesis": types.SymbolKind.Class,
    "claim": types.SymbolKind.Function,
    "evidence": types.SymbolKind.Constant,
    "rebuttal": types.SymbolKind.Event,
}
COMPLETION_KINDS = {
    "id": types.CompletionItemKind.Reference,
    "group": types.CompletionItemKind.Variable,
    "inference": types.CompletionItemKind.Event,
    "kind": types.CompletionItemKind.EnumMember,
    "attribute": types.CompletionItemKind.Property,
}


class _Json(list):
    """A result already in JSON's shape (lists, dicts, strings, numbers), sent as it is.

    pygls has cattrs walk every result; the outline of a 1 MB essay (8,600
    symbols) took it 180 ms, after 190 ms spent making the lsprotocol objects.
    """


class _Protocol(LanguageServerProtocol):
    """Answers a request whose parameters do not fit its method with an error, instead of silence;
    sends a `_Json` result without unstructuring it."""

    def _serialize_message(self, data):
        if getattr(data, "result", None).__class__ is _Json:
            return {"id": data.id, "result": data.result, "jsonrpc": data.jsonrpc}
        return super()._serialize_message(data)

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if isinstance(data, dict) and "method" in data and data.get("id") is not None:
                self._send_response(data["id"], None, error.to_response_error())
            raise


class _LenientStdin:
    """Standard input whose message bodies are decoded here, keeping bytes that are not
    UTF-8 as lone surrogates: a file sent in another encoding then gets the same
    "not UTF-8" diagnostic as `argmap check`, where pygls would drop the message.
    (pygls reads headers with readline() and each body with one read(n).)
    """

    def __init__(self, raw):
        self.raw = raw

    def readline(self) -> bytes:
        return self.raw.readline()

    def read(self, size: int) -> str:
        return self.raw.read(size).decode("utf-8", "surrogateescape")


class ArgmapServer(LanguageServer):
    def __init__(self):
        super().__init__("argmap", package_version("argmap"), protocol_cls=_Protocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argmap-analysis")
        self.analyses: dict[str, tuple[int | None, asyncio.Future]] = {}
        self.last_parsed: dict[str, Analysis] = {}  # the latest analysis that parsed, for completion
        self.pending: dict[str, asyncio.Task] = {}
        self.outlines: dict[str, tuple[Analysis, str | None, _Json]] = {}  # editors ask for it several times a version

    async def analysis(self, uri: str) -> Analysis:
        """The analysis of the document's current version, made once."""
        document = self.workspace.get_text_document(uri)
        cached = self.analyses.get(uri)
        if cached is None or cached[0] != document.version:
            path = to_fs_path(uri) or uri
            future = asyncio.get_running_loop().run_in_executor(self.worker, Analysis, document.source, path)
            cached = self.analyses[uri] = (document.version, future)
        analysis = await cached[1]
        if analysis.document is not None:
            self.last_parsed[uri] = analysis
        return analysis

    async def publish(self, uri: str) -> None:
        version = self.workspace.get_text_document(uri).version
        analysis = await self.analysis(uri)
        positions = Positions(analysis, self.workspace.position_encoding)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=[positions.diagnostic(problem) for problem in analysis.problems],
        ))

    async def publish_later(self, uri: str) -> None:
        await asyncio.sleep(DEBOUNCE_SECONDS)
        await self.publish(uri)

    def forget(self, uri: str) -> None:
        for table in (self.analyses, self.last_parsed, self.outlines):
            table.pop(uri, None)
        if uri in self.pending:
            self.pending.pop(uri).cancel()


class Positions:
    """Between argmap's 1-based character positions and the client's 0-based ones in its units."""

    def __init__(self, analysis: Analysis, encoding: str | None):
        self.lines = analysis.lines
        self.codec = {"utf-8": "utf-8", "utf-32": None}.get(encoding or "utf-16", "utf-16-le")
        self.width = {"utf-8": 1, "utf-16-le": 2}.get(self.codec, 4)

    def _units(self, text: str) -> int:
        if self.codec is None or text.isascii():
            return len(text)
        return len(text.encode(self.codec, "surrogatepass")) // self.width

    def point(self, line: int, col: int) -> tuple[int, int]:
        """(line, character) as the client counts them."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return line - 1, self._units(text[: col - 1])

    def position(self, line: int, col: int) -> types.Position:
        return types.Position(*self.point(line, col))

    def range(self, where: Range) -> types.Range:
        return types.Range(self.position(where.line, where.col), self.position(where.end_line, where.end_col))

    def range_json(self, where: Range) -> dict:
        """`range` as the JSON the protocol sends."""
        (line, character), (end_line, end_character) = self.point(where.line, where.col), self.point(where.end_line, where.end_col)
        return {"start": {"line": line, "character": character}, "end": {"line": end_line, "character": end_character}}

    def from_client(self, position: types.Position) -> tuple[int, int]:
        """A client position -> (line, column) in characters, both 1-based."""
        text = self.lines[position.line] if position.line < len(self.lines) else ""
        if self.codec is None or text.isascii():
            return position.line + 1, min(position.character, len(text)) + 1
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return position.line + 1, index + 1
            units += self._units(char)
        return position.line + 1, len(text) + 1

    def diagnostic(self, problem) -> types.Diagnostic:
        severity = types.DiagnosticSeverity.Warning if problem.diagnostic.severity == "warning" else types.DiagnosticSeverity.Error
        return types.Diagnostic(range=self.range(problem.range), message=problem.diagnostic.message, severity=severity, source="argmap")


server = ArgmapServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: ArgmapServer, params: types.DidOpenTextDocumentParams):
    ls.forget(params.text_document.uri)
    await ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: ArgmapServer, params: types.DidChangeTextDocumentParams):
    uri = params.text_document.uri
    if uri in ls.pending:
        ls.pending[uri].cancel()
    ls.pending[uri] = asyncio.get_running_loop().create_task(ls.publish_later(uri))


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: ArgmapServer, params: types.DidCloseTextDocumentParams):
    ls.forget(params.text_document.uri)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


async def _at(ls: ArgmapServer, params) -> tuple[Analysis, Positions, object]:
    """The analysis, its positions, and the statement occurrence under the request's position."""
    analysis = await ls.analysis(params.text_document.uri)
    positions = Positions(analysis, ls.workspace.position_encoding)
    return analysis, positions, analysis.at(*positions.from_client(params.position))


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: ArgmapServer, params: types.HoverParams):
    analysis, positions, found = await _at(ls, params)
    if found is None:
        return None
    text = await asyncio.get_running_loop().run_in_executor(ls.worker, analysis.hover, found.id)
    if text is None:
        return None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), positions.range(found.range))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
async def definition(ls: ArgmapServer, params: types.DefinitionParams):
    analysis, positions, found = await _at(ls, params)
    target = found and analysis.definition(found.id)
    return types.Location(params.text_document.uri, positions.range(target.range)) if target else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
async def references(ls: ArgmapServer, params: types.ReferenceParams):
    analysis, positions, found = await _at(ls, params)
    if found is None:
        return []
    return [types.Location(params.text_document.uri, positions.range(o.range))
            for o in analysis.references(found.id, params.context.include_declaration)]


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
async def prepare_rename(ls: ArgmapServer, params: types.PrepareRenameParams):
    analysis, positions, found = await _at(ls, params)
    return types.PrepareRenamePlaceholder(positions.range(found.range), found.id) if found else None


@server.feature(types.TEXT_DOCUMENT_RENAME)
async def rename(ls: ArgmapServer, params: types.RenameParams):
    analysis, positions, found = await _at(ls, params)
    if found is None:
        return None
    try:
        edits = analysis.rename(found.id, params.new_name)
    except ArgmapError as err:
        raise JsonRpcException(err.diagnostics[0].message, REQUEST_FAILED) from None
    return types.WorkspaceEdit(changes={params.text_document.uri: [types.TextEdit(positions.range(where), text) for where, text in edits]})


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGERS))
async def completion(ls: ArgmapServer, params: types.CompletionParams):
    uri = params.text_document.uri
    analysis = await ls.analysis(uri)
    positions = Positions(analysis, ls.workspace.position_encoding)
    line, col = positions.from_client(params.position)
    found = completions(analysis.text, line, col, analysis if analysis.document else ls.last_parsed.get(uri))
    if found is None:
        return None
    replace, items = found
    edit_range = positions.range(replace)
    return types.CompletionList(is_incomplete=len(items) > MAX_COMPLETIONS, items=[
        types.CompletionItem(word, kind=COMPLETION_KINDS[what], detail=detail, sort_text=f"{index:06d}",
                             text_edit=types.TextEdit(edit_range, word + "=" if what == "attribute" else word))
        for index, (word, detail, what) in enumerate(items[:MAX_COMPLETIONS])
    ])


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
async def code_action(ls: ArgmapServer, params: types.CodeActionParams):
    uri = params.text_document.uri
    analysis = await ls.analysis(uri)
    positions = Positions(analysis, ls.workspace.position_encoding)
    start = positions.from_client(params.range.start)
    end = positions.from_client(params.range.end)
    actions = []
    for problem in analysis.problems:
        where = problem.range
        if problem.fix is None or (where.end_line, where.end_col) < start or (where.line, where.col) > end:
            continue
        fix_range, text = problem.fix
        actions.append(types.CodeAction(
            f"Change to '{text}'", kind=types.CodeActionKind.QuickFix, is_preferred=True,
            diagnostics=[positions.diagnostic(problem)],
            edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(positions.range(fix_range), text)]}),
        ))
    return actions


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def document_symbol(ls: ArgmapServer, params: types.DocumentSymbolParams):
    """The outline as DocumentSymbol JSON, made once per version and position encoding."""
    uri = params.text_document.uri
    analysis, encoding = await ls.analysis(uri), ls.workspace.position_encoding
    cached = ls.outlines.get(uri)
    if cached is not None and cached[0] is analysis and cached[1] == encoding:
        return cached[2]
    positions = Positions(analysis, encoding)

    def convert(symbol) -> dict:
        where = positions.range_json(symbol.range)
        converted = {"name": symbol.name or "(untitled)", "kind": SYMBOL_KINDS[symbol.kind].value, "range": where, "selectionRange": where}
        if symbol.detail:
            converted["detail"] = symbol.detail
        converted["children"] = [convert(child) for child in symbol.children]
        return converted

    outline = await asyncio.get_running_loop().run_in_executor(ls.worker, lambda: analysis.outline)
    result = _Json(convert(symbol) for symbol in outline)
    ls.outlines[uri] = (analysis, encoding, result)
    return result


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
async def folding_range(ls: ArgmapServer, params: types.FoldingRangeParams):
    analysis = await ls.analysis(params.text_document.uri)
    front = analysis.front_matter()
    if front is None:
        return []
    return [types.FoldingRange(front[0] - 1, front[1] - 1, kind=types.FoldingRangeKind.Imports)]


def serve() -> None:
    """Serve one editor over stdin and stdout until it exits."""
    import sys

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    server.start_io(stdin=_LenientStdin(sys.stdin.buffer), stdout=sys.stdout.buffer)
