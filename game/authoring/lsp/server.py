"""``boardroom lsp``: the language server on the wire (pygls). Everything it knows comes from the pure modules
beside this one; here are only the protocol's types, positions in the client's units, and the timing of
diagnostics (debounced, checked in a worker thread, never published once the text has moved on)."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as t
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .complete import Completer
from .describe import hover, key_help
from .diagnostics import diagnostics, suggestion
from .index import Occurrence, Span
from .navigate import RenameError, Symbol, outline, rename
from .project import Scope, Workspace, by_file

log = logging.getLogger("boardroom.lsp")
F = TypeVar("F", bound=Callable[..., Any])

SEVERITY = {"error": t.DiagnosticSeverity.Error, "warning": t.DiagnosticSeverity.Warning}
COMPLETION_KIND = {
    "key": t.CompletionItemKind.Property,
    "value": t.CompletionItemKind.Value,
    "function": t.CompletionItemKind.Function,
    "keyword": t.CompletionItemKind.Keyword,
    "meter": t.CompletionItemKind.Variable,
    "counter": t.CompletionItemKind.Variable,
    "flag": t.CompletionItemKind.Variable,
    "seat": t.CompletionItemKind.Class,
    "decision": t.CompletionItemKind.Method,
    "ending": t.CompletionItemKind.Event,
    "event": t.CompletionItemKind.Event,
    "option": t.CompletionItemKind.EnumMember,
    "fact": t.CompletionItemKind.Reference,
}
SYMBOL_KIND = {
    "seat": t.SymbolKind.Class,
    "day": t.SymbolKind.Namespace,
    "decision": t.SymbolKind.Method,
    "option": t.SymbolKind.EnumMember,
    "ending": t.SymbolKind.Event,
    "event": t.SymbolKind.Event,
    "meter": t.SymbolKind.Variable,
    "counter": t.SymbolKind.Variable,
    "flag": t.SymbolKind.Boolean,
    "fact": t.SymbolKind.String,
}


@dataclass
class _Pending:
    """One scenario's diagnostics: a change sets ``changed``; one worker per scenario does the checking."""

    scope: Scope
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    worker: asyncio.Task[None] | None = None
    published: set[Path] = field(default_factory=set)


class BoardroomServer(LanguageServer):
    def __init__(self, delay: float = 0.3, run_lint: bool = True) -> None:
        super().__init__("boardroom", "1")
        self.ws = Workspace()
        self.delay = delay
        self.run_lint = run_lint
        self.pending: dict[tuple[Path, ...], _Pending] = {}

    # --- positions ----------------------------------------------------------------

    def lines(self, path: Path) -> list[str]:
        return self.ws.file_index(path).lines

    def to_range(self, path: Path, span: Span) -> t.Range:
        codec, lines = self.workspace.position_codec, self.lines(path)
        return t.Range(
            codec.position_to_client_units(lines, t.Position(span.line, span.col)),
            codec.position_to_client_units(lines, t.Position(span.end_line, span.end_col)),
        )

    def location(self, occ: Occurrence) -> t.Location:
        return t.Location(from_fs_path(str(occ.file)) or "", self.to_range(occ.file, occ.span))

    def cursor(self, uri: str, position: t.Position) -> tuple[Path, int, int]:
        path = Path(to_fs_path(uri) or "").resolve()
        pos = self.workspace.position_codec.position_from_client_units(self.lines(path), position)
        return path, pos.line, pos.character

    def at(self, uri: str, position: t.Position) -> tuple[Occurrence | None, Any]:
        path, line, col = self.cursor(uri, position)
        scope = self.ws.scope(path)
        index = self.ws.index(scope)
        occ = index.at(path, line, col)
        if (
            occ is not None
            and occ.space == "fact"
            and any(d.file.is_relative_to(self.ws.project_seeds) for d in index.definitions("fact", occ.name))
        ):
            index = self.ws.index(scope, project=True)  # the project's facts are cited by every bundled scenario
        return occ, index

    # --- diagnostics ----------------------------------------------------------------

    def changed(self, uri: str) -> None:
        path = Path(to_fs_path(uri) or "").resolve()
        doc = self.workspace.get_text_document(uri)
        self.ws.open(path, doc.source)
        if not self.ws.is_scenario(path):
            return
        scope = self.ws.scope(path)
        key = (*scope.files, *scope.seeds)
        pending = self.pending.get(key)
        if pending is None:
            pending = self.pending[key] = _Pending(scope)
        pending.scope = scope
        pending.changed.set()
        if pending.worker is None or pending.worker.done():
            pending.worker = asyncio.get_running_loop().create_task(self.check_loop(pending))

    async def check_loop(self, pending: _Pending) -> None:
        """Check after the text has been still for ``delay``; drop results the text has moved past."""
        while pending.changed.is_set():
            pending.changed.clear()
            await asyncio.sleep(self.delay)
            if pending.changed.is_set():
                continue
            try:
                plan, problems = await asyncio.to_thread(self.ws.check, pending.scope)
                if pending.changed.is_set():
                    continue
                self.publish(pending, problems)
                if plan is not None and self.run_lint:
                    problems = problems + await asyncio.to_thread(self.ws.lint, plan)
                    if not pending.changed.is_set():
                        self.publish(pending, problems)
            except Exception:  # a bug must not stop the server; the author still has the other features
                log.exception("checking %s failed", pending.scope.root)

    def publish(self, pending: _Pending, problems: list[Any]) -> None:
        files = pending.scope.all_files()
        grouped = by_file(problems, [*files, *pending.published])
        pending.published = set()
        for path, found in grouped.items():
            if not path.is_file() and path not in files:
                continue
            index = self.ws.file_index(path)
            found_diagnostics = [
                t.Diagnostic(self.to_range(path, d.span), d.message, SEVERITY[d.severity], d.code, source="boardroom")
                for d in diagnostics(index, found)
            ]
            if found_diagnostics:
                pending.published.add(path)
            self.text_document_publish_diagnostics(
                t.PublishDiagnosticsParams(from_fs_path(str(path)) or "", found_diagnostics)
            )

    # --- answers --------------------------------------------------------------------

    def complete(self, params: t.CompletionParams) -> t.CompletionList:
        path, line, col = self.cursor(params.text_document.uri, params.position)
        if not self.ws.is_scenario(path):
            return t.CompletionList(is_incomplete=False, items=[])
        index = self.ws.index(self.ws.scope(path))
        file = self.ws.file_index(path)
        items, start = Completer(index, file.facts).complete(file.lines, line, col)
        replace = self.to_range(path, Span(line, start, line, col))
        return t.CompletionList(
            is_incomplete=False,
            items=[
                t.CompletionItem(
                    label=i.label,
                    kind=COMPLETION_KIND.get(i.kind, t.CompletionItemKind.Text),
                    detail=i.detail or None,
                    documentation=t.MarkupContent(t.MarkupKind.PlainText, i.documentation) if i.documentation else None,
                    text_edit=t.TextEdit(replace, i.insert if i.insert is not None else i.label),
                    filter_text=i.label,
                    sort_text=i.sort,
                )
                for i in items
            ],
        )

    def symbol(self, path: Path, sym: Symbol) -> t.DocumentSymbol:
        return t.DocumentSymbol(
            name=sym.name,
            kind=SYMBOL_KIND.get(sym.kind, t.SymbolKind.Key),
            range=self.to_range(path, sym.span),
            selection_range=self.to_range(path, sym.selection),
            detail=sym.detail or None,
            children=[self.symbol(path, c) for c in sym.children],
        )


def guarded(default: Any = None) -> Callable[[F], F]:
    """Answer ``default`` rather than fail: whatever a file holds, the server keeps answering."""

    def wrap(fn: F) -> F:
        def inner(ls: BoardroomServer, params: Any) -> Any:
            try:
                return fn(ls, params)
            except (RenameError, JsonRpcInvalidParams):
                raise
            except Exception:
                log.exception("%s failed", fn.__name__)
                return default

        inner.__name__ = fn.__name__
        return inner  # type: ignore[return-value]

    return wrap


def make_server(delay: float = 0.3, run_lint: bool = True) -> BoardroomServer:
    server = BoardroomServer(delay, run_lint)

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def did_open(ls: BoardroomServer, params: t.DidOpenTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def did_change(ls: BoardroomServer, params: t.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    @guarded()
    def did_save(ls: BoardroomServer, params: t.DidSaveTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def did_close(ls: BoardroomServer, params: t.DidCloseTextDocumentParams) -> None:
        ls.ws.close(Path(to_fs_path(params.text_document.uri) or "").resolve())

    @server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=[":", " ", "(", ".", ",", "["]))
    @guarded()
    def completion(ls: BoardroomServer, params: t.CompletionParams) -> t.CompletionList | None:
        return ls.complete(params)

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    @guarded()
    def definition(ls: BoardroomServer, params: t.DefinitionParams) -> list[t.Location] | None:
        occ, index = ls.at(params.text_document.uri, params.position)
        if occ is None:
            return None
        return [ls.location(d) for d in index.definitions(occ.space, occ.name)] or None

    @server.feature(t.TEXT_DOCUMENT_REFERENCES)
    @guarded()
    def references(ls: BoardroomServer, params: t.ReferenceParams) -> list[t.Location] | None:
        occ, index = ls.at(params.text_document.uri, params.position)
        if occ is None:
            return None
        found = index.references(occ.space, occ.name)
        if not params.context.include_declaration:
            found = [o for o in found if not o.definition]
        return [ls.location(o) for o in found]

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    @guarded()
    def on_hover(ls: BoardroomServer, params: t.HoverParams) -> t.Hover | None:
        occ, index = ls.at(params.text_document.uri, params.position)
        if occ is None:
            path, line, col = ls.cursor(params.text_document.uri, params.position)
            found = key_help(ls.ws.file_index(path), line, col)
            if found is None:
                return None
            return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, found[0]), ls.to_range(path, found[1]))
        return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, hover(index, occ)), ls.to_range(occ.file, occ.span))

    @server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded()
    def prepare_rename(ls: BoardroomServer, params: t.PrepareRenameParams) -> t.PrepareRenamePlaceholder | None:
        occ, index = ls.at(params.text_document.uri, params.position)
        if occ is None or not index.definitions(occ.space, occ.name):
            return None
        name = occ.name.split(".", 1)[1] if occ.space == "option" else occ.name
        return t.PrepareRenamePlaceholder(ls.to_range(occ.file, occ.span), name)

    @server.feature(t.TEXT_DOCUMENT_RENAME, t.RenameOptions(prepare_provider=True))
    @guarded()
    def on_rename(ls: BoardroomServer, params: t.RenameParams) -> t.WorkspaceEdit | None:
        occ, index = ls.at(params.text_document.uri, params.position)
        if occ is None:
            return None
        try:
            edits = rename(index, occ, params.new_name)
        except RenameError as exc:
            raise JsonRpcInvalidParams(str(exc)) from None
        return t.WorkspaceEdit(
            changes={
                from_fs_path(str(path)) or "": [t.TextEdit(ls.to_range(path, span), text) for span, text in found]
                for path, found in edits.items()
            }
        )

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION, t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix]))
    @guarded()
    def code_action(ls: BoardroomServer, params: t.CodeActionParams) -> list[t.CodeAction] | None:
        """A quick fix for every diagnostic that suggests a name: replace the range with it."""
        actions = []
        for diagnostic in params.context.diagnostics:
            name = suggestion(diagnostic.message) if diagnostic.source == "boardroom" else None
            if name is None:
                continue
            edit = t.TextEdit(diagnostic.range, name)
            actions.append(
                t.CodeAction(
                    title=f"Change to '{name}'",
                    kind=t.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=True,
                    edit=t.WorkspaceEdit(changes={params.text_document.uri: [edit]}),
                )
            )
        return actions

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded()
    def document_symbol(ls: BoardroomServer, params: t.DocumentSymbolParams) -> list[t.DocumentSymbol] | None:
        path = Path(to_fs_path(params.text_document.uri) or "").resolve()
        index = ls.ws.index(ls.ws.scope(path))
        file = ls.ws.file_index(path)
        return [ls.symbol(path, s) for s in outline(index, file)]

    return server


def serve(delay: float = 0.3, run_lint: bool = True) -> None:
    """Speak the protocol on standard input and output until the editor says exit."""
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="boardroom lsp: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(_not_a_refusal)
    make_server(delay, run_lint).start_io()


def _not_a_refusal(record: logging.LogRecord) -> bool:
    """pygls logs every error answer with its traceback; a refused rename is an answer, not a fault."""
    return not (record.exc_info and isinstance(record.exc_info[1], JsonRpcInvalidParams))
