"""An index of a scenario's ids: where each is defined and every place that names it, with exact ranges.

Each file is read with the same safe reader the loader uses (size, depth and alias limits, no tags); only a
file that reader accepts is composed again by PyYAML for the start and end of every node. A file that does
not parse contributes nothing, and the rest of the scenario is still indexed.

Ids live in namespaces that match the loader's uniqueness rules: ``state`` (meters, counters and flags),
``seat``, ``node`` (decisions and endings, which ``next`` shares), ``event``, ``option`` (named
``decision.option``) and ``fact``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ...scenario.expr import FUNCTIONS, KEYWORDS
from ...scenario.facts import FactSheet
from ...scenario.models import Scenario
from ...scenario.sources import model_at
from ...scenario.yamlsafe import read_yaml

try:  # the same parser the loader uses
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

DataPath = tuple[str | int, ...]

# The model whose 'id' defines an id, with the namespace and the kind shown to authors.
DEFINES = {
    "Meter": ("state", "meter"),
    "Counter": ("state", "counter"),
    "Flag": ("state", "flag"),
    "Seat": ("seat", "seat"),
    "Decision": ("node", "decision"),
    "Ending": ("node", "ending"),
    "Event": ("event", "event"),
    "Option": ("option", "option"),
    "Fact": ("fact", "fact"),
}
# Fields whose value (a string, or a list of strings) names an id in a namespace.
NAMES = {
    ("Option", "next"): "node",
    ("Result", "next"): "node",
    ("Decision", "actor"): "seat",
    ("Recusal", "seat"): "seat",
    ("Vote", "voters"): "seat",
    ("Decision", "visible_to"): "seat",
    ("Event", "visible_to"): "seat",
    ("PolicyRule", "seats"): "seat",
    ("Option", "historical"): "seat",
    ("Fact", "disputes"): "fact",
    ("TrustChange", "seat"): "seat",
    ("TrustChange", "of"): "seat",
}
# What a condition function's argument names (chose(decision.option) is handled apart).
CALLS = {"played": "seat", "decided": "node", "seen": "event", "chose": "node", "trust": "seat", "disposition": "seat"}
# disposition(seat, trait): the trait is a key of the seat's own disposition map, not an id of any namespace.
FIRST_ARGUMENT_ONLY = {"disposition"}
ID_PATTERN = {"fact": re.compile(r"^[a-z0-9][a-z0-9-]*$")}
ID_DEFAULT = re.compile(r"^[a-z][a-z0-9_]*$")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, order=True)
class Span:
    """A range in a file: 0-based lines, columns in characters (code points), end exclusive."""

    line: int
    col: int
    end_line: int
    end_col: int

    def contains(self, line: int, col: int) -> bool:
        return (self.line, self.col) <= (line, col) <= (self.end_line, self.end_col)


@dataclass(frozen=True)
class Occurrence:
    space: str
    name: str
    file: Path
    span: Span
    definition: bool
    kind: str  # for a definition: meter, seat, decision...; for a reference: the field or "condition"
    path: DataPath = ()  # where in the file's data: a definition's id, or the referring value or key


@dataclass
class FileIndex:
    path: Path
    text: str
    facts: bool  # a fact sheet rather than part of a scenario
    data: Any = None  # None when the file does not parse
    values: dict[DataPath, tuple[Span, str | None]] = field(default_factory=dict)  # span and scalar style
    keys: dict[DataPath, tuple[Span, str | None]] = field(default_factory=dict)
    occurrences: list[Occurrence] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line, offset - self._starts[line]

    def offset(self, line: int, col: int) -> int:
        if line >= len(self._starts):
            return len(self.text)
        return min(self._starts[line] + col, len(self.text))

    @functools.cached_property
    def lines(self) -> list[str]:
        """The text's lines, split once: completion and diagnostics ask for them again and again (read only)."""
        return self.text.split("\n")

    def at(self, line: int, col: int) -> Occurrence | None:
        for occ in self.occurrences:
            if occ.span.contains(line, col):
                return occ
        return None

    def item(self, path: DataPath) -> Any:
        value = self.data
        for element in path:
            try:
                value = value[element]
            except (KeyError, IndexError, TypeError):
                return None
        return value


def _span(node: yaml.Node) -> Span:
    s, e = node.start_mark, node.end_mark
    return Span(s.line, s.column, e.line, e.column)


def _inner(span: Span, style: str | None) -> Span:
    """The text of a one-line scalar without its quotes."""
    if style in ('"', "'") and span.line == span.end_line and span.end_col - span.col >= 2:
        return Span(span.line, span.col + 1, span.end_line, span.end_col - 1)
    return span


def _record(root: yaml.Node, index: FileIndex) -> None:
    """Spans of every key and value, by data path, walked without recursion; shared (aliased) nodes once."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, DataPath]] = [(root, ())]
    index.values[()] = (_span(root), getattr(root, "style", None))
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    continue
                here = (*path, key.value)
                index.keys[here] = (_span(key), key.style)
                index.values[here] = (_span(value), getattr(value, "style", None))
                stack.append((value, here))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                here = (*path, i)
                index.values[here] = (_span(value), getattr(value, "style", None))
                stack.append((value, here))


def is_fact_sheet(path: Path) -> bool:
    return path.parent.name == "seeds"


def index_file(path: Path, text: str) -> FileIndex:
    """Index one file's text. Never raises for anything a file may hold."""
    index = FileIndex(path, text, is_fact_sheet(path))
    doc = read_yaml(text.encode("utf-8", "surrogatepass"), str(path))
    if doc.problems or not isinstance(doc.data, dict):
        return index
    try:
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return index
    if root is None:
        return index
    index.data = doc.data
    _record(root, index)
    _Walker(index).walk(doc.data, (), FactSheet if index.facts else Scenario)
    index.occurrences.sort(key=lambda o: o.span)
    return index


class _Walker:
    def __init__(self, index: FileIndex):
        self.index = index

    def add(self, space: str, name: str, path: DataPath, definition: bool, kind: str, *, key: bool = False) -> None:
        table = self.index.keys if key else self.index.values
        found = table.get(path)
        if found is None or not name:
            return
        span, style = found
        self.index.occurrences.append(
            Occurrence(space, name, self.index.path, _inner(span, style), definition, kind, path)
        )

    def walk(self, data: Any, path: DataPath, root: type[BaseModel]) -> None:
        stack: list[tuple[Any, DataPath]] = [(data, path)]
        while stack:
            value, here = stack.pop()
            if isinstance(value, list):
                stack.extend((item, (*here, i)) for i, item in enumerate(value))
                continue
            if not isinstance(value, dict):
                continue
            model = model_at(root, here)
            if model is None:
                continue
            name = model.__name__
            for key, item in value.items():
                at = (*here, key)
                if key == "id" and name in DEFINES and isinstance(item, str):
                    space, kind = DEFINES[name]
                    if name == "Option":
                        owner = self.index.item(here[:-2])
                        if not isinstance(owner, dict) or not isinstance(owner.get("id"), str):
                            continue
                        item = f"{owner['id']}.{item}"
                    self.add(space, item, at, True, kind)
                elif (name, key) in NAMES:
                    self.names(NAMES[(name, key)], item, at, key)
                elif key == "sources":
                    self.names("fact", item, at, key)
                elif key == "effects" and isinstance(item, dict):
                    for state in item:
                        self.add("state", state, (*at, state), False, "effects", key=True)
                elif name == "Stance" and key == "toward" and isinstance(item, dict):
                    for observer, subjects in item.items():  # observer -> {subject: trust}
                        self.add("seat", observer, (*at, observer), False, "toward", key=True)
                        for subject in subjects if isinstance(subjects, dict) else ():
                            self.add("seat", subject, (*at, observer, subject), False, "toward", key=True)
                elif key == "when" and isinstance(item, str):
                    self.condition(item, at)
                if isinstance(item, (dict, list)):
                    stack.append((item, at))

    def names(self, space: str, value: Any, path: DataPath, kind: str) -> None:
        if isinstance(value, str) and kind != "visible_to":  # visible_to: all / actors are words, not seats
            self.add(space, value, path, False, kind)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    self.add(space, item, (*path, i), False, kind)

    def condition(self, source: str, path: DataPath) -> None:
        found = self.index.values.get(path)
        if found is None:
            return
        span = found[0]
        start = self.index.offset(span.line, span.col)
        raw = self.index.text[start : self.index.offset(span.end_line, span.end_col)]
        for space, name, offset, length in condition_names(source, raw):
            line, col = self.index.position(start + offset)
            self.index.occurrences.append(
                Occurrence(space, name, self.index.path, Span(line, col, line, col + length), False, "condition", path)
            )


def _locate(raw: str, words: list[str]) -> Iterator[int]:
    """Where each word appears in the raw source of the scalar, in order (folding and quotes move them)."""
    pos = 0
    for word in words:
        while True:
            found = raw.find(word, pos)
            if found < 0:
                return
            before = raw[found - 1] if found else " "
            after = raw[found + len(word)] if found + len(word) < len(raw) else " "
            pos = found + len(word)
            if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
                yield found
                break


def condition_names(source: str, raw: str | None = None) -> list[tuple[str, str, int, int]]:
    """(namespace, name, offset, length) of every id a condition names; offsets into ``raw`` if given."""
    tokens = list(_NAME.finditer(source))
    offsets = list(_locate(source if raw is None else raw, [t.group() for t in tokens]))
    out: list[tuple[str, str, int, int]] = []
    call: str | None = None
    i = 0
    while i < len(tokens) and i < len(offsets):
        token = tokens[i]
        word = token.group()
        rest = source[token.end() :].lstrip()
        if word in FUNCTIONS and rest.startswith("("):
            call = word
        elif word in KEYWORDS:
            pass
        elif call is not None:
            out.append((CALLS.get(call, "state"), word, offsets[i], len(word)))
            if call == "chose" and rest.startswith(".") and i + 1 < len(tokens) and i + 1 < len(offsets):
                option = tokens[i + 1].group()
                out.append(("option", f"{word}.{option}", offsets[i + 1], len(option)))
                i += 1
            if not rest.startswith(","):
                call = None
            elif call in FIRST_ARGUMENT_ONLY:
                call = None
                i += 1  # the trait
        else:
            out.append(("state", word, offsets[i], len(word)))
        i += 1
    return out


@dataclass
class ScenarioIndex:
    """Every file of one scenario and the fact sheets it can cite."""

    files: dict[Path, FileIndex] = field(default_factory=dict)

    def add(self, index: FileIndex) -> None:
        self.files[index.path] = index

    def occurrences(self) -> Iterator[Occurrence]:
        for index in self.files.values():
            yield from index.occurrences

    def definitions(self, space: str, name: str) -> list[Occurrence]:
        return [o for o in self.occurrences() if o.definition and o.space == space and o.name == name]

    def references(self, space: str, name: str) -> list[Occurrence]:
        """Every occurrence, the definition included."""
        return [o for o in self.occurrences() if o.space == space and o.name == name]

    def defined(self, space: str) -> dict[str, Occurrence]:
        """The first definition of each id in a namespace, in file order."""
        out: dict[str, Occurrence] = {}
        for o in self.occurrences():
            if o.definition and o.space == space:
                out.setdefault(o.name, o)
        return out

    def at(self, path: Path, line: int, col: int) -> Occurrence | None:
        index = self.files.get(path)
        return index.at(line, col) if index else None

    def item(self, occ: Occurrence) -> dict[str, Any]:
        """The mapping an id defines (a meter, a decision...)."""
        index = self.files.get(occ.file)
        found = index.item(occ.path[:-1]) if index else None
        return found if isinstance(found, dict) else {}

    def scenario_value(self, key: str) -> Any:
        for index in self.files.values():
            if not index.facts and isinstance(index.data, dict) and key in index.data:
                return index.data[key]
        return None


def valid_id(space: str, name: str) -> bool:
    return bool(ID_PATTERN.get(space, ID_DEFAULT).match(name)) and len(name) <= (96 if space == "fact" else 64)
