"""Which files make up the scenario an open file belongs to, read with the editor's unsaved text on top.

A file in a folder is part of a folder scenario, unless several files there each set a top-level ``id``
(a folder of single-file scenarios, such as test fixtures); then it stands alone. A file in ``seeds/`` is a
fact sheet: it belongs to the scenario beside that folder, or, in the project's own ``seeds/``, it is checked
as fact sheets alone. Diagnostics come from the loader and ``lint`` themselves, never from a copy of them.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ... import paths
from ...safefile import inside, read_limited
from ...scenario import Plan, Problem, check
from ...scenario.facts import load_facts
from ...scenario.loader import scenario_files
from ...scenario.sources import MAX_FILES, yaml_files
from ...scenario.yamlsafe import MAX_BYTES
from .index import FileIndex, ScenarioIndex, index_file, is_fact_sheet

_TOP_ID = re.compile(r"^id\s*:", re.MULTILINE)
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:", re.MULTILINE)


@dataclass(frozen=True)
class Scope:
    """One scenario (or a folder of fact sheets) as the loader sees it."""

    root: Path | None  # what the loader is given; None for fact sheets alone
    files: tuple[Path, ...]  # the scenario's own files
    seeds: tuple[Path, ...]  # fact sheet folders whose facts it may cite

    def sheets(self) -> list[Path]:
        out: list[Path] = []
        for folder in self.seeds:
            if folder.is_dir():
                out.extend([p.resolve() for p in yaml_files(folder) if inside(p, folder)][:MAX_FILES])
        return out

    def all_files(self) -> list[Path]:
        return [*self.files, *self.sheets()]


@dataclass
class Workspace:
    """Open documents' text over the files on disk, and the scope, index and problems of each scenario."""

    project_seeds: Path = field(default_factory=lambda: paths.seeds_dir().resolve())
    overlay: dict[Path, str] = field(default_factory=dict)
    _indexes: dict[Path, FileIndex] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _cited: set[str] | None = None

    # --- documents -------------------------------------------------------------

    def open(self, path: Path, text: str) -> None:
        with self._lock:
            self.overlay[path.resolve()] = text

    def close(self, path: Path) -> None:
        with self._lock:
            self.overlay.pop(path.resolve(), None)

    def text(self, path: Path) -> str | None:
        """The editor's text, else the file's if it is a regular UTF-8 file within the size limit."""
        path = path.resolve()
        with self._lock:
            if path in self.overlay:
                return self.overlay[path]
        try:
            return read_limited(path, MAX_BYTES).decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):  # Refused is an OSError
            return None

    def file_index(self, path: Path) -> FileIndex:
        path = path.resolve()
        text = self.text(path) or ""
        with self._lock:
            cached = self._indexes.get(path)
        if cached is not None and cached.text == text:
            return cached
        fresh = index_file(path, text)
        with self._lock:
            self._indexes[path] = fresh
        return fresh

    # --- scenarios ---------------------------------------------------------------

    def is_scenario(self, path: Path) -> bool:
        """Whether a YAML file is a scenario's or a fact sheet's, so that an editor may send every YAML file
        (a CI workflow, a compose file) and only these get answers: its top-level keys are all the format's, or
        its first line names the schema; an empty file counts when a file beside it does."""
        from ...scenario.facts import FactSheet
        from ...scenario.models import Scenario

        text = self.text(path) or ""
        if "schema.json" in text[:300].split("\n", 1)[0]:
            return True
        keys = set(_TOP_KEY.findall(text))
        fields = set((FactSheet if is_fact_sheet(path) else Scenario).model_fields)
        if keys:
            return keys <= fields
        siblings = [f for f in scenario_files(path.parent) if f.resolve() != path.resolve()][:MAX_FILES]
        return any(
            set(_TOP_KEY.findall(self.text(f) or "")) <= fields and _TOP_KEY.search(self.text(f) or "")
            for f in siblings
        )

    def scope(self, path: Path) -> Scope:
        path = path.resolve()
        if is_fact_sheet(path):
            beside = path.parent.parent
            if path.parent != self.project_seeds and scenario_files(beside):
                return self._scenario(beside, next(iter(scenario_files(beside))).resolve())
            return Scope(None, (), (path.parent,))
        return self._scenario(path.parent, path)

    def _scenario(self, folder: Path, path: Path) -> Scope:
        files = [f.resolve() for f in scenario_files(folder) if inside(f, folder)][:MAX_FILES]
        if path not in files:
            files.append(path)
        ids = [f for f in files if _TOP_ID.search(self.text(f) or "")]
        alone = len(ids) > 1
        seeds = [self.project_seeds]
        if (folder / "seeds").is_dir():
            seeds.append((folder / "seeds").resolve())
        if alone:
            return Scope(path, (path,), tuple(seeds))
        return Scope(folder.resolve() if len(files) > 1 else path, tuple(files), tuple(seeds))

    def index(self, scope: Scope, *, project: bool = False) -> ScenarioIndex:
        """The scope's files and fact sheets; with ``project``, every bundled scenario's files as well, since
        the project's fact sheets are cited by all of them (a fact's references and rename need them)."""
        out = ScenarioIndex()
        for path in scope.all_files():
            out.add(self.file_index(path))
        if project:
            root = paths.scenarios_dir()
            for folder in sorted(root.iterdir()) if root.is_dir() else []:
                for path in scenario_files(folder) if folder.is_dir() else []:
                    if inside(path, folder) and path.resolve() not in out.files:
                        out.add(self.file_index(path))
        return out

    # --- problems ------------------------------------------------------------------

    def check(self, scope: Scope) -> tuple[Plan | None, list[Problem]]:
        """What ``validate`` reports for this scope, reading the editor's unsaved text."""
        with self._lock:
            overlay = {p: t.encode("utf-8", "surrogatepass") for p, t in self.overlay.items()}
        if scope.root is None:
            _, problems = load_facts(list(scope.seeds), overlay)
            return None, problems
        return check(scope.root, facts_dirs=[self.project_seeds], overlay=overlay)

    def lint(self, plan: Plan, max_states: int = 200_000) -> list[Problem]:
        """What ``lint`` adds, as ``boardroom lint`` runs it: facts cited by the project's scenarios count."""
        from ...authoring.lint import citations, lint

        in_project = plan.path.resolve().is_relative_to(paths.scenarios_dir().resolve())
        return lint(
            plan,
            max_states=max_states,
            cited_elsewhere=self.cited() | citations(plan),
            project_seeds=self.project_seeds if in_project else None,
        )

    def cited(self) -> set[str]:
        if self._cited is None:
            from ... import catalog
            from ...authoring.lint import citations

            found: set[str] = set()
            for entry in catalog.bundled():
                if entry.plan is not None:
                    found |= citations(entry.plan)
            self._cited = found
        return self._cited

    def digest(self, scope: Scope) -> str:
        """Changes when any file of the scope changes, so stale results can be told apart."""
        h = hashlib.sha256()
        for path in scope.all_files():
            h.update(str(path).encode())
            h.update((self.text(path) or "").encode("utf-8", "surrogatepass"))
        return h.hexdigest()


def by_file(problems: Iterable[Problem], files: Iterable[Path]) -> dict[Path, list[Problem]]:
    """Problems grouped by the resolved file they name; every file in ``files`` is present, perhaps empty."""
    out: dict[Path, list[Problem]] = {path: [] for path in files}
    for problem in problems:
        out.setdefault(problem_path(problem), []).append(problem)
    return out


def problem_path(problem: Problem) -> Path:
    # The loader names files relative to the working folder when that is shorter.
    return (Path.cwd() / problem.file).resolve()
