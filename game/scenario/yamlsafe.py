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

from ..sanitize import clean
from .problems import Problem

try:  # libyaml is much faster; PyYAML's wheels ship it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # the pure-Python twin of CSafeLoader

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 200
MAX_NODES = 500_000
MAX_INT_DIGITS = 15

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
    raw: bytes = field(default=b"", repr=False)  # the file as read, for the scenario's content hash
    # A string value's quoting style ('', "'", '"', '|', '>') and where its text starts in the file.
    scalars: dict[Path, tuple[str, int]] = field(default_factory=dict, repr=False)
    _text: str | None = field(default=None, repr=False)
    _tracked: bool = False

    def _track(self) -> None:
        if not self._tracked and self._text is not None:
            # Positions are found on first use: most loads never need one.
            self._tracked = True
            data = self.data
            try:
                _build(self._text, self, track=True)
            except (_Abort, yaml.YAMLError, ValueError):
                pass
            self.data = data

    def where_in(self, path: Path, offset: int) -> tuple[int, int]:
        """The file position of character ``offset`` of the string at ``path``.

        Quotes, block headers (``>-``, ``|``), indentation and folded line breaks lie between a string's
        characters in the file; they are walked over, so an error inside a condition points at the
        character itself, on its own line.
        """
        self._track()
        found = self.scalars.get(tuple(path))
        value = _value_at(self.data, tuple(path))
        if found is None or self._text is None or not isinstance(value, str):
            line, col = self.where(path)
            return line, col + offset
        style, start = found
        return _position(self._text, _source_index(self._text, style, start, value, offset))

    def where(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The best position for ``path``: its key or value, else its nearest ancestor."""
        self._track()
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


def _value_at(data: Any, path: Path) -> Any:
    for element in path:
        try:
            data = data[element]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


_ESCAPE_WIDTH = {"x": 2, "u": 4, "U": 8}


def _source_index(text: str, style: str, start: int, value: str, offset: int) -> int:
    """Where character ``offset`` of a string scalar starting at ``start`` (in ``style``) lies in ``text``.

    Whitespace is what YAML folds and strips, so only the other characters are counted: the n-th of them
    in the value is the n-th in the source, once quotes and escapes are read as the one character they are.
    """
    while offset < len(value) and value[offset].isspace():
        offset += 1
    at_end = offset >= len(value)
    wanted = sum(1 for c in value[:offset] if not c.isspace())
    i = start
    if style in ("'", '"'):
        i += 1
    elif style in ("|", ">"):
        newline = text.find("\n", start)
        i = len(text) if newline < 0 else newline + 1
    seen = 0
    last = i  # just after the last character counted, for an offset at the end
    while i < len(text):
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if style == "'" and c == "'":
            if text.startswith("''", i):
                width = 2
            else:
                break  # the closing quote
        elif style == '"' and c == '"':
            break
        elif style == '"' and c == "\\":
            width = 2 + _ESCAPE_WIDTH.get(text[i + 1 : i + 2], 0)
        else:
            width = 1
        if seen == wanted and not at_end:
            return i
        seen += 1
        i += width
        last = i
        if at_end and seen == wanted:
            return last
    return last


def _scalar(value: str, tag: str | None, implicit: tuple[bool, bool]) -> Any:
    if tag not in (None, "!") and tag != "tag:yaml.org,2002:str":
        # Explicit core tags are honoured; anything else was rejected earlier.
        if tag == "tag:yaml.org,2002:int":
            return _int(value)
        if tag == "tag:yaml.org,2002:float":
            return float(value.replace("_", ""))
        if tag == "tag:yaml.org,2002:bool":
            return _BOOL.get(value.lower(), bool(value))
        if tag == "tag:yaml.org,2002:null":
            return None
    if not implicit[0] or tag == "tag:yaml.org,2002:str":
        return clean(value)  # quoted or explicitly a string
    low = value.lower()
    if low in _NULL:
        return None
    if low in _BOOL:
        return _BOOL[low]
    if _INT.match(value):
        return _int(value)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value.replace("_", ""))
    if low in (".inf", "+.inf", "-.inf", ".nan"):
        return float(low.replace(".", ""))
    return clean(value)


def _int(text: str) -> int:
    digits = text.replace("_", "").lstrip("+-")
    if len(digits) > MAX_INT_DIGITS:
        # Python refuses to parse more than 4,300 digits, and no meter needs more than a handful.
        raise ValueError(f"the number {text[:12]}... has {len(digits):,} digits; the limit is {MAX_INT_DIGITS}")
    return int(text.replace("_", ""))


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
    doc = Document(file, raw=raw)
    if len(raw) > max_bytes:
        doc.problems.append(Problem(file, 1, 1, f"file is {len(raw):,} bytes; the limit is {max_bytes:,}", code="size"))
        return doc
    text, problems = _decode(raw, file)
    if text is None:
        doc.problems.extend(problems)
        return doc
    bad = _not_yaml_text(text, file)
    if bad:
        doc.problems.extend(bad)
        return doc
    doc._text = text
    try:
        _build(text, doc, track=False)
    except _Abort:
        # Parse again, tracking positions, so the report is as precise as it can be.
        doc.problems.clear()
        doc.values.clear()
        doc.keys.clear()
        doc._tracked = True
        try:
            _build(text, doc, track=True)
        except _Abort:
            pass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        opened = getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        if context and "quoted scalar" in context and opened is not None:
            # libyaml notices a missing closing quote only at the end of the file; the mistake is the quote.
            line, col = opened.line + 1, opened.column + 1
            msg = "this quoted string is never closed (add the closing quote)"
            doc.problems.append(Problem(file, line, col, msg, code="syntax"))
            return doc
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if opened is not None and mark is not None and opened.line != mark.line:
            context = f"{context}, which starts at line {opened.line + 1}, column {opened.column + 1}"
        if "nesting depth" in str(problem):
            # libyaml 0.2.6 (PyYAML 6.0.4's wheels) stops deep flow nesting in its scanner, which reads
            # ahead of the events our own depth check sees; it is the same refusal, so say it the same way.
            doc.problems.append(Problem(file, line, col, f"nesting is deeper than {MAX_DEPTH} levels", code="depth"))
            return doc
        msg = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
        doc.problems.append(Problem(file, line, col, msg, code="syntax"))
    except RecursionError:
        doc.problems.append(Problem(file, 1, 1, "YAML nesting is too deep", code="depth"))
    return doc


# YAML 1.2 allows tab, line breaks and printable characters in a file (escapes may write the others).
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAMES = {0: "NUL", 0x1B: "ESC", 0x7F: "DEL", 0x07: "BEL", 0x08: "backspace", 0x0C: "form feed"}


def _not_yaml_text(text: str, file: str, limit: int = 20) -> list[Problem]:
    """Every raw character YAML forbids (NUL, ESC...), at its line and column: libyaml names only the
    first, and by its character position."""
    problems: list[Problem] = []
    for match in _NOT_YAML.finditer(text):
        if len(problems) == limit:
            problems.append(Problem(file, *_position(text, match.start()), "more such characters follow"))
            break
        code = ord(match.group())
        name = _NAMES.get(code, "a control character")
        problems.append(
            Problem(
                file,
                *_position(text, match.start()),
                f"raw character U+{code:04X} ({name}) is not allowed in a YAML file; remove it",
                code="character",
            )
        )
    return problems


def _build(text: str, doc: Document, track: bool) -> None:
    """Turn the event stream into values without recursion.

    With ``track`` it also records where every key and value starts; that costs
    about as much as parsing, so it is done only when a position is needed.
    """
    file = doc.file
    values, keys = doc.values, doc.keys
    # A frame: [container, path, pending key, key position, is_map, anchor, nodes at start, start mark]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    nodes = 0
    aliases = 0
    documents = 0
    root: Any = None
    scalar_cache: dict[str, Any] = {}
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

    def fail(mark: Any, msg: str, code: str) -> None:
        doc.problems.append(Problem(file, mark.line + 1, mark.column + 1, msg, code=code))
        raise _Abort

    # Dispatched on ``type(event) is`` (the fastest test, and this loop sees every node), which mypy cannot
    # narrow; the marks are read the same way.
    event: Any
    weight_mark: Any = None
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is scalar_event:
            tag = event.tag
            nodes += 1
            if tag is None and event.implicit[0]:
                raw = event.value
                value = scalar_cache.get(raw, _NOKEY)
                if value is _NOKEY:
                    try:
                        value = scalar_cache[raw] = _scalar(raw, None, event.implicit)
                    except ValueError as exc:
                        fail(event.start_mark, str(exc), "number")
            elif tag is None or tag == "!" or tag == "tag:yaml.org,2002:str":
                value = clean(event.value)
            elif tag in _SAFE_TAGS:
                try:
                    value = _scalar(event.value, tag, event.implicit)
                except ValueError:
                    fail(event.start_mark, f"'{event.value}' does not match its tag {tag}", "type")
            else:
                fail(event.start_mark, f"YAML tag '{tag}' is not allowed; scenario files hold plain data only", "tag")
            if event.anchor:
                anchors[event.anchor] = (value, 1)
            weight_mark = event.start_mark
            if track and isinstance(value, str) and stack:
                top = stack[-1]
                if not top[4]:
                    here: Path = (*top[1], len(top[0]))
                elif top[2] is not _NOKEY:
                    here = (*top[1], top[2])
                else:
                    here = ()
                if here:
                    doc.scalars[here] = (event.style or "", event.start_mark.index)
        elif kind in starts:
            tag = event.tag
            if tag is not None and tag not in _SAFE_TAGS:
                fail(event.start_mark, f"YAML tag '{tag}' is not allowed; scenario files hold plain data only", "tag")
            if len(stack) >= MAX_DEPTH:
                fail(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels", "depth")
            is_map = kind is yaml.MappingStartEvent
            path: Path = ()
            if track and stack:
                top = stack[-1]
                if not top[4]:
                    path = (*top[1], len(top[0]))
                elif top[2] is _NOKEY:
                    path = (*top[1], "<key>")
                else:
                    path = (*top[1], top[2])
            stack.append([{} if is_map else [], path, _NOKEY, None, is_map, event.anchor, nodes, event.start_mark])
            continue
        elif kind in ends:
            frame = stack.pop()
            value = frame[0]
            nodes += 1
            if frame[5]:
                anchors[frame[5]] = (value, nodes - frame[6])
            weight_mark = frame[7]
        elif kind is alias_event:
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
            weight_mark = event.start_mark
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                fail(
                    event.start_mark, "only one YAML document per file is allowed (remove the extra '---')", "multi-doc"
                )
            continue
        else:
            continue
        if nodes > MAX_NODES:
            fail(weight_mark, f"more than {MAX_NODES:,} values in one file", "size")
        # Place the finished value in its parent.
        if not stack:
            root = value
            if track:
                values[()] = (weight_mark.line + 1, weight_mark.column + 1)
            continue
        top = stack[-1]
        container = top[0]
        if not top[4]:
            if track:
                values[(*top[1], len(container))] = (weight_mark.line + 1, weight_mark.column + 1)
            container.append(value)
        elif top[2] is _NOKEY:
            if isinstance(value, str):
                key = value
            elif isinstance(value, bool):
                key = str(value).lower()
            elif isinstance(value, (int, float)) or value is None:
                key = str(value)
            else:
                fail(weight_mark, "a mapping key must be a plain value", "key")
            if key in container:
                first = keys.get((*top[1], key), (0, 0))
                where = f" (first defined at line {first[0]})" if track else ""
                fail(weight_mark, f"duplicate key '{key}'{where}; the later one would silently win", "duplicate-key")
            top[2] = key
            if track:
                top[3] = (weight_mark.line + 1, weight_mark.column + 1)
        else:
            key = top[2]
            container[key] = value
            if track:
                keys[(*top[1], key)] = top[3]
                values[(*top[1], key)] = (weight_mark.line + 1, weight_mark.column + 1)
            top[2] = _NOKEY
    doc.data = root


class _NoKey:
    def __repr__(self) -> str:
        return "<no key>"


_NOKEY = _NoKey()
