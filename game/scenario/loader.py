"""Load a scenario (one YAML file or a folder of them) into a checked, compiled Plan."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .compile import compile_plan
from .facts import FactBase, load_facts
from .models import LIST_KEYS, Scenario
from .plan import Plan
from .problems import Problem, ScenarioError, Severity
from .sources import display_path, read_documents, validate_model
from .yamlsafe import Document


class Merged:
    """Several files merged into one mapping, remembering where each item came from."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.owner: dict[str, Document] = {}
        self.items: dict[tuple[str, int], tuple[Document, int]] = {}

    def locate(self, path: tuple[Any, ...], key: bool = False) -> tuple[Document | None, tuple[Any, ...]]:
        if not path:
            return (next(iter(self.owner.values()), None), ())
        head = path[0]
        if head in LIST_KEYS and len(path) >= 2 and (head, path[1]) in self.items:
            doc, local = self.items[(head, path[1])]
            return doc, (head, local) + tuple(path[2:])
        return self.owner.get(head), tuple(path)

    def where(self, path: tuple[Any, ...], key: bool = False) -> tuple[int, int]:
        doc, local = self.locate(path)
        return doc.where(local, key=key) if doc else (1, 1)

    def file(self, path: tuple[Any, ...]) -> str:
        doc, _ = self.locate(path)
        return doc.file if doc else "?"

    def problem(
        self,
        path: tuple[Any, ...],
        message: str,
        *,
        key: bool = False,
        code: str = "error",
        severity: Severity = "error",
    ) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file(path), line, col, message, severity=severity, code=code)


def scenario_files(path: Path) -> list[Path]:
    if path.is_dir():
        root = path.resolve()
        files = []
        for f in sorted(path.iterdir()):
            if f.suffix not in (".yaml", ".yml") or not f.is_file():
                continue
            # A link may not pull in a file from outside the scenario's folder.
            if not f.resolve().is_relative_to(root):
                continue
            files.append(f)
        return files
    return [path]


def merge(docs: list[Document]) -> tuple[Merged, list[Problem]]:
    merged = Merged()
    problems: list[Problem] = []
    for doc in docs:
        if doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(doc.file, 1, 1, "expected a mapping of keys at the top of the file", code="type"))
            continue
        for key, value in doc.data.items():
            if key in LIST_KEYS and isinstance(value, list):
                target = merged.data.setdefault(key, [])
                merged.owner.setdefault(key, doc)
                for i, item in enumerate(value):
                    merged.items[(key, len(target))] = (doc, i)
                    target.append(item)
            elif key in merged.data:
                first = merged.owner[key]
                line, col = doc.where((key,), key=True)
                problems.append(
                    Problem(
                        doc.file,
                        line,
                        col,
                        f"'{key}' is already set in {first.file}; set it in one file only",
                        code="duplicate-key",
                    )
                )
            else:
                merged.data[key] = value
                merged.owner[key] = doc
    return merged, problems


def content_hash(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(b"\0")
        try:
            h.update(f.read_bytes())
        except OSError:
            pass
        h.update(b"\0")
    return h.hexdigest()[:16]


def check(
    path: Path, *, facts_dirs: list[Path] | None = None, facts: FactBase | None = None
) -> tuple[Plan | None, list[Problem]]:
    """Load and check a scenario; returns the plan (if it is sound) and every problem found."""
    name = display_path(path)
    if not path.exists():
        return None, [Problem(name, 1, 1, "no such file or folder")]
    files = scenario_files(path)
    if not files:
        return None, [Problem(name, 1, 1, "no .yaml files in this folder")]
    docs, problems = read_documents(files)
    merged, found = merge(docs)
    problems += found
    if facts is None:
        dirs = list(facts_dirs or [])
        local = (path if path.is_dir() else path.parent) / "seeds"
        if local.is_dir():
            dirs.append(local)
        facts, found = load_facts(dirs)
        problems += found
    if problems and not merged.data:
        return None, problems
    where: Callable[..., tuple[int, int]] = merged.where
    model, found = validate_model(Scenario, merged.data, where, merged.file)
    if len(docs) > 1:
        # Required keys belong to the merged scenario, not to the file an error would otherwise name.
        found = [
            Problem(
                p.file,
                p.line,
                p.col,
                f"the scenario (merged from {len(docs)} files) has no '{p.loc[0]}'; add it to any one of them",
                code="missing",
                loc=p.loc,
            )
            if p.code == "missing" and len(p.loc) == 1
            else p
            for p in found
        ]
    problems += found
    if model is None:
        return None, problems
    plan, found = compile_plan(model, merged, facts, path, [display_path(f) for f in files], content_hash(files))
    problems += found
    if any(p.severity == "error" for p in problems):
        return None, problems
    plan.locate = merged.problem
    return plan, problems


def load(path: Path, *, facts_dirs: list[Path] | None = None) -> Plan:
    """Load a scenario or raise ScenarioError listing every problem."""
    plan, problems = check(path, facts_dirs=facts_dirs)
    if plan is None:
        raise ScenarioError([p for p in problems if p.severity == "error"] or problems)
    return plan
