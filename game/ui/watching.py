"""``--watch`` in the app: reload the scenario its author is editing, and show its problems meanwhile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import ModalScreen

from ..i18n import t
from .screens.base import GameScreen
from .view import GameView, Start

if TYPE_CHECKING:
    from textual.app import App

    from ..controller import Controller, Session
    from ..controller.watch import ScenarioWatch
    from ..scenario.plan import Plan
    from .screens.seat import SeatScreen

    _Base = App[int]
else:
    _Base = object

MAX_SHOWN_PROBLEMS = 12


class WatchActions(_Base):
    """Mixed into BoardroomApp: polls the watched files and reloads when no dialog is open."""

    session: Session
    controller: Controller
    watcher: ScenarioWatch | None
    start: Start
    game_view: GameView
    _reload_due: bool
    if TYPE_CHECKING:  # provided by BoardroomApp

        def show_game(self) -> None: ...

        def _seat_screen(self, plan: Plan) -> SeatScreen: ...

        def _show_view(self, problems: tuple[str, ...] | None = None) -> None: ...

    def poll_scenario(self) -> None:
        """Look at the scenario's files; after a change, reload when no dialog is open."""
        if self.watcher is None:
            return
        if self.watcher.changed():
            self._reload_due = True
        if self._reload_due and not isinstance(self.screen, ModalScreen):
            self._reload_due = False
            self.reload_scenario()

    def reload_scenario(self) -> None:
        """Load the edited scenario; on errors keep playing the old one, else replay the choices on the new one."""
        from .screens.seat import SeatScreen

        assert self.watcher is not None
        lang = self.session.lang
        game = self.session.game
        was_over, was_seat = (game.over, self.session.seat) if game is not None else (False, None)
        result = self.controller.reload(self.watcher.path)
        if result.cannot is not None:
            self._show_problems([t("ui.watch.cannot", lang, error=result.cannot)])
            return
        if result.plan is None:
            self._show_problems(list(result.errors))
            return
        old, self.start = self.start.plan, Start(result.plan, self.start.seat, self.start.players, self.start.load)
        if self.game_view.problems:
            self._show_view(())
        restored = result.restored
        if restored is None:
            screen = self.screen
            if isinstance(screen, SeatScreen) and old is not None and screen.plan.id == result.plan.id:
                self.pop_screen()
                self.push_screen(self._seat_screen(result.plan))
            self.notify(t("ui.watch.reloaded_plain", lang), markup=False)
            return
        if restored.stopped_at is not None:
            pending = restored.game.pending
            where = pending.decision.model.title.get(lang) if pending else t("ui.load.at_end", lang)
            message = t("ui.watch.changed", lang, n=restored.stopped_at + 1, decision=where)
            self.notify(message, severity="warning", markup=False, timeout=10)
        else:
            self.notify(t("ui.watch.reloaded", lang, n=len(restored.game.choices)), markup=False)
        unchanged = restored.game.over == was_over and self.session.seat == was_seat
        if not (unchanged and isinstance(self.screen, GameScreen)):
            self.show_game()

    def _show_problems(self, lines: list[str]) -> None:
        shown = lines[:MAX_SHOWN_PROBLEMS]
        if len(lines) > len(shown):
            shown.append(f"… (+{len(lines) - len(shown)})")
        lang = self.session.lang
        self.notify(
            "\n".join([t("ui.watch.errors", lang, n=len(lines)), *shown[:3]]),
            severity="error",
            markup=False,
            timeout=8,
        )
        self._show_view(tuple(shown))
