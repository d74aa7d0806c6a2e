"""A scenario's text as a table for translators, and translations written back into the YAML in place.

The table is CSV: Python reads and writes it with the standard library (no parser of our own for files that
come back from strangers), any spreadsheet opens it, and one row holds a text in every language side by
side, which is how a bilingual scenario is reviewed. (PO would need a parser of its own and one file per
language.) Each row carries a *lock*: a short hash of the source text when the table was made, as Yarn
Spinner's localisation tables do. On import, a row whose lock no longer matches the source is stale: the
source changed after the translator saw it, so the row is not written.

Import edits the files in place, by position: only the translated values change (or are added beside their
source), so comments, key order and line breaks elsewhere stay as the author wrote them. Each file is
written atomically, and the scenario is loaded again; if that fails, every file is put back as it was.

The lock of each translation written is kept in ``translations.lock`` beside the scenario, so that lint can
say which translations went stale when the source was edited later.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ..safefile import Refused, read_limited, write_atomic
from ..scenario.plan import Plan
from ..scenario.text import LANGS, LText
from ..scenario.translations import walk_text

LOCK_FILE = "translations.lock"
MAX_TABLE_BYTES = 8 * 1024 * 1024
FIXED = ("key", "where", "lock", "status")


def lock_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Entry:
    key: str  # by ids, stable when items move: decisions/vote/options/yes/text
    path: tuple[Any, ...]  # in the merged scenario: ("decisions", 3, "options", 0, "text")
    text: LText


def _key(model: BaseModel, path: tuple[Any, ...]) -> str:
    parts: list[str] = []
    value: Any = model
    for element in path:
        if isinstance(element, int):
            value = value[element]
            ident = getattr(value, "id", None)
            parts.append(ident if isinstance(ident, str) else str(element))
        else:
            value = getattr(value, element) if isinstance(value, BaseModel) else value[element]
            parts.append(str(element))
    return "/".join(parts)


def entries(plan: Plan) -> list[Entry]:
    return [Entry(_key(plan.model, path), path, text) for path, text in walk_text(plan.model)]


def _source(plan: Plan) -> str:
    return plan.model.languages[0]


def _value(text: LText, lang: str) -> str:
    if text.plain:  # one string for every language: it is the source's, and no translation yet
        return text.en or "" if lang == "en" else ""
    return getattr(text, lang) or ""


def lock_path(plan: Plan) -> Path:
    return plan.path / LOCK_FILE if plan.path.is_dir() else plan.path.with_name(plan.path.stem + "." + LOCK_FILE)


def read_locks(plan: Plan) -> dict[tuple[str, str], str]:
    """(key, language) -> the lock of the source a translation was made from."""
    path = lock_path(plan)
    if not path.exists():
        return {}
    try:
        raw = read_limited(path, MAX_TABLE_BYTES, folder=path.parent)
    except Refused:
        return {}
    locks = {}
    for line in raw.decode("utf-8", "replace").splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            locks[(parts[0], parts[1])] = parts[2]
    return locks


def stale(plan: Plan) -> list[tuple[Entry, str]]:
    """Translations whose source changed after they were imported: (entry, language)."""
    locks = read_locks(plan)
    source = _source(plan)
    out = []
    for entry in entries(plan):
        for lang in LANGS:
            recorded = locks.get((entry.key, lang))
            if recorded and _value(entry.text, lang) and recorded != lock_of(_value(entry.text, source)):
                out.append((entry, lang))
    return out


def export(plan: Plan, targets: list[str] | None = None) -> str:
    """The table: one row per text, the source language first, then each target language (by default the
    other languages the scenario declares: an English-only scenario gets a column for Chinese only when asked)."""
    source = _source(plan)
    declared = [x for x in plan.model.languages if x in LANGS]
    langs = [source] + [x for x in (targets or declared) if x != source]
    locks = read_locks(plan)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*FIXED, *langs])
    for entry in entries(plan):
        assert plan.locate is not None
        where = plan.locate(entry.path, "")
        text = _value(entry.text, source)
        status = []
        for lang in langs[1:]:
            if not _value(entry.text, lang):
                status.append(f"{lang}: missing")
            elif locks.get((entry.key, lang), lock_of(text)) != lock_of(text):
                status.append(f"{lang}: stale")
        writer.writerow(
            [entry.key, f"{where.file}:{where.line}", lock_of(text), "; ".join(status)]
            + [_value(entry.text, lang) for lang in langs]
        )
    return out.getvalue()


@dataclass
class ImportReport:
    written: dict[str, int] = field(default_factory=dict)  # file -> translations written
    unchanged: int = 0
    stale: list[str] = field(default_factory=list)  # keys whose source changed since export
    unknown: list[str] = field(default_factory=list)  # keys the scenario no longer has
    problems: list[str] = field(default_factory=list)


class ImportFailed(Exception):
    pass


def read_table(text: str) -> tuple[list[str], list[dict[str, str]]]:
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = list(reader.fieldnames or [])
        missing = [c for c in ("key", "lock") if c not in header]
        if missing:
            raise ImportFailed(f"the table has no column {', '.join(repr(c) for c in missing)}")
        langs = [c for c in header if c in LANGS]
        # A cell of a short row is None, and the cells of a long row are a list under the key None: drop both.
        rows = [{k: v for k, v in row.items() if isinstance(k, str) and isinstance(v, str)} for row in reader]
    except csv.Error as exc:
        raise ImportFailed(f"the table is not CSV as export writes it: {exc}") from None
    return langs, rows


def _quoted(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar: every character escaped as YAML expects.
    return json.dumps(text, ensure_ascii=False)


@dataclass(order=True)
class _Edit:
    start: int
    end: int
    text: str


def _node_at(root: yaml.Node, path: tuple[Any, ...]) -> tuple[yaml.Node | None, int | None]:
    """The node at ``path``, and the column of its key when its mapping is a block (None in flow style)."""
    node: yaml.Node | None = root
    column = None
    for element in path:
        if isinstance(node, yaml.MappingNode):
            pair = next(
                (kv for kv in node.value if isinstance(kv[0], yaml.ScalarNode) and kv[0].value == element), None
            )
            column = None if pair is None or node.flow_style else pair[0].start_mark.column
            node = None if pair is None else pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(element, int) and element < len(node.value):
            node, column = node.value[element], None
        else:
            return None, None
        if node is None:
            return None, None
    return node, column


def _span(source: str, node: yaml.Node) -> tuple[int, int]:
    """A value's characters. A block scalar (| or >) ends at its last character, not at the next key's line."""
    start, end = node.start_mark.index, node.end_mark.index
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        end = start + len(source[start:end].rstrip())
    return start, end


def _edit(
    source: str, node: yaml.Node, key_column: int | None, lang: str, src_lang: str, src_text: str, text: str
) -> _Edit | None:
    """The change that puts ``text`` in ``lang`` into the text value ``node`` (whose key is at ``key_column``
    in a block mapping)."""
    if isinstance(node, yaml.ScalarNode):
        # One string for every language becomes a mapping of the source and the translation.
        start, end = _span(source, node)
        if node.style in ("|", ">") and key_column is not None:
            # A block of text stays a block, as written, under the source language's key.
            indent = " " * (key_column + 2)
            block = source[start:end].replace("\n", "\n  ")
            start = len(source[:start].rstrip(" "))  # no space left at the end of the key's line
            return _Edit(start, end, f"\n{indent}{src_lang}: {block}\n{indent}{lang}: {_quoted(text)}")
        return _Edit(start, end, f"{{{src_lang}: {_quoted(src_text)}, {lang}: {_quoted(text)}}}")
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return None
    current = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == lang), None)
    if current is not None:
        if isinstance(current, yaml.ScalarNode) and current.value == text:
            return None
        start, end = _span(source, current)
        return _Edit(start, end, _quoted(text))
    if node.flow_style:  # {en: ...}: add ", zh: ..." before the closing brace
        close = source.rindex("}", node.start_mark.index, node.end_mark.index)
        return _Edit(close, close, f", {lang}: {_quoted(text)}")
    # A block mapping: a new line after its last value, at the indentation of its keys.
    indent = node.value[0][0].start_mark.column
    _, end = _span(source, node.value[-1][1])
    line_end = source.find("\n", end)
    if line_end == -1:
        return _Edit(len(source), len(source), f"\n{' ' * indent}{lang}: {_quoted(text)}\n")
    return _Edit(line_end + 1, line_end + 1, f"{' ' * indent}{lang}: {_quoted(text)}\n")


def _apply(source: str, edits: list[_Edit]) -> str:
    for edit in sorted(edits, reverse=True):
        source = source[: edit.start] + edit.text + source[edit.end :]
    return source


def plan_import(plan: Plan, table: str, *, force: bool = False) -> tuple[dict[Path, str], ImportReport]:
    """The new text of each file the table changes, and what was done; nothing is written."""
    langs, rows = read_table(table)
    src_lang = _source(plan)
    targets = [x for x in langs if x != src_lang]
    report = ImportReport()
    by_key = {e.key: e for e in entries(plan)}
    assert plan.locate is not None
    edits: dict[Path, list[_Edit]] = {}
    texts: dict[Path, str] = {}
    roots: dict[Path, yaml.Node] = {}
    locks = read_locks(plan)
    confirmed = False  # a stale translation confirmed as it stands: only its lock changes
    for row in rows:
        entry = by_key.get(row.get("key", ""))
        if entry is None:
            report.unknown.append(row.get("key", ""))
            continue
        src_text = _value(entry.text, src_lang)
        if row.get("lock") != lock_of(src_text) and not force:
            report.stale.append(entry.key)
            continue
        where = plan.locate(entry.path, "")
        file = Path(where.file)
        if file not in texts:
            texts[file] = read_limited(file, MAX_TABLE_BYTES).decode("utf-8")
            try:  # libyaml, as the loader: PyYAML's own parser refuses some plain text libyaml reads
                root = yaml.compose(texts[file], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            except yaml.YAMLError as exc:
                raise ImportFailed(f"{where.file}: cannot read its layout: {exc}") from None
            if root is None:
                report.problems.append(f"{where.file}: empty")
                continue
            roots[file] = root
        node, key_column = _value_node(plan, entry, roots[file])
        if node is None:
            report.problems.append(f"{where.file}:{where.line}: cannot find the text of {entry.key}")
            continue
        for lang in targets:
            text = row.get(lang, "").strip()
            if not text:
                continue
            if text == _value(entry.text, lang):
                report.unchanged += 1
                if f"{lang}: stale" in row.get("status", ""):
                    continue  # sent back as it was exported: nobody has checked it
                # The same translation, checked against the current source (its status cleared): not stale.
                confirmed |= locks.get((entry.key, lang)) not in (None, lock_of(src_text))
                locks[(entry.key, lang)] = lock_of(src_text)
                continue
            edit = _edit(texts[file], node, key_column, lang, src_lang, src_text, text)
            if edit is not None:
                edits.setdefault(file, []).append(edit)
                report.written[str(file)] = report.written.get(str(file), 0) + 1
                locks[(entry.key, lang)] = lock_of(src_text)
            if isinstance(node, yaml.ScalarNode):
                break  # the mapping that replaced the string holds one translation; run again for more
    changed = {file: _apply(texts[file], found) for file, found in edits.items()}
    if changed or confirmed:
        lines = sorted(f"{k}\t{lang}\t{v}" for (k, lang), v in locks.items())
        changed[lock_path(plan)] = "\n".join(lines) + "\n"
    return changed, report


def _value_node(plan: Plan, entry: Entry, root: yaml.Node) -> tuple[yaml.Node | None, int | None]:
    """The YAML node of an entry's text in the file that holds it."""
    from ..scenario.loader import Merged

    locate = getattr(plan.locate, "__self__", None)
    local = entry.path
    if isinstance(locate, Merged):
        _, local = locate.locate(entry.path)
    return _node_at(root, local)


def write_import(plan: Plan, changed: dict[Path, str]) -> None:
    """Write each file atomically; if the scenario no longer loads, put every file back and raise."""
    from ..catalog import load_plan

    before = {file: file.read_text(encoding="utf-8") if file.exists() else None for file in changed}
    for file, text in changed.items():
        write_atomic(file, text)
    reloaded, problems = load_plan(plan.path)
    if reloaded is None:
        for file, old in before.items():
            if old is None:
                file.unlink(missing_ok=True)
            else:
                write_atomic(file, old)
        errors = [p.format() for p in problems if p.severity == "error"][:5]
        raise ImportFailed("the translated scenario would not load, so nothing was changed:\n" + "\n".join(errors))
