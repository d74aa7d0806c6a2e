"""A YAML reader for untrusted files.

It builds plain Python values straight from PyYAML's event stream, so it:

* never constructs objects from tags (only the safe core types exist);
* treats duplicate keys as errors instead of letting the later one win;
* bounds file size, nesting depth, alias count and the size of the tree that
  aliases expand to (so an alias bomb fails fast instead of eating memory);
* records the line and column of every key and value for error messages.

Scalars follow the YAML 1.2 core schema, as editors with a JSON Schema do.
Timestamps are left as strings on purpose: the scenario format parses its own
times, and PyYAML would turn ``2023-11-17 12:00:00`` into a naive datetime.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

try:  # libyaml is much faster; PyYAML's wheels ship it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 200
MAX_NODES = 500_000

Path = tuple[str | int, ...]

# YAML 1.2 core schema: only true/false are booleans, so `yes`, `no`, `on` and
# `off` stay strings (a vote option called `yes` must not become True).
_BOOL = {"true": True, "false": False}
_NULL = {"", "~", "null"}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")
_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}


@dataclass
class Document:
    """One file's data with the position of every key and value (1-based)."""

    file: str
    data: Any = None
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The best position for ``path``: its key or value, else its nearest ancestor."""
        table = self.keys if key else self.values
        p = tuple(path)
        while True:
            if p in table:
                return table[p]
            if p in self.values:
                return self.values[p]
            if not p:
                return (1, 1)
            p = p[:-1]


class _Abort(Exception):
    pass


def _scalar(value: str, tag: str | None, implicit: tuple[bool, bool]) -> Any:
    if tag not in (None, "!") and tag != "tag:yaml.org,2002:str":
        # Explicit core tags are honoured; anything else was rejected earlier.
        if tag == "tag:yaml.org,2002:int":
            return int(value.replace("_", ""))
        if tag == "tag:yaml.org,2002:float":
            return float(value.replace("_", ""))
        if tag == "tag:yaml.org,2002:bool":
            return _BOOL.get(value.lower(), bool(value))
        if tag == "tag:yaml.org,2002:null":
            return None
    if not implicit[0] or tag == "tag:yaml.org,2002:str":
        return value  # quoted or explicitly a string
    low = value.lower()
    if low in _NULL:
        return None
    if low in _BOOL:
        return _BOOL[low]
    if _INT.match(value):
        return int(value.replace("_", ""))
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value.replace("_", ""))
    if low in (".inf", "+.inf", "-.inf", ".nan"):
        return float(low.replace(".", ""))
    return value


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        msg = f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        return None, [Problem(file, line, col, msg, code="encoding")]


def read_yaml(raw: bytes, file: str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Parse one YAML document from untrusted bytes. Problems are collected, never raised."""
    doc = Document(file)
    if len(raw) > max_bytes:
        doc.problems.append(Problem(file, 1, 1, f"file is {len(raw):,} bytes; the limit is {max_bytes:,}", code="size"))
        return doc
    text, problems = _decode(raw, file)
    if text is None:
        doc.problems.extend(problems)
        return doc
    try:
        _build(text, doc)
    except _Abort:
        pass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        msg = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
        doc.problems.append(Problem(file, line, col, msg, code="syntax"))
    except RecursionError:
        doc.problems.append(Problem(file, 1, 1, "YAML nesting is too deep", code="depth"))
    return doc


def _build(text: str, doc: Document) -> None:
    """Turn the event stream into values without recursion."""
    file = doc.file
    # Each frame: [container, path, pending_key, key_mark, kind, anchor, start_nodes]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    nodes = 0
    aliases = 0
    documents = 0
    root: Any = None

    def fail(mark: Any, msg: str, code: str) -> None:
        doc.problems.append(Problem(file, mark.line + 1, mark.column + 1, msg, code=code))
        raise _Abort

    def place(value: Any, mark: Any, weight: int) -> None:
        nonlocal root
        if not stack:
            root = value
            doc.values[()] = (mark.line + 1, mark.column + 1)
            return
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if frame[4] == "seq":
            idx = len(container)
            container.append(value)
            doc.values[path + (idx,)] = (mark.line + 1, mark.column + 1)
            return
        if frame[2] is _NOKEY:
            if not isinstance(value, (str, int, float, bool)) and value is not None:
                fail(mark, "a mapping key must be a plain value", "key")
            key = value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
            if key in container:
                first = doc.keys.get(path + (key,), (0, 0))
                fail(
                    mark,
                    f"duplicate key '{key}' (first defined at line {first[0]}); the later one would silently win",
                    "duplicate-key",
                )
            frame[2] = key
            frame[3] = (mark.line + 1, mark.column + 1)
            return
        key = frame[2]
        container[key] = value
        doc.keys[path + (key,)] = frame[3]
        doc.values[path + (key,)] = (mark.line + 1, mark.column + 1)
        frame[2] = _NOKEY

    def child_path() -> Path:
        if not stack:
            return ()
        frame = stack[-1]
        if frame[4] == "seq":
            return frame[1] + (len(frame[0]),)
        if frame[2] is _NOKEY:
            return frame[1] + ("<key>",)
        return frame[1] + (frame[2],)

    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                fail(
                    event.start_mark, "only one YAML document per file is allowed (remove the extra '---')", "multi-doc"
                )
            continue
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _SAFE_TAGS:
            fail(event.start_mark, f"YAML tag '{tag}' is not allowed; scenario files hold plain data only", "tag")
        if isinstance(event, yaml.ScalarEvent):
            nodes += 1
            try:
                value = _scalar(event.value, tag, event.implicit)
            except ValueError:
                fail(event.start_mark, f"'{event.value}' does not match its tag {tag}", "type")
            if event.anchor:
                anchors[event.anchor] = (value, 1)
            place(value, event.start_mark, 1)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                fail(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels", "depth")
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            container: Any = {} if kind == "map" else []
            path = child_path()
            stack.append([container, path, _NOKEY, None, kind, event.anchor, nodes, event.start_mark])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            container, _, _, _, _, anchor, start_nodes, mark = frame
            nodes += 1
            if anchor:
                anchors[anchor] = (container, nodes - start_nodes)
            place(container, mark, 1)
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                fail(
                    event.start_mark, f"more than {MAX_ALIASES} aliases; the limit guards against alias bombs", "alias"
                )
            if event.anchor not in anchors:
                fail(event.start_mark, f"unknown alias '*{event.anchor}'", "alias")
            value, weight = anchors[event.anchor]
            # Count what the alias expands to, so nested aliases cannot multiply unseen.
            nodes += weight
            if nodes > MAX_NODES:
                fail(event.start_mark, f"aliases expand to more than {MAX_NODES:,} values (an alias bomb?)", "alias")
            place(value, event.start_mark, weight)
        if nodes > MAX_NODES:
            fail(event.start_mark, f"more than {MAX_NODES:,} values in one file", "size")
    doc.data = root


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NOKEY = _NoKey()
