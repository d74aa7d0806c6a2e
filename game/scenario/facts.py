"""Fact sheets in ``seeds/``: what the scenarios cite."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationError

from .models import FactId, Model, Text
from .problems import Problem
from .sources import read_documents, validate_model, yaml_files
from .yamlsafe import Document, read_yaml


def _date(value: str | None) -> str | None:
    """A fact's date: YYYY-MM-DD, or YYYY-MM when only the month is known; a real day of the calendar."""
    if value is not None:
        for form in ("%Y-%m-%d", "%Y-%m"):
            try:
                datetime.strptime(value, form)
                return value
            except ValueError:
                continue
        if value.isdigit() and len(value) == 4:
            raise ValueError("a year alone is not a date: write YYYY-MM if the month is known, else leave 'date' out")
        raise ValueError("write the date as YYYY-MM-DD (or YYYY-MM), a real day of the calendar")
    return value


def _time(value: str | None) -> str | None:
    if value is not None:
        try:
            datetime.strptime(value, "%H:%M")
        except ValueError:
            raise ValueError("write the time as HH:MM, 00:00 to 23:59") from None
    return value


Date = Annotated[str, AfterValidator(_date)]


class SourceInfo(Model):
    file: str
    outlet: Text
    title: Text
    date: Date
    language: str


class Fact(Model):
    id: FactId
    date: Date | None = None
    time: Annotated[str, AfterValidator(_time)] | None = None
    people: list[str] = []
    text: Text
    source: str | None = Field(None, description="The public source, for facts beyond the source articles.")
    disputes: list[FactId] = Field([], description="Facts that disagree with this one.")


class FactSheet(Model):
    id: str
    source: SourceInfo
    summary: Text
    facts: list[Fact]


@dataclass
class FactBase:
    sheets: dict[str, FactSheet] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    sheet_of: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # sheet id -> file
    where: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # fact id -> file, line, col
    broken: set[str] = field(default_factory=set)  # ids of facts left out for errors of their own

    def known(self, fact_id: str) -> bool:
        return fact_id in self.facts or fact_id in self.broken


def _salvage(data: Any, broken: set[str]) -> tuple[str | None, list[tuple[int, Fact]]]:
    """The sound facts of a sheet that failed to load, with their indexes; ``broken`` gets the others' ids."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("facts"), list):
        return None, []
    sound = []
    for i, item in enumerate(data["facts"]):
        try:
            sound.append((i, Fact.model_validate(item)))
        except ValidationError:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                broken.add(item["id"])
    return data["id"], sound


def load_facts(dirs: list[Path], overlay: Mapping[Path, bytes] | None = None) -> tuple[FactBase, list[Problem]]:
    """Read every fact sheet in ``dirs``; problems are returned, not raised.

    ``overlay`` gives the text of files that an editor holds unsaved (the language server's buffers).
    """
    return _load([(yaml_files(folder), folder) for folder in dirs if folder.is_dir()], overlay)


def load_fact_files(files: list[Path], folder: Path) -> tuple[FactBase, list[Problem]]:
    """Read the fact sheets ``files``, which must lie inside ``folder``."""
    return _load([(files, folder)])


def is_fact_sheet(data: Any) -> bool:
    """A mapping with facts and their source, and nothing a scenario has."""
    return isinstance(data, dict) and "facts" in data and "seats" not in data and "decisions" not in data


def fact_sheet_files(path: Path) -> list[Path]:
    """The files at ``path`` (a file, or a folder such as seeds/) if they are all fact sheets; else none."""
    files = yaml_files(path) if path.is_dir() else [path]
    if not files:
        return []
    docs, problems = read_documents(files, folder=path if path.is_dir() else path.parent)
    if problems or len(docs) != len(files) or not all(is_fact_sheet(d.data) for d in docs):
        return []
    return files


@dataclass(frozen=True)
class _Sheet:
    """One fact sheet file read and validated: what its bytes alone decide, whichever scenario cites it."""

    doc: Document
    sheet: FactSheet | None
    problems: tuple[Problem, ...]  # the validation's
    salvaged: str | None  # the sheet's id, when it or some of its facts are sound
    facts: tuple[tuple[int, Fact], ...]  # the sound facts, with their indexes in the file
    broken: frozenset[str]  # ids of facts left out for errors of their own


@functools.lru_cache(maxsize=64)
def _read_sheet(raw: bytes, name: str) -> _Sheet:
    """Every scenario load reads the project's fact sheets again (every check, every keystroke in the editor);
    parsing and validating them was most of a small scenario's load. Keyed by the bytes read (each time, with
    every limit) and the name given in messages, so an edited file is read afresh. The result is shared, so it
    is complete when made: positions are tracked now (every fact's is asked for anyway), models are frozen."""
    doc = read_yaml(raw, name)
    if doc.problems:
        return _Sheet(doc, None, (), None, (), frozenset())
    doc.where(())
    sheet, problems = validate_model(FactSheet, doc.data, doc.where, doc.file)
    broken: set[str] = set()
    salvaged: str | None
    if sheet is not None:
        salvaged, facts = sheet.id, list(enumerate(sheet.facts))
    else:
        # One typo should not drop a whole sheet and make every citation of it an error: keep the
        # facts that are sound, and treat the broken ones' ids as known (their error is reported).
        salvaged, facts = _salvage(doc.data, broken)
    return _Sheet(doc, sheet, tuple(problems), salvaged, tuple(facts), frozenset(broken))


def _parse_sheet(raw: bytes, name: str) -> Document:
    return _read_sheet(raw, name).doc


def _load(
    batches: list[tuple[list[Path], Path]], overlay: Mapping[Path, bytes] | None = None
) -> tuple[FactBase, list[Problem]]:
    base = FactBase()
    problems: list[Problem] = []
    disputes: list[tuple[str, str, str, int, int]] = []  # fact, other, file, line, col
    for files, folder in batches:
        # Only files that stay inside the folder: a link to /etc/passwd or to /dev/zero is refused unread.
        docs, found = read_documents(files, folder=folder, overlay=overlay, parse=_parse_sheet)
        problems.extend(found)
        for doc in docs:
            read = _read_sheet(doc.raw, doc.file)
            problems.extend(read.problems)
            if read.sheet is not None:
                base.sheets[read.sheet.id] = read.sheet
            base.broken |= read.broken
            salvaged, facts = read.salvaged, read.facts
            if salvaged is None:
                continue
            sheet_id = salvaged
            base.files[sheet_id] = doc.file
            for i, fact in facts:
                if fact.id in base.facts:
                    line, col = doc.where(("facts", i, "id"))
                    problems.append(Problem(doc.file, line, col, f"duplicate fact id '{fact.id}'", code="duplicate-id"))
                    continue
                base.facts[fact.id] = fact
                base.sheet_of[fact.id] = sheet_id
                base.where[fact.id] = (doc.file, *doc.where(("facts", i, "id")))
                for j, other in enumerate(fact.disputes):
                    line, col = doc.where(("facts", i, "disputes", j))
                    disputes.append((fact.id, other, doc.file, line, col))
    for fact_id, other, file, line, col in disputes:
        if not base.known(other):
            problems.append(Problem(file, line, col, f"fact '{fact_id}' disputes unknown fact '{other}'", code="fact"))
    return base, problems
