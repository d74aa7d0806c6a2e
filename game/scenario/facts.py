"""Fact sheets in ``seeds/``: what the scenarios cite."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field

from .models import FactId, Model, Text
from .problems import Problem
from .sources import read_documents, validate_model, yaml_files


class SourceInfo(Model):
    file: str
    outlet: Text
    title: Text
    date: str
    language: str


class Fact(Model):
    id: FactId
    date: str | None = None
    time: str | None = None
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


def load_facts(dirs: list[Path]) -> tuple[FactBase, list[Problem]]:
    """Read every fact sheet in ``dirs``; problems are returned, not raised."""
    base = FactBase()
    problems: list[Problem] = []
    disputes: list[tuple[str, str, str, int, int]] = []  # fact, other, file, line, col
    for folder in dirs:
        if not folder.is_dir():
            continue
        # Only files that stay inside the folder: a link to /etc/passwd or to /dev/zero is refused unread.
        docs, found = read_documents(yaml_files(folder), folder=folder)
        problems.extend(found)
        for doc in docs:
            sheet, found = validate_model(FactSheet, doc.data, doc.where, doc.file)
            problems.extend(found)
            if sheet is None:
                continue
            base.sheets[sheet.id] = sheet
            base.files[sheet.id] = doc.file
            for i, fact in enumerate(sheet.facts):
                if fact.id in base.facts:
                    line, col = doc.where(("facts", i, "id"))
                    problems.append(Problem(doc.file, line, col, f"duplicate fact id '{fact.id}'", code="duplicate-id"))
                    continue
                base.facts[fact.id] = fact
                base.sheet_of[fact.id] = sheet.id
                base.where[fact.id] = (doc.file, *doc.where(("facts", i, "id")))
                for j, other in enumerate(fact.disputes):
                    line, col = doc.where(("facts", i, "disputes", j))
                    disputes.append((fact.id, other, doc.file, line, col))
    for fact_id, other, file, line, col in disputes:
        if other not in base.facts:
            problems.append(Problem(file, line, col, f"fact '{fact_id}' disputes unknown fact '{other}'", code="fact"))
    return base, problems
