"""The table: one game, its seats, and everything players may do at it, with no UI.

Each action names the seat that acts and returns what happened; listeners hear events (``events.py``), each for
every seat or for one. The Textual app, plain mode and a class server with a device per seat all drive this
class: a device listens for the seats it shows and acts for the seat in front of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .events import Changed, Ended, Event, Happened, Listener, Reopened, SaveFailed, TimedOut, TurnPassed, audience
from .session import Session

if TYPE_CHECKING:
    from ..saves import Restored
    from ..scenario.plan import Plan


class Reload(NamedTuple):  # not a frozen dataclass, which compiles its methods at import (events.py)
    """What came of reloading an edited scenario. Without a ``plan``, the old one plays on."""

    plan: Plan | None = None
    errors: tuple[str, ...] = ()  # the scenario's problems, as ``file:line:col: message``
    cannot: str | None = None  # why the new scenario cannot continue this game (a save error)
    restored: Restored | None = None  # the game rebuilt on the new plan; None when no game was in progress


class Controller:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._listeners: list[tuple[Listener, frozenset[str] | None]] = []

    # --- listening ----------------------------------------------------------------------

    def listen(self, listener: Listener, seats: Iterable[str] | None = None) -> Callable[[], None]:
        """Call ``listener`` with every event for everyone, and the private ones of ``seats`` (default: all seats).

        Returns a function that stops the listening.
        """
        entry = (listener, frozenset(seats) if seats is not None else None)
        self._listeners.append(entry)
        return lambda: self._listeners.remove(entry)

    def _emit(self, event: Event) -> None:
        seat = audience(event)
        for listener, seats in list(self._listeners):
            if seat is None or seats is None or seat in seats:
                listener(event)

    # --- what the settings allow ------------------------------------------------------------

    def undo_refusal(self) -> str | None:
        return self.session.undo_refusal()

    def history_refusal(self) -> str | None:
        return self.session.history_refusal()

    def may_choose(self, seat: str | None) -> bool:
        game = self.session.game
        return game is not None and game.pending is not None and seat in game.pending.waiting

    # --- playing ------------------------------------------------------------------------------

    def start(self, plan: Plan, seats: str | list[str]) -> None:
        """A new game with one seat, or several for a game with several players."""
        self.session.start(plan, seats)
        self._emit(Changed())

    def load(self, path: Path) -> Restored:
        """Carry on a saved game. Raises ``LoadError`` with a message for the player."""
        restored = self.session.load(path)
        self._emit(Changed())
        return restored

    def choose(self, seat: str, option_id: str, *, timed_out: bool = False, decision: str | None = None) -> bool:
        """``seat`` takes an option. False when it is not that seat's turn, or when ``decision`` (the decision the
        player saw) is no longer the one waiting: a late key or a stale message."""
        session, game = self.session, self.session.game
        if game is None or not self.may_choose(seat):
            return False
        if decision is not None and (game.pending is None or game.pending.decision.id != decision):
            return False
        logged = len(game.log)
        game.choose(option_id, seat, timed_out=timed_out)
        self.autosave()
        if len(game.log) > logged:  # a ballot still waiting for the others has caused nothing yet
            self._emit(Happened(seat, logged))
        if not game.over and session.hotseat and session.follow_turn():
            assert session.seat is not None
            self._emit(TurnPassed(session.seat))
        self._emit(Changed())
        if game.over:
            self._emit(Ended())
        return True

    def time_out(self, seat: str) -> TimedOut | None:
        """``seat``'s time is up: the default the settings name happens. Inaction is a choice too."""
        from ..engine.history import timeout_choice

        game = self.session.game
        if game is None or game.pending is None or not self.may_choose(seat):
            return None
        picked = timeout_choice(game, self.session.settings.on_timeout, seat)
        option = picked.option
        event = TimedOut(seat, game.pending.decision.id, option.id, picked.reason.key)
        self._emit(event)
        self.choose(seat, option.id, timed_out=True)
        return event

    def undo(self) -> str | None:
        """Take back the last choice. Returns why it cannot be done (an i18n key), or None when it was."""
        refusal = self.undo_refusal()
        if refusal is not None:
            return refusal
        game = self.session.game
        if game is None or not game.choices:
            return "plain.no_undo"
        was_over = game.over
        game.undo()
        self.autosave()
        self._emit(Changed())
        if was_over:
            self._emit(Reopened())
        return None

    # --- saving ---------------------------------------------------------------------------

    def autosave(self) -> Path | None:
        """Write the autosave; tells the listeners when the disk refused."""
        if self.session.game is None:
            return None
        path = self.session.autosave()
        if path is None:
            self._emit(SaveFailed())
        return path

    def save(self, slot: str) -> Path:
        """Save to a named slot. Raises OSError."""
        return self.session.save(slot)

    def export(self) -> tuple[Path, Path]:
        """Markdown and HTML transcripts of the game so far, in the saves folder. Raises OSError."""
        return self.session.export_transcripts()

    # --- an edited scenario (``--watch``) ------------------------------------------------------

    def reload(self, path: Path) -> Reload:
        """Load the edited scenario at ``path``; on errors keep the old one, else replay the choices on the new."""
        from .. import saves
        from ..catalog import load_plan

        try:
            plan, problems = load_plan(path)
        except Exception as exc:  # the game must outlive any scenario an author can write
            return Reload(errors=(f"{path}: {exc}",))
        if plan is None:
            errors = [p for p in problems if p.severity == "error"] or problems
            return Reload(errors=tuple(p.format() for p in errors) or (str(path),))
        session = self.session
        if session.game is None:
            session.remember(plan)
            return Reload(plan=plan)
        try:
            restored = saves.restore(plan, session.snapshot())
        except saves.SaveError as exc:
            return Reload(cannot=str(exc))
        session.replace(plan, restored.game)
        self._emit(Changed())
        return Reload(plan=plan, restored=restored)
