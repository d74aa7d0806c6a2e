"""The Textual app: starts on the title screen, owns the session, and moves between screens."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from .. import paths
from ..i18n import LANGS, t
from ..lazy import lazy_module
from ..settings import Settings
from .saving import SaveActions
from .screens.base import Localized, relabel_bindings
from .screens.title import TitleScreen
from .session import Session
from .sizeguard import SizeGuard
from .text import AMBER, BRASS, GREEN, INK, PANEL, RED, STEEL

if TYPE_CHECKING:
    from ..scenario.plan import Plan
    from .screens.seat import SeatScreen

# Loaded on first use: the title screen needs none of them (see game/lazy.py).
catalog = lazy_module("game.catalog")
saves = lazy_module("game.saves")
narrate = lazy_module("game.narrate")
palette = lazy_module("game.ui.commands")
watching = lazy_module("game.ui.watch")
dialogs = lazy_module("game.ui.screens.dialogs")
debrief = lazy_module("game.ui.screens.debrief")
ending = lazy_module("game.ui.screens.ending")
hotseat = lazy_module("game.ui.screens.hotseat")
play = lazy_module("game.ui.screens.play")
scenario_screen = lazy_module("game.ui.screens.scenario")
seat_screen = lazy_module("game.ui.screens.seat")

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

WATCH_INTERVAL = 0.5  # seconds between looks at the scenario files under --watch
MAX_SHOWN_PROBLEMS = 12

Message = Callable[[str], str]  # a text made in a language, so it can wait for a language switch


class BoardroomApp(SizeGuard, SaveActions, App[int]):
    CSS_PATH = "boardroom.tcss"
    TITLE = "Boardroom"
    BINDINGS = [
        Binding("question_mark", "help", "ui.key.help", key_display="?"),
        Binding("g", "switch_language", "ui.key.language"),
        Binding("ctrl+l", "switch_language", show=False),
    ]

    def __init__(
        self,
        lang: str | None = None,
        saves_dir: Path | None = None,
        plan: Plan | None = None,
        seat: str | None = None,
        seed: int = 0,
        load: str | None = None,
        settings: Settings | None = None,
        players: list[str] | None = None,
        watch: bool = False,
    ) -> None:
        """``players``: several seats for a hot-seat game; ``watch``: reload ``plan``'s files when they change."""
        super().__init__()
        self._use_theme(THEME)
        settings = settings or Settings()
        lang = lang or settings.lang or "en"
        self.session = Session(lang if lang in LANGS else "en", Path(saves_dir or paths.saves_dir()), seed, settings)
        self.start_plan, self.start_seat, self.start_load = plan, seat, load
        self.start_players = list(players) if players else None
        self.watch_problems: tuple[str, ...] = ()  # the edited scenario's problems, shown in the game
        self.watcher = (
            watching.ScenarioWatch(Path(plan.path), (paths.seeds_dir(),)) if watch and plan is not None else None
        )
        self._reload_due = False
        self._notices: dict[str, list[Message]] = {}  # hot seat: what a player is told at their next turn
        if plan is not None:
            self.session.remember(plan)

    # --- start-up -------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    def _use_theme(self, theme: Theme) -> None:
        """Make ``theme`` current before any stylesheet is parsed.

        Setting ``self.theme``, in on_mount or even here, has Textual parse every stylesheet again (twice
        from on_mount) before the first screen appears. So the theme is set without its watcher and the
        stylesheet is given its variables; the watcher's other work (dark-mode classes, the ANSI colour
        filter) is already done, since the theme is dark like Textual's default.
        """
        self.register_theme(theme)
        self.set_reactive(App.theme, theme.name)
        self.stylesheet.set_variables(self.get_css_variables())
        self.add_class(f"-theme-{theme.name}")

    def on_mount(self) -> None:
        relabel_bindings(self, self.session.lang)
        self.title = t("app.title", self.session.lang)
        plan, seat = self.start_plan, self.start_seat
        if self.start_load:
            self.load_path(self.session.slot_path(self.start_load))
        elif plan is not None and self.start_players:
            self.start_game(plan, self.start_players)
        elif plan is not None and seat is not None and seat in plan.seats:
            self.start_game(plan, seat)
        elif plan is not None:
            self.push_screen(self._seat_screen(plan))
        if self.watcher is not None:
            self.set_interval(WATCH_INTERVAL, self.poll_scenario, name="scenario-watch")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from palette.system_commands(self)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = t("ui.palette.placeholder", self.session.lang)
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    # --- what the teacher's settings allow ----------------------------------------------

    def undo_refusal(self) -> str | None:
        """Why undo is not allowed (an i18n key), or None."""
        if not self.session.settings.allow_undo:
            return "ui.undo.off"
        if self.session.hotseat:
            return "ui.undo.hotseat"
        return None

    def history_refusal(self) -> str | None:
        """Why the history panel stays closed (an i18n key), or None."""
        if self.session.settings.hide_history and self.session.in_progress:
            return "ui.history.hidden"
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        game = self.session.game
        if action == "undo":
            return self.undo_refusal() is None
        if action == "toggle_history":
            return self.history_refusal() is None
        if action == "debrief":
            return game is not None and game.over
        if action == "export_transcript":
            return game is not None
        return True

    # --- moving between screens -------------------------------------------------------

    def _seat_screen(self, plan: Plan) -> SeatScreen:
        return seat_screen.SeatScreen(plan, self.session.allowed_seats(plan))

    def _show(self, screen: Screen) -> None:
        """Make ``screen`` the only one above the title screen."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def show_game(self) -> None:
        session = self.session
        game = session.game
        if game is None:
            return
        if game.over:
            self._show(ending.EndingScreen())
            return
        self._show(play.PlayScreen())
        if session.hotseat and session.seat is not None:
            self._pass_to(session.seat)
        else:
            self._tell(session.seat)

    def _redraw(self) -> None:
        """Redraw the screen on top, and the game's screens under it (e.g. the play screen under a pass screen)."""
        for screen in self.screen_stack:
            if not screen.is_mounted:  # a screen draws itself when it mounts
                continue
            if screen is self.screen:
                if isinstance(screen, Localized):
                    screen.render_texts()
            elif isinstance(screen, play.PlayScreen | ending.EndingScreen | debrief.DebriefScreen):
                screen.render_texts()

    def _guard(self, title_key: str, go: Callable[[], None]) -> None:
        """Run ``go`` now, or after the player confirms when unsaved choices would be lost."""
        if not self.session.unsaved:
            go()
            return
        n = len(self.session.game.choices)  # type: ignore[union-attr]
        message = functools.partial(t, "ui.confirm.unsaved", n=n)
        self.push_screen(dialogs.ConfirmScreen(title_key, message), lambda yes: go() if yes else None)

    def new_game(self) -> None:
        def go() -> None:
            self.session.close()
            self._notices = {}
            while len(self.screen_stack) > 1:
                self.pop_screen()
            if self.start_plan is not None:
                self.push_screen(self._seat_screen(self.start_plan))
            else:
                self.push_screen(scenario_screen.ScenarioScreen())

        self._guard("ui.confirm.new_title", go)

    def choose_seat(self, plan: Plan) -> None:
        self.session.remember(plan)
        self.push_screen(self._seat_screen(plan))

    def start_game(self, plan: Plan, seat: str | list[str]) -> None:
        """Start with one seat, or with several for a hot-seat game."""
        self._notices = {}
        self.session.start(plan, seat)
        self.show_game()

    def choose(self, option_id: str, *, timed_out: bool = False) -> None:
        """The player's choice: play it, autosave, and show what follows (or pass the keyboard on)."""
        session = self.session
        game = session.game
        if game is None or game.pending is None or session.seat not in game.pending.waiting:
            return
        seat, logged = session.seat, len(game.log)
        game.choose(option_id, seat, timed_out=timed_out)
        self._autosave()
        # A ballot still waiting for the others has caused nothing yet.
        if session.settings.aftermath and len(game.log) > logged:
            self._redraw()  # so that the screen under the card is already the new one
            self._show_aftermath(seat, then=self._after_choice)
        else:
            self._after_choice()

    def _after_choice(self) -> None:
        session, game = self.session, self.session.game
        if game is None:
            return
        if game.over:
            self.show_game()
        elif session.hotseat and session.follow_turn():
            assert session.seat is not None
            self._pass_to(session.seat)
            self._redraw()
        else:
            self._redraw()

    def _show_aftermath(self, seat: str, then: Callable[[], None]) -> None:
        """What the choice caused, and after the last decision the rest of the week, before play goes on."""
        from .. import aftermath
        from .screens.aftermath import AftermathScreen

        game = self.session.game
        assert game is not None
        # At one keyboard the next player is about to sit down: ballots stay secret there.
        open_ballots = not self.session.hotseat

        def cards(lang: str) -> list[aftermath.Card]:
            now = [aftermath.after_choice(game, seat, lang, open_ballots=open_ballots)]
            return now + aftermath.last_days(game, seat, lang, open_ballots=open_ballots)

        self.push_screen(AftermathScreen(cards), callback=lambda _: then())

    # --- hot seat -----------------------------------------------------------------------

    def _pass_to(self, seat: str) -> None:
        """Hide the screen until ``seat``'s player has the keyboard; on their first turn, show their role card."""
        self.push_screen(hotseat.PassScreen(seat), lambda _ready: self._after_pass(seat))

    def _after_pass(self, seat: str) -> None:
        session = self.session
        if session.plan is None or seat in session.briefed:
            self._begin_turn()
            return

        def taken(take: bool | None) -> None:
            if take:
                session.briefed.add(seat)
                self._begin_turn()
            else:
                self._pass_to(seat)

        self.push_screen(seat_screen.BriefingScreen(session.plan, seat), taken)

    def _begin_turn(self) -> None:
        self._redraw()
        self._tell(self.session.seat)

    def _tell(self, seat: str | None) -> None:
        """Show what waited for this seat (a timeout at its last turn)."""
        for message in self._notices.pop(seat or "", []):
            lang = self.session.lang
            self.notify(message(lang), title=t("ui.timer.ran_out_title", lang), severity="warning", markup=False)

    # --- the decision timer -------------------------------------------------------------

    def time_out(self) -> None:
        """Time is up: the default happens. Inaction is a choice too."""
        session = self.session
        game, plan, seat = session.game, session.plan, session.seat
        if game is None or plan is None or game.pending is None or seat not in game.pending.waiting:
            return
        decision = game.pending.decision
        from ..engine.history import timeout_pick

        option = timeout_pick(game, session.settings.on_timeout, seat)

        def message(lang: str) -> str:
            return t(
                "ui.timer.ran_out", lang, decision=decision.model.title.get(lang), option=option.model.text.get(lang)
            )

        lang = session.lang
        title = t("ui.timer.ran_out_title", lang)
        if session.hotseat:  # the next player must not learn what this seat's default was
            self._notices.setdefault(seat, []).append(message)
            name = narrate.seat_name(plan, seat, lang)
            self.notify(t("ui.timer.ran_out_other", lang, name=name), title=title, severity="warning", markup=False)
        else:
            self.notify(message(lang), title=title, severity="warning", markup=False, timeout=10)
        self.choose(option.id, timed_out=True)

    # --- actions (keys and command palette) ---------------------------------------------------

    def _autosave(self) -> None:
        if self.session.game is not None and self.session.autosave() is None:
            self.notify(t("ui.save.failed", self.session.lang), severity="error", markup=False)

    def action_undo(self) -> None:
        lang = self.session.lang
        refusal = self.undo_refusal()
        if refusal is not None:
            self.notify(t(refusal, lang), markup=False)
            return
        game = self.session.game
        if game is None or not game.choices:
            self.notify(t("plain.no_undo", lang), markup=False)
            return
        was_over = game.over
        game.undo()
        self._autosave()
        if was_over:
            self.show_game()
        else:
            self._redraw()
        self.notify(t("plain.undone", lang), markup=False)

    def action_toggle_history(self) -> None:
        if isinstance(self.screen, play.PlayScreen):
            self.screen.action_toggle_history()

    def action_debrief(self) -> None:
        game = self.session.game
        if game is None or not game.over or isinstance(self.screen, debrief.DebriefScreen):
            return
        self.push_screen(debrief.DebriefScreen())

    def action_export_transcript(self) -> None:
        """Markdown and HTML transcripts of the game so far, written to the saves folder."""
        session, lang = self.session, self.session.lang
        if session.game is None:
            self.notify(t("ui.export.none", lang), markup=False)
            return
        try:
            md, html = session.export_transcripts()
        except OSError as exc:
            message = t("ui.export.failed", lang, error=exc.strerror or exc)
            self.notify(message, severity="error", markup=False, timeout=10)
            return
        self.notify(
            t("ui.export.done", lang, md=md, html=html), title=t("ui.export.done_title", lang), markup=False, timeout=15
        )

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
        if not isinstance(self.screen, dialogs.HelpScreen):
            self.push_screen(dialogs.HelpScreen())

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

        if not session.in_progress or isinstance(self.screen, dialogs.ConfirmScreen):
            leave()
            return
        slot = session.autosave_slot()
        message = functools.partial(t, "ui.confirm.quit", slot=slot)
        self.push_screen(dialogs.ConfirmScreen("ui.confirm.quit_title", message), leave)

    async def action_quit(self) -> None:
        self.action_request_quit()

    # --- --watch: the scenario reloads as its author edits it ------------------------------------

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
        assert self.watcher is not None
        session, lang = self.session, self.session.lang
        try:
            plan, problems = catalog.load_plan(self.watcher.path)
        except Exception as exc:  # the game must outlive any scenario an author can write
            plan, problems = None, []
            self._show_problems([f"{self.watcher.path}: {exc}"])
            return
        if plan is None:
            errors = [p for p in problems if p.severity == "error"] or problems
            self._show_problems([p.format() for p in errors] or [str(self.watcher.path)])
            return
        game = session.game
        old = self.start_plan
        if game is None:
            self._clear_problems()
            self.start_plan = plan
            session.remember(plan)
            if isinstance(self.screen, seat_screen.SeatScreen) and old is not None and self.screen.plan.id == plan.id:
                self.pop_screen()
                self.push_screen(self._seat_screen(plan))
            self.notify(t("ui.watch.reloaded_plain", lang), markup=False)
            return
        try:
            restored = saves.restore(plan, session.snapshot())
        except saves.SaveError as exc:
            self._show_problems([t("ui.watch.cannot", lang, error=exc)])
            return
        self._clear_problems()
        self.start_plan = plan
        was_over, was_seat = game.over, session.seat
        session.replace(plan, restored.game)
        if restored.stopped_at is not None:
            pending = restored.game.pending
            where = pending.decision.model.title.get(lang) if pending else t("ui.load.at_end", lang)
            message = t("ui.watch.changed", lang, n=restored.stopped_at + 1, decision=where)
            self.notify(message, severity="warning", markup=False, timeout=10)
        else:
            self.notify(t("ui.watch.reloaded", lang, n=len(restored.game.choices)), markup=False)
        unchanged = restored.game.over == was_over and session.seat == was_seat
        if unchanged and isinstance(self.screen, play.PlayScreen | ending.EndingScreen | debrief.DebriefScreen):
            self._redraw()
        else:
            self.show_game()

    def _show_problems(self, lines: list[str]) -> None:
        shown = lines[:MAX_SHOWN_PROBLEMS]
        if len(lines) > len(shown):
            shown.append(f"… (+{len(lines) - len(shown)})")
        self.watch_problems = tuple(shown)
        lang = self.session.lang
        self.notify(
            "\n".join([t("ui.watch.errors", lang, n=len(lines)), *shown[:3]]),
            severity="error",
            markup=False,
            timeout=8,
        )
        self._redraw()

    def _clear_problems(self) -> None:
        if self.watch_problems:
            self.watch_problems = ()
            self._redraw()
