"""Definitions, references, rename and the outline of a file, from the index."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .describe import short, text_of, when
from .index import FileIndex, Occurrence, ScenarioIndex, Span, valid_id


class RenameError(ValueError):
    """A rename the server refuses, with the reason for the author."""


def rename(index: ScenarioIndex, occ: Occurrence, new: str) -> dict[Path, list[tuple[Span, str]]]:
    """The edits that rename the id at ``occ`` everywhere it is defined or named."""
    space = occ.space
    old = occ.name.split(".", 1)[1] if space == "option" else occ.name
    if not valid_id(space, new):
        rule = "lower-case letters, digits and '-'" if space == "fact" else "a lower-case letter, then a-z, 0-9 or _"
        raise RenameError(f"'{new}' is not a valid id: use {rule}")
    if not index.definitions(space, occ.name):
        raise RenameError(f"'{old}' is not defined in this scenario, so it cannot be renamed")
    full = f"{occ.name.split('.', 1)[0]}.{new}" if space == "option" else new
    if new != old and index.definitions(space, full):
        raise RenameError(f"'{new}' is already an id here; choose another name")
    # chose(decision.option) names the decision and the option as two occurrences, so each rename edits its part.
    edits: dict[Path, list[tuple[Span, str]]] = {}
    for ref in index.references(space, occ.name):
        edits.setdefault(ref.file, []).append((ref.span, new))
    return edits


@dataclass
class Symbol:
    name: str
    kind: str  # seat, day, decision, option, ending, event, meter, counter, flag, fact
    detail: str
    span: Span  # the whole item
    selection: Span  # its id
    children: list[Symbol] = field(default_factory=list)


def _item_span(file: FileIndex, occ: Occurrence) -> Span:
    found = file.values.get(occ.path[:-1])
    return found[0] if found else occ.span


def outline(index: ScenarioIndex, file: FileIndex) -> list[Symbol]:
    """Seats, decisions grouped by day (with their options), events, endings, state; or a fact sheet's facts."""
    defs = [o for o in file.occurrences if o.definition]
    groups: dict[str, list[Symbol]] = {}
    days: dict[tuple[str, str], Symbol] = {}
    options: dict[str, list[Symbol]] = {}
    for occ in defs:
        item = index.item(occ)
        if occ.kind == "option":
            decision, option = occ.name.split(".", 1)
            sym = Symbol(option, "option", short(text_of(item.get("text"))), _item_span(file, occ), occ.span)
            options.setdefault(decision, []).append(sym)
            continue
        title = item.get("title") or item.get("name") or item.get("label") or item.get("text")
        sym = Symbol(occ.name, occ.kind, short(text_of(title)), _item_span(file, occ), occ.span)
        if occ.kind == "decision":
            at = when(item.get("at"))
            sym.detail = f"{at[-5:]} · {sym.detail}" if at else sym.detail
            raw = item.get("at")
            day = (raw[:10] if isinstance(raw, str) else "", at[:-6] if at else "undated")
            if day not in days:
                days[day] = Symbol(day[1], "day", "", sym.span, sym.selection)
            group = days[day]
            group.children.append(sym)
            first, last = min(group.span, sym.span), max(group.span, sym.span, key=_end)
            group.span = Span(first.line, first.col, last.end_line, last.end_col)
            continue
        groups.setdefault(occ.kind, []).append(sym)
    for group in days.values():
        for entry in group.children:
            entry.children = options.get(entry.name, [])
    order = ("seat", "meter", "counter", "flag")
    out = [sym for kind in order for sym in groups.get(kind, [])]
    out += [days[day] for day in sorted(days)]
    out += [sym for kind in ("event", "ending", "fact") for sym in groups.get(kind, [])]
    return out


def _end(span: Span) -> tuple[int, int]:
    return span.end_line, span.end_col
