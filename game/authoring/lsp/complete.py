"""Completion: what may be typed at the cursor, read from the text around it (which is often not valid YAML
while it is being typed) and from the pydantic models that define the format.

The place is found by indentation, as a reader of YAML would: the keys above the cursor with less indentation
are its parents, and a ``- `` opens a list item. Flow collections on the cursor's line (``{id: a, next: b}``,
``[x, y]``) are followed too.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ...scenario.expr import FUNCTIONS, KEYWORDS
from ...scenario.facts import FactSheet
from ...scenario.models import Scenario
from ...scenario.sources import model_at
from .describe import detail, text_of
from .index import NAMES, ScenarioIndex

_LINE = re.compile(r"^(\s*)((?:-\s+)*)")
_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s|$)")
_BLOCK = re.compile(r"^[|>][-+0-9]*\s*(#.*)?$")
_WORD = re.compile(r"[A-Za-z0-9_\-]*$")
_CALL = re.compile(r"([A-Za-z_]+)\(\s*(?:[A-Za-z0-9_]+\s*,\s*)*([A-Za-z0-9_]*)(?:\.([A-Za-z0-9_]*))?$")
_TYPES = {str: "text", int: "number", bool: "true or false", float: "number"}


@dataclass(frozen=True)
class Item:
    label: str
    kind: str  # key, value, function, keyword, or an id's kind (meter, seat, decision...)
    detail: str = ""
    documentation: str = ""
    insert: str | None = None  # what to insert instead of the label
    sort: str | None = None  # the order editors show it in, where the label's order is not the useful one


@dataclass
class Place:
    """Where the cursor is in the document's structure."""

    path: list[str | int] = field(default_factory=list)  # the mapping (or list) the cursor is in
    key: str | None = None  # in a value: its key
    typed: str = ""  # the value's text before the cursor
    siblings: set[str] = field(default_factory=set)  # keys already in this mapping


def _parse_line(text: str) -> tuple[list[int], int, str | None, str]:
    """Dash columns, the column where content starts, the key (if the line is ``key: ...``) and its value."""
    m = _LINE.match(text)
    assert m is not None
    dashes = [m.start(2) + i for i, c in enumerate(m.group(2)) if c == "-"]
    start = m.end()
    rest = text[start:]
    k = _KEY.match(rest)
    if k:
        return dashes, start, k.group(1), rest[k.end() :].strip()
    return dashes, start, None, rest


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _flow(rest: str) -> tuple[list[str | int], str | None, str, bool, bool]:
    """Follow flow collections in the text before the cursor: the keys (or 0 for list items) that lead into
    them, the key whose value is being typed (None for a key), the text so far, whether any collection is open,
    and whether the innermost one is a list."""
    frames: list[dict[str, Any]] = [{"kind": "block", "key": None, "start": 0, "via": None}]
    quote = ""
    for i, c in enumerate(rest):
        if quote:
            if c == quote:
                quote = ""
            continue
        top = frames[-1]
        if c in "\"'" and not rest[top["start"] : i].strip():
            quote = c
        elif c in "{[":
            frames.append({"kind": c, "key": None, "start": i + 1, "via": top["key"] if top["kind"] != "[" else 0})
        elif c in "}]" and len(frames) > 1:
            frames.pop()
            frames[-1]["start"] = i + 1
        elif c == "," and top["kind"] != "block":
            top["key"] = None
            top["start"] = i + 1
        elif c == ":" and (i + 1 == len(rest) or rest[i + 1] == " ") and top["kind"] != "[":
            top["key"] = rest[top["start"] : i].strip()
            top["start"] = i + 1
    top = frames[-1]
    vias: list[str | int] = [f["via"] for f in frames[2:]]
    return vias, top["key"], rest[top["start"] :].lstrip(), len(frames) > 1, top["kind"] == "["


def place_at(lines: list[str], line: int, col: int) -> Place | None:
    """The structure around the cursor, or None inside a comment."""
    if line >= len(lines):
        return Place()
    before = lines[line][:col]
    if re.search(r"(^|\s)#", before):
        return None
    dashes, start, key, value = _parse_line(before)
    place = Place()
    suffix: list[str | int] = [0] * len(dashes)
    threshold = dashes[0] if dashes else start
    from_dash = bool(dashes)
    rest = before[start:].split(":", 1)[1] if key is not None else before[start:]
    vias, inner_key, typed, opened, in_list = _flow(rest)
    # A collection opened after `key:` belongs to that key; one opened after `- ` is the list item itself.
    inner: list[str | int] = []
    if opened:
        inner = [*([key] if key is not None else []), *vias]
    if not opened:
        place.key, place.typed = key, (value if key is not None else rest)
    elif in_list:
        last = inner.pop() if inner and isinstance(inner[-1], str) else None
        place.key, place.typed = (last if isinstance(last, str) else None), typed
    else:
        place.key, place.typed = inner_key, typed
    suffix += inner
    parents: list[str | int] = []
    for above in range(line - 1, -1, -1):
        text = lines[above]
        if not _meaningful(text):
            continue
        a_dashes, a_start, a_key, a_value = _parse_line(text)
        if a_key is not None and (a_start < threshold or (from_dash and a_start == threshold and not a_dashes)):
            if not parents and _BLOCK.match(a_value) and key is None and not dashes:
                # Inside a block scalar (a `when: >-` condition): the value of that key.
                place.key = a_key
                place.typed = " ".join(t.strip() for t in lines[above + 1 : line]) + " " + before.strip()
                threshold = a_start
                from_dash = False
                continue
            parents.insert(0, a_key)
            threshold, from_dash = a_start, False
        elif a_key is not None and a_start == threshold and not parents:
            place.siblings.add(a_key)
        for d in reversed(a_dashes):
            if d < threshold:
                parents.insert(0, 0)
                threshold, from_dash = d, True
        if threshold == 0 and not from_dash:
            break
    place.path = parents + suffix
    if opened:
        place.siblings = set()  # the keys above belong to the block mapping, not to this flow mapping
    elif key is None and place.key is None:
        # Same line, right of the dashes: keys of this item already typed in flow style are siblings too.
        place.siblings |= set(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*:", before[start:]))
    return place


def _literals(annotation: Any) -> list[str]:
    """The fixed values a field allows (``Literal[...]`` parts, and true/false)."""
    out: list[str] = []
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return [str(a) for a in typing.get_args(annotation)]
    if annotation is bool:
        return ["true", "false"]
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            out += [x for x in _literals(arg) if x not in out]
    return out


def _describe_type(annotation: Any) -> str:
    if annotation in _TYPES:
        return _TYPES[annotation]
    origin = typing.get_origin(annotation)
    if origin is list:
        return "list"
    if origin is dict:
        return "mapping"
    if origin is Literal:
        return " | ".join(str(a) for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping"
    return "value"


class Completer:
    def __init__(self, index: ScenarioIndex, facts: bool):
        self.index = index
        self.root: type[BaseModel] = FactSheet if facts else Scenario

    def complete(self, lines: list[str], line: int, col: int) -> tuple[list[Item], int]:
        """Items, and the column where the word they replace starts."""
        place = place_at(lines, line, col)
        before = lines[line][:col] if line < len(lines) else ""
        start = col - len(_WORD.search(before).group())  # type: ignore[union-attr]
        if place is None:
            return [], start
        path = tuple(place.path)
        model = model_at(self.root, path)
        if place.key is None:
            if path and path[-1] == "effects":
                return self.ids("state"), start
            if "toward" in path[-2:]:  # stance.toward: observer -> {subject: trust}, both seats
                return self.ids("seat"), start
            if model is not None and not self._scalar_list(path):
                return self.keys(model, place.siblings), start
            if path and isinstance(path[-1], int) and self._scalar_list(path):
                return self.value(model_at(self.root, path[:-2]), str(path[-2]), place.typed), start
            return [], start
        return self.value(model, place.key, place.typed), start

    def _scalar_list(self, path: tuple[str | int, ...]) -> bool:
        """A list item that is a plain value (``sources: - fact-id``) rather than a mapping."""
        if len(path) < 2 or not isinstance(path[-1], int) or not isinstance(path[-2], str):
            return False
        parent = model_at(self.root, path[:-2])
        fld = parent.model_fields.get(path[-2]) if parent else None
        return fld is not None and model_at(self.root, path) is None

    def keys(self, model: type[BaseModel], present: set[str]) -> list[Item]:
        items = []
        for name, fld in model.model_fields.items():
            if name in present:
                continue
            required = fld.is_required()
            items.append(
                Item(
                    name,
                    "key",
                    ("required, " if required else "") + _describe_type(fld.annotation),
                    fld.description or "",
                    f"{name}: ",
                )
            )
        return items

    def ids(self, space: str, kinds: tuple[str, ...] = (), prefix: str = "") -> list[Item]:
        out = []
        cited = self.cited_sheets() if space == "fact" else set()
        for name, occ in self.index.defined(space).items():
            if (kinds and occ.kind not in kinds) or not name.startswith(prefix):
                continue
            label = name.split(".", 1)[1] if space == "option" else name
            doc, sort = "", None
            if occ.kind == "fact":
                item = self.index.item(occ)
                doc = "\n\n".join(x for x in (text_of(item.get("text"), "en"), text_of(item.get("text"), "zh")) if x)
                # the sheets this scenario already cites first: the project's seeds/ hold every scenario's facts
                sort = f"{0 if occ.file in cited else 1}{name}"
            out.append(Item(label, occ.kind, detail(self.index, occ), doc, sort=sort))
        return out

    def cited_sheets(self) -> set[Path]:
        """The fact sheets that define a fact this scenario's own files cite."""
        files = self.index.files
        cited = {
            o.name
            for o in self.index.occurrences()
            if o.space == "fact" and not o.definition and not files[o.file].facts  # not a sheet's `disputes`
        }
        return {o.file for o in self.index.occurrences() if o.space == "fact" and o.definition and o.name in cited}

    def value(self, model: type[BaseModel] | None, key: str, typed: str) -> list[Item]:
        name = model.__name__ if model else ""
        fld = model.model_fields.get(key) if model else None
        # Fixed words a field allows besides ids: `visible_to: all`, `historical: true`, `trigger: early`.
        fixed = [Item(v, "value", _describe_type(fld.annotation)) for v in _literals(fld.annotation)] if fld else []
        if (name, key) in NAMES:
            return self.ids(NAMES[(name, key)]) + fixed
        if key in ("sources", "disputes"):
            return self.ids("fact")
        if key == "effects":
            return self.ids("state")
        if key == "when":
            return self.condition(typed)
        return fixed

    def condition(self, typed: str) -> list[Item]:
        text = typed.strip().strip("\"'")
        call = _CALL.search(text)
        if call and call.group(1) in FUNCTIONS:
            func, first, option = call.group(1), call.group(2), call.group(3)
            if func == "chose" and option is not None:
                return self.ids("option", prefix=f"{first}.")
            space = {"played": "seat", "trust": "seat", "seen": "event"}.get(func, "node")
            return self.ids(space, ("decision",) if space == "node" else ())
        words = [Item(k, "keyword") for k in sorted(KEYWORDS)]
        calls = [Item(f, "function", f"{f}({what})", insert=f"{f}(") for f, what in FUNCTIONS.items()]
        return self.ids("state") + calls + words
