"""The Textual app: starts on the title screen, owns the session, and moves between screens."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import Theme

from .. import paths
from ..i18n import LANGS, t
from ..scenario.plan import Plan
from .commands import system_commands
from .saving import SaveActions
from .screens.base import Localized, relabel_bindings
from .screens.dialogs import ConfirmScreen, HelpScreen
from .screens.ending import EndingScreen
from .screens.play import PlayScreen
from .screens.scenario import ScenarioScreen
from .screens.seat import SeatScreen
from .screens.title import TitleScreen
from .session import Session
from .text import AMBER, BRASS, GREEN, INK, PANEL, RED, STEEL

THEME = Theme(
    name="boardroom",
    primary=BRASS,
    secondary=STEEL,
    accent=BRASS,
    warning=AMBER,
    error=RED,
    success=GREEN,
    foreground=INK,
    background=PANEL,
    surface="#151a20",
    panel="#1d232b",
    dark=True,
)


class BoardroomApp(SaveActions, App[int]):
    CSS_PATH = "boardroom.tcss"
    TITLE = "Boardroom"
    BINDINGS = [
        Binding("question_mark", "help", "ui.key.help", key_display="?"),
        Binding("g", "switch_language", "ui.key.language"),
        Binding("ctrl+l", "switch_language", show=False),
    ]

    def __init__(
        self,
        lang: str = "en",
        saves_dir: Path | None = None,
        plan: Plan | None = None,
        seat: str | None = None,
        seed: int = 0,
        load: str | None = None,
    ) -> None:
        super().__init__()
        self.session = Session(lang if lang in LANGS else "en", Path(saves_dir or paths.saves_dir()), seed)
        self.start_plan, self.start_seat, self.start_load = plan, seat, load
        if plan is not None:
            self.session.remember(plan)

    # --- start-up -------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    def on_mount(self) -> None:
        self.register_theme(THEME)
        self.theme = "boardroom"
        relabel_bindings(self, self.session.lang)
        self.title = t("app.title", self.session.lang)
        plan, seat = self.start_plan, self.start_seat
        if self.start_load:
            self.load_path(self.session.slot_path(self.start_load))
        elif plan is not None and seat is not None and seat in plan.seats:
            self.start_game(plan, seat)
        elif plan is not None:
            self.push_screen(SeatScreen(plan))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from system_commands(self)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = t("ui.palette.placeholder", self.session.lang)
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    # --- moving between screens -------------------------------------------------------

    def _show(self, screen: Screen) -> None:
        """Make ``screen`` the only one above the title screen."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def show_game(self) -> None:
        game = self.session.game
        if game is not None:
            self._show(EndingScreen() if game.over else PlayScreen())

    def _redraw(self) -> None:
        if isinstance(self.screen, Localized):
            self.screen.render_texts()

    def _guard(self, title_key: str, go: Callable[[], None]) -> None:
        """Run ``go`` now, or after the player confirms when unsaved choices would be lost."""
        if not self.session.unsaved:
            go()
            return
        n = len(self.session.game.choices)  # type: ignore[union-attr]
        message = functools.partial(t, "ui.confirm.unsaved", n=n)
        self.push_screen(ConfirmScreen(title_key, message), lambda yes: go() if yes else None)

    def new_game(self) -> None:
        def go() -> None:
            self.session.close()
            while len(self.screen_stack) > 1:
                self.pop_screen()
            if self.start_plan is not None:
                self.push_screen(SeatScreen(self.start_plan))
            else:
                self.push_screen(ScenarioScreen())

        self._guard("ui.confirm.new_title", go)

    def choose_seat(self, plan: Plan) -> None:
        self.session.remember(plan)
        self.push_screen(SeatScreen(plan))

    def start_game(self, plan: Plan, seat: str) -> None:
        self.session.start(plan, seat)
        self.show_game()

    def choose(self, option_id: str) -> None:
        """The player's choice: play it, autosave, and show what follows."""
        session = self.session
        if session.game is None or session.game.pending is None:
            return
        session.game.choose(option_id, session.seat)
        self._autosave()
        if session.game.over:
            self.show_game()
        else:
            self._redraw()

    # --- actions (keys and command palette) ---------------------------------------------------

    def _autosave(self) -> None:
        if self.session.game is not None and self.session.autosave() is None:
            self.notify(t("ui.save.failed", self.session.lang), severity="error", markup=False)

    def action_undo(self) -> None:
        game = self.session.game
        if game is None or not game.choices:
            self.notify(t("plain.no_undo", self.session.lang), markup=False)
            return
        was_over = game.over
        game.undo()
        self._autosave()
        if was_over:
            self.show_game()
        else:
            self._redraw()
        self.notify(t("plain.undone", self.session.lang), markup=False)

    def action_toggle_history(self) -> None:
        if isinstance(self.screen, PlayScreen):
            self.screen.action_toggle_history()

    def action_switch_language(self) -> None:
        names = list(LANGS)
        session = self.session
        session.lang = names[(names.index(session.lang) + 1) % len(names)]
        relabel_bindings(self, session.lang)
        self.title = t("app.title", session.lang)
        for screen in self.screen_stack:
            if isinstance(screen, Localized):
                screen.relocalize()
        self.refresh_bindings()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_new_game(self) -> None:
        self.new_game()

    def action_request_quit(self) -> None:
        """Quit, asking first in the middle of a game; the game is autosaved either way."""
        session = self.session

        def leave(yes: bool | None = True) -> None:
            if yes:
                if session.game is not None:
                    session.autosave()
                self.exit(0)

        if not session.in_progress or isinstance(self.screen, ConfirmScreen):
            leave()
            return
        slot = session.autosave_slot()
        message = functools.partial(t, "ui.confirm.quit", slot=slot)
        self.push_screen(ConfirmScreen("ui.confirm.quit_title", message), leave)

    async def action_quit(self) -> None:
        self.action_request_quit()
