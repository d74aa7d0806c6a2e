"""The scenarios a player can choose from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .sanitize import clean_line
from .scenario import Plan, Problem, check
from .scenario.models import SCENARIO_ID_PATTERN


@dataclass
class Entry:
    path: Path
    plan: Plan | None
    problems: list[Problem]

    @property
    def id(self) -> str:
        return self.plan.id if self.plan else clean_line(self.path.name)  # a folder's name is shown as it is


def load_plan(path: Path) -> tuple[Plan | None, list[Problem]]:
    return check(path, facts_dirs=[paths.seeds_dir()])


# The crisis the game is about: listed first, so Enter, Enter starts it.
FLAGSHIP = "november-2023"


def bundled() -> list[Entry]:
    """Every bundled scenario: the flagship first, then the others in the order of the crises they tell (then
    by id; broken ones last).

    Alphabetical order put a 2024 scenario before the 2023 flagship, so Enter, Enter started the wrong
    crisis. History's order alone would do the same to it with any earlier crisis (Apple's, in 1985).
    """
    root = paths.scenarios_dir()
    entries = []
    if root.is_dir():
        for folder in sorted(p for p in root.iterdir() if p.is_dir() or p.suffix in (".yaml", ".yml")):
            plan, problems = load_plan(folder)
            entries.append(Entry(folder, plan, problems))
    entries.sort(key=lambda e: (e.plan is None, e.id != FLAGSHIP, e.plan.start.isoformat() if e.plan else "", e.id))
    return entries


_ID = re.compile(SCENARIO_ID_PATTERN)


def plan_by_id(scenario_id: str) -> Plan | None:
    """An installed scenario by its id, as a save names it; never a path.

    The bundled folder of that name is tried first (it is usually the scenario's id), then every bundled
    scenario's declared id. Anything that is not an id (``../x``, ``/dev/zero``) finds nothing.
    """
    if len(scenario_id) > 64 or not _ID.fullmatch(scenario_id):
        return None
    root = paths.scenarios_dir()
    folder = root / scenario_id
    if folder.is_dir() and folder.resolve().is_relative_to(root.resolve()):
        plan, _ = load_plan(folder)
        if plan is not None and plan.id == scenario_id:
            return plan
    for entry in bundled():
        if entry.plan is not None and entry.plan.id == scenario_id:
            return entry.plan
    return None
