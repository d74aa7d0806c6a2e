"""Load a scenario (one YAML file or a folder of them) into a checked, compiled Plan."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..safefile import inside
from .compile import compile_plan
from .facts import FactBase, load_facts
from .models import LIST_KEYS, Scenario
from .plan import Plan
from .problems import Problem, ScenarioError, Severity
from .sources import display_path, model_at, read_documents, validate_model, yaml_files
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

    def where_in(self, path: tuple[Any, ...], offset: int) -> tuple[int, int]:
        """The position of character ``offset`` inside the string at ``path`` (a condition's mistake)."""
        doc, local = self.locate(path)
        return doc.where_in(local, offset) if doc else (1, 1 + offset)

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
    """The files of a scenario: the YAML files of its folder, or the one file named.

    Links and odd files are not filtered out here: the reader refuses each with its reason, so an author
    learns why a file was skipped instead of wondering.
    """
    if path.is_dir():
        return yaml_files(path)
    return [path]


def merge(docs: list[Document]) -> tuple[Merged, list[Problem]]:
    merged = Merged()
    problems: list[Problem] = []
    for doc in docs:
        if doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            line, col = doc.where(())
            problems.append(
                Problem(doc.file, line, col, "expected a mapping of keys at the top of the file", code="type")
            )
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


def salvage(merged: Merged) -> tuple[Merged, dict[str, dict[str, set[str]]]]:
    """The merged scenario without the list items that fail their own model, and the ids of those items
    (for a decision, with the ids of its options), by list key."""
    kept = Merged()
    kept.data = dict(merged.data)
    kept.owner = merged.owner
    broken: dict[str, dict[str, set[str]]] = {}
    for key in LIST_KEYS:
        items = merged.data.get(key)
        item_model = model_at(Scenario, (key,))
        if not isinstance(items, list) or item_model is None:
            continue
        sound: list[Any] = []
        for i, item in enumerate(items):
            try:
                item_model.model_validate(item)
            except ValidationError:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    options = item.get("options")
                    broken.setdefault(key, {})[item["id"]] = (
                        {o["id"] for o in options or () if isinstance(o, dict) and isinstance(o.get("id"), str)}
                        if isinstance(options, list)
                        else set()
                    )
                continue
            kept.items[(key, len(sound))] = merged.items[(key, i)]
            sound.append(item)
        kept.data[key] = sound
    return kept, broken


def content_hash(docs: list[Document]) -> str:
    """A fingerprint of the files as read, so a save can tell whether its scenario changed."""
    h = hashlib.sha256()
    for doc in docs:
        h.update(Path(doc.file).name.encode())
        h.update(b"\0")
        h.update(doc.raw)
        h.update(b"\0")
    return h.hexdigest()[:16]


def check(
    path: Path,
    *,
    facts_dirs: list[Path] | None = None,
    facts: FactBase | None = None,
    overlay: Mapping[Path, bytes] | None = None,
) -> tuple[Plan | None, list[Problem]]:
    """Load and check a scenario; returns the plan (if it is sound) and every problem found.

    ``overlay`` maps resolved paths to text an editor holds unsaved; it is read instead of those files.
    """
    name = display_path(path)
    if not path.exists():
        return None, [Problem(name, 1, 1, "no such file or folder")]
    files = scenario_files(path)
    if not files:
        return None, [Problem(name, 1, 1, "no .yaml files in this folder")]
    folder = path if path.is_dir() else None
    docs, problems = read_documents(files, folder=folder, overlay=overlay)
    # An empty (or comments-only) file is named; it is an error only when it leaves nothing to load.
    severity: Severity = "error" if all(doc.data is None for doc in docs) else "warning"
    for doc in docs:
        if doc.data is None:
            problems.append(
                Problem(doc.file, 1, 1, "the file is empty (or holds only comments)", severity=severity, code="empty")
            )
    merged, found = merge(docs)
    problems += found
    if facts is None:
        dirs = list(facts_dirs or [])
        base = path if path.is_dir() else path.parent
        local = base / "seeds"
        if local.is_dir():
            if inside(local, base):
                dirs.append(local)
            else:
                problems.append(
                    Problem(
                        display_path(local), 1, 1, "the seeds folder points outside the scenario's folder; not read"
                    )
                )
        facts, found = load_facts(dirs, overlay)
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
    broken: dict[str, dict[str, set[str]]] = {}
    if model is None:
        # Structural errors need not hide reference errors elsewhere: check the items that are sound, and
        # treat the ids of the broken ones as known, so that what refers to them does not err a second time.
        merged, broken = salvage(merged)
        model, _ = validate_model(Scenario, merged.data, merged.where, merged.file)
        if model is None:
            return None, problems
    plan, found = compile_plan(
        model, merged, facts, path, [display_path(f) for f in files], content_hash(docs), broken=broken
    )
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
