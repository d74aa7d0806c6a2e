"""The scenarios a player can choose from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import paths
from .scenario import Plan, Problem, check


@dataclass
class Entry:
    path: Path
    plan: Plan | None
    problems: list[Problem]

    @property
    def id(self) -> str:
        return self.plan.id if self.plan else self.path.name


def load_plan(path: Path) -> tuple[Plan | None, list[Problem]]:
    return check(path, facts_dirs=[paths.seeds_dir()])


def bundled() -> list[Entry]:
    root = paths.scenarios_dir()
    entries = []
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir() or p.suffix in (".yaml", ".yml")):
            plan, problems = load_plan(folder)
            entries.append(Entry(folder, plan, problems))
    return entries
