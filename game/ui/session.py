"""What the app is playing, kept apart from the widgets: the plan, the seat, the game and its saves.

Plain Python (no Textual), so the rules for saving, loading and "unsaved progress" are easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import catalog, paths, saves
from ..engine import Game
from ..scenario.plan import Plan


class LoadError(Exception):
    """A save or scenario that cannot be loaded; the message is for the player."""


@dataclass
class Session:
    lang: str
    saves_dir: Path
    seed: int = 0
    plan: Plan | None = None
    seat: str | None = None
    game: Game | None = None
    known: dict[str, Plan] = field(default_factory=dict)  # plans already loaded, by id
    _saved: list[list[str]] = field(default_factory=list)  # choices at the last save or load

    # --- state ----------------------------------------------------------------

    @property
    def in_progress(self) -> bool:
        return self.game is not None and not self.game.over

    @property
    def unsaved(self) -> bool:
        """True when leaving now would lose choices that no named save holds."""
        if not self.in_progress:
            return False
        assert self.game is not None
        return [c.to_list() for c in self.game.choices] != self._saved

    def remember(self, plan: Plan) -> None:
        self.known[plan.id] = plan

    # --- starting, saving, loading -----------------------------------------------

    def start(self, plan: Plan, seat: str) -> Game:
        self.remember(plan)
        self.plan, self.seat = plan, seat
        self.game = Game(plan, [seat], self.seed)
        self._saved = []
        return self.game

    def default_slot(self) -> str:
        assert self.plan is not None and self.game is not None
        return saves.slot_name(f"{self.plan.id}-{self.seat}-{len(self.game.choices)}")

    def save(self, slot: str) -> Path:
        assert self.game is not None
        name = saves.slot_name(slot)
        path = saves.write(self.saves_dir, name, saves.snapshot(self.game, lang=self.lang, label=slot.strip()))
        self._saved = [c.to_list() for c in self.game.choices]
        return path

    def autosave_slot(self) -> str:
        assert self.plan is not None and self.seat is not None
        return saves.autosave_slot(self.plan.id, [self.seat])

    def autosave(self) -> Path | None:
        """Write the autosave slot; None when there is nothing to save or the disk refused."""
        if self.game is None or self.plan is None or self.seat is None:
            return None
        data = saves.snapshot(self.game, lang=self.lang, autosave=True)
        try:
            return saves.write(self.saves_dir, self.autosave_slot(), data)
        except OSError:
            return None

    def slot_path(self, slot: str) -> Path:
        if slot.endswith(saves.SUFFIX) or "/" in slot:
            return Path(slot)
        return self.saves_dir / f"{saves.slot_name(slot)}{saves.SUFFIX}"

    def plan_for(self, scenario: str) -> Plan:
        if scenario in self.known:
            return self.known[scenario]
        plan, problems = catalog.load_plan(paths.resolve_scenario(scenario))
        if plan is None:
            first = problems[0].format() if problems else scenario
            raise LoadError(f"scenario '{scenario}' cannot be loaded: {first}")
        self.remember(plan)
        return plan

    def load(self, path: Path) -> saves.Restored:
        """Replace the current game with a saved one. Raises LoadError."""
        try:
            data = saves.read(path)
            plan = self.plan_for(data.scenario)
            restored = saves.restore(plan, data)
        except saves.SaveError as exc:
            raise LoadError(str(exc)) from None
        self.plan, self.game = plan, restored.game
        self.seat = sorted(restored.game.players)[0]
        self._saved = [c.to_list() for c in restored.game.choices]
        return restored

    def close(self) -> None:
        self.plan = self.seat = self.game = None
        self._saved = []
