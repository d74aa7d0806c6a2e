"""What a table is playing: the plan, the players' seats, the game and its saves.

Plain Python (no Textual), so the rules for saving, loading, "unsaved progress" and whose turn it is are easy to
test. The scenario machinery (pydantic, the engine) is imported inside the functions that need it: the title
screen holds a Session before any game exists, and should not wait for them (docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..settings import Settings
from .rules import history_refusal, undo_refusal

if TYPE_CHECKING:
    from ..engine import Game
    from ..saves import Restored, SaveFile
    from ..scenario.plan import Plan


class LoadError(Exception):
    """A save or scenario that cannot be loaded; the message is for the player."""


@dataclass
class Session:
    lang: str
    saves_dir: Path
    seed: int = 0
    settings: Settings = field(default_factory=Settings)
    plan: Plan | None = None
    seat: str | None = None  # the seat on screen: the only one, or in a hot-seat game the one whose turn it is
    players: list[str] = field(default_factory=list)  # every seat a person plays, in the order they sat down
    game: Game | None = None
    known: dict[str, Plan] = field(default_factory=dict)  # plans already loaded, by id
    briefed: set[str] = field(default_factory=set)  # hot-seat players who have read their role card
    _saved: list[list[str]] = field(default_factory=list)  # choices at the last save or load

    # --- state ----------------------------------------------------------------

    @property
    def in_progress(self) -> bool:
        return self.game is not None and not self.game.over

    @property
    def hotseat(self) -> bool:
        """Several people at one screen, each in a seat, taking turns."""
        return len(self.players) > 1

    @property
    def unsaved(self) -> bool:
        """True when leaving now would lose choices that no named save holds."""
        if not self.in_progress:
            return False
        assert self.game is not None
        return [c.to_list() for c in self.game.choices] != self._saved

    def remember(self, plan: Plan) -> None:
        self.known[plan.id] = plan

    def allowed_seats(self, plan: Plan) -> list[str]:
        return self.settings.allowed_seats(plan)

    def undo_refusal(self) -> str | None:
        """Why undo is not allowed here (an i18n key), or None."""
        return undo_refusal(self.settings, self.hotseat)

    def history_refusal(self) -> str | None:
        """Why the history panel stays closed (an i18n key), or None."""
        return history_refusal(self.settings, self.in_progress)

    def turn(self) -> str | None:
        """The player seat that must choose now (None when nobody must)."""
        game = self.game
        if game is None or game.pending is None or not game.pending.waiting:
            return None
        return game.pending.waiting[0]

    def follow_turn(self) -> bool:
        """Put the seat whose turn it is on screen. True when that is a different seat than before."""
        now = self.turn()
        if now is None or now == self.seat:
            return False
        self.seat = now
        return True

    # --- starting, saving, loading -----------------------------------------------

    def start(self, plan: Plan, seats: str | list[str]) -> Game:
        players = [seats] if isinstance(seats, str) else list(dict.fromkeys(seats))
        from ..engine import Game

        self.remember(plan)
        self.plan, self.players = plan, players
        self.game = Game(plan, players, self.seed)
        self.seat = self.turn() or players[0]
        self.briefed = set()
        self._saved = []
        return self.game

    def replace(self, plan: Plan, game: Game) -> None:
        """Carry on with a rebuilt game (the scenario was edited and the choices replayed)."""
        self.remember(plan)
        self.plan, self.game = plan, game
        if self.seat not in game.players:
            self.seat = sorted(game.players)[0]
        self.follow_turn()

    def snapshot(self, *, label: str = "", autosave: bool = False) -> SaveFile:
        """The game as a save records it (every seat, every choice, the settings)."""
        from .. import saves

        assert self.game is not None
        return saves.snapshot(
            self.game, lang=self.lang, label=label, autosave=autosave, settings=self.settings.as_dict()
        )

    def default_slot(self) -> str:
        from ..saves import slot_name

        assert self.plan is not None and self.game is not None
        return slot_name(f"{self.plan.id}-{'-'.join(self.players)}-{len(self.game.choices)}")

    def save(self, slot: str) -> Path:
        from .. import saves

        assert self.game is not None
        path = saves.write(self.saves_dir, slot, self.snapshot(label=slot.strip()))
        self._saved = [c.to_list() for c in self.game.choices]
        return path

    def autosave_slot(self) -> str:
        assert self.plan is not None and self.game is not None
        return self.settings.autosave_slot(self.plan.id, self.players, self.game.uid)

    def autosave(self) -> Path | None:
        """Write the autosave slot; None when there is nothing to save or the disk refused."""
        from .. import saves

        if self.game is None or self.plan is None or not self.players:
            return None
        try:
            return saves.write(self.saves_dir, self.autosave_slot(), self.snapshot(autosave=True))
        except OSError:
            return None

    def export_transcripts(self) -> tuple[Path, Path]:
        """Write Markdown and HTML transcripts of the game into the saves folder. Raises OSError."""
        from .. import saves
        from ..classroom import transcript
        from ..classroom.walkthrough import walk

        assert self.plan is not None and self.game is not None
        w = walk(self.plan, self.snapshot(), self.lang)
        stem = saves.slot_name(f"transcript-{self.plan.id}-{'-'.join(sorted(self.players))}-{self.game.uid[:8]}")
        md, html = self.saves_dir / f"{stem}.md", self.saves_dir / f"{stem}.html"
        saves.write_atomic(md, transcript.markdown(w))
        saves.write_atomic(html, transcript.html(w))
        return md, html

    def slot_path(self, slot: str) -> Path:
        from ..saves import find_slot

        return find_slot(self.saves_dir, slot)

    def plan_for(self, scenario: str) -> Plan:
        from ..catalog import plan_by_id

        if scenario in self.known:
            return self.known[scenario]
        plan = plan_by_id(scenario)  # a save names a scenario by id, never by path
        if plan is None:
            raise LoadError(f"scenario '{scenario}' is not installed or cannot be loaded")
        self.remember(plan)
        return plan

    def load(self, path: Path) -> Restored:
        """Replace the current game with a saved one. Raises LoadError."""
        from .. import saves

        try:
            data = saves.read(path)
            plan = self.plan_for(data.scenario)
            restored = saves.restore(plan, data)
        except saves.SaveError as exc:
            raise LoadError(str(exc)) from None
        self.resume(plan, restored.game)
        return restored

    def resume(self, plan: Plan, game: Game) -> None:
        """Carry on a game rebuilt from a save: every choice so far counts as saved."""
        self.remember(plan)
        self.plan, self.game = plan, game
        self.players = sorted(game.players)
        self.seat = self.turn() or self.players[0]
        self.briefed = set()
        self._saved = [c.to_list() for c in game.choices]

    def close(self) -> None:
        self.plan = self.seat = self.game = None
        self.players = []
        self.briefed = set()
        self._saved = []
