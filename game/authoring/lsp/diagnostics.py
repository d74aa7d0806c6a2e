"""The loader's and lint's problems as editor diagnostics: each ``line:col`` widened to the exact range it names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...scenario import Problem
from .index import FileIndex, Span

# Inside a scalar (a condition, a time) a problem points at one token: a name, a number or an operator.
_TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*|<=|>=|==|!=|\S")


@dataclass(frozen=True)
class Diagnostic:
    span: Span
    severity: str  # "error" or "warning"
    message: str
    code: str


def scalar_starts(index: FileIndex) -> dict[tuple[int, int], tuple[Span, str]]:
    """Keys and scalar values by where they start (collections start where their first key does; that key is
    the better range)."""
    out: dict[tuple[int, int], tuple[Span, str]] = {}
    for table in (index.values, index.keys):
        for span, style in table.values():
            if style is not None:
                out[(span.line, span.col)] = (span, style)
    return out


def span_of(index: FileIndex, line: int, col: int, starts: dict[tuple[int, int], tuple[Span, str]]) -> Span:
    """The range a problem at 1-based ``line:col`` names: the key or one-line value that starts there, else the
    token there, else the rest of the line."""
    line, col = max(line - 1, 0), max(col - 1, 0)
    found = starts.get((line, col))
    if found is not None and found[0].end_line == line:
        span, style = found
        if style in ('"', "'") and span.end_col - span.col >= 2:
            return Span(line, col + 1, line, span.end_col - 1)
        return span
    lines = index.lines
    text = lines[line] if line < len(lines) else ""
    if col >= len(text):
        return Span(line, len(text.rstrip()) if text.strip() else 0, line, max(len(text), 1))
    m = _TOKEN.match(text, col)
    if m is None:  # whitespace: point at what follows
        stripped = text[col:].lstrip()
        start = len(text) - len(stripped)
        m = _TOKEN.match(text, start) if stripped else None
        if m is None:
            return Span(line, col, line, col + 1)
    return Span(line, m.start(), line, m.end())


def diagnostics(index: FileIndex, problems: list[Problem]) -> list[Diagnostic]:
    starts = scalar_starts(index)
    return [
        Diagnostic(span_of(index, p.line, p.col, starts), p.severity, p.message, p.code) for p in sorted(set(problems))
    ]


_SUGGESTION = re.compile(r"did you mean '([A-Za-z0-9_.\-]+)'\?")


def suggestion(message: str) -> str | None:
    """The replacement a problem suggests ("did you mean 'fire_vote'?"), for a quick fix."""
    m = _SUGGESTION.search(message)
    return m.group(1) if m else None
