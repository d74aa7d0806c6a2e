"""The Textual app: a thin shell that moves between screens and wires them to the controller.

The game's flow (choosing, undo, the timer's default, hot-seat turns, autosave, reloading an edited scenario)
lives in ``game.controller``, with no UI. Screens post messages up (``PlayScreen.Chosen``); the app hands them to
the controller, and the controller's events come back as a new ``game_view``, which the game screens watch.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.reactive import var
from textual.screen import Screen
from textual.theme import Theme

from .. import paths
from ..controller import Controller, Ended, Event, Happened, Reopened, SaveFailed, Session, TimedOut, TurnPassed
from ..i18n import LANGS, t
from ..settings import Settings
from . import messages
from .saving import SaveActions
from .screens.base import Localized, relabel_bindings
from .screens.title import TitleScreen
from .sizeguard import SizeGuard
from .text import AMBER, BRASS, GREEN, INK, PANEL, RED, STEEL
from .view import GameView, Start
from .watching import WatchActions

if TYPE_CHECKING:
    from ..controller.watch import ScenarioWatch
    from ..scenario.plan import Plan
    from .screens.seat import SeatScreen

# The screens past the title one are imported where they are first shown: the title screen needs none of
# them, nor the scenario machinery they bring (docs/performance.md).

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

Message = Callable[[str], str]  # a text made in a language, so it can wait for a language switch


class BoardroomApp(SizeGuard, SaveActions, WatchActions, App[int]):
    CSS_PATH = "boardroom.tcss"
    TITLE = "Boardroom"
    BINDINGS = [
        Binding("question_mark", "help", "ui.key.help", key_display="?"),
        Binding("g", "switch_language", "ui.key.language"),
        Binding("ctrl+l", "switch_language", show=False),
    ]

    # A var, not a reactive: the screens watch it and draw what changed, while a reactive on the app would also
    # repaint the whole screen, a second frame for every choice (benchmarks/keypress.py).
    game_view: var[GameView] = var(GameView(), init=False)

    def __init__(self, controller: Controller, start: Start | None = None, watcher: ScenarioWatch | None = None):
        """Use ``make_app``, which builds the controller from the command line's options."""
        super().__init__()
        self._use_theme(THEME)
        self.controller = controller
        self.session: Session = controller.session
        self.start = start or Start()
        self.watcher = watcher  # --watch: the edited scenario's files
        self._reload_due = False
        self._notices: dict[str, list[Message]] = {}  # hot seat: what a player is told at their next turn
        self._held: list[Event] | None = None  # while a "what happened" card is up: the turn or ending it holds
        self._card_notes: dict[str, list[Message]] = {}  # a seat's timeout, said again on its next card
        # Hot seat: for each seat, the log's length and the world's values when its player last saw a card.
        self._seen: dict[str, tuple[int, dict[str, int | bool]]] = {}
        controller.listen(self._heard)

    @property
    def watch_problems(self) -> tuple[str, ...]:
        return self.game_view.problems

    # --- start-up -------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return TitleScreen()

    def _use_theme(self, theme: Theme) -> None:
        """Make ``theme`` current before any stylesheet is parsed.

        Assigning ``self.theme`` re-parses every stylesheet before the first screen appears, to apply a change
        from the default. Nothing has been drawn yet, so the theme is set as the starting value with
        ``set_reactive`` and the stylesheet gets its variables; both themes are dark, so the dark-mode
        classes Textual set at start-up stay right.
        """
        self.register_theme(theme)
        self.set_reactive(App.theme, theme.name)
        self.stylesheet.set_variables(self.get_css_variables())

    def on_mount(self) -> None:
        relabel_bindings(self, self.session.lang)
        self.title = t("app.title", self.session.lang)
        start = self.start
        if start.load:
            self.load_path(self.session.slot_path(start.load))
        elif start.plan is not None and start.players:
            self.start_game(start.plan, start.players)
        elif start.plan is not None and start.seat is not None and start.seat in start.plan.seats:
            self.start_game(start.plan, start.seat)
        elif start.plan is not None:
            self.push_screen(self._seat_screen(start.plan))
        if self.watcher is not None:
            self.set_interval(WATCH_INTERVAL, self.poll_scenario, name="scenario-watch")

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from .commands import system_commands

        yield from system_commands(self)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # App[object] wanted; App is invariant
            placeholder = t("ui.palette.placeholder", self.session.lang)
            self.push_screen(CommandPalette(id="--command-palette", placeholder=placeholder))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        game = self.session.game
        if action == "undo":
            return self.controller.undo_refusal() is None
        if action == "toggle_history":
            return self.controller.history_refusal() is None
        if action == "debrief":
            return game is not None and game.over
        if action == "export_transcript":
            return game is not None
        if action == "characters":
            return game is not None and self.session.seat is not None
        return True

    # --- what the controller tells -------------------------------------------------------

    def _heard(self, event: Event) -> None:
        if self._held is not None and isinstance(event, TurnPassed | Ended):
            self._held.append(event)  # after the card: the player learns what their choice did first
            return
        if isinstance(event, Happened):
            # At one keyboard a seat whose time ran out may have walked away: its card waits for its next turn.
            waiting = self.session.hotseat and event.seat in self._notices
            if self.session.settings.aftermath and not waiting:
                self._held = []
                self._show_aftermath(event.seat, then=self._release)
        elif isinstance(event, TurnPassed):
            self._pass_to(event.seat)
        elif isinstance(event, Ended | Reopened):
            self.show_game()
        elif isinstance(event, TimedOut):
            self._timed_out(event)
        elif isinstance(event, SaveFailed):
            self.notify(t("ui.save.failed", self.session.lang), severity="error", markup=False)
        else:  # Changed
            self._show_view()

    def _show_view(self, problems: tuple[str, ...] | None = None) -> None:
        view = self.game_view
        self.game_view = GameView(view.revision + 1, view.problems if problems is None else problems)

    # --- moving between screens -------------------------------------------------------

    def _seat_screen(self, plan: Plan) -> SeatScreen:
        from .screens.seat import SeatScreen

        return SeatScreen(plan, self.session.allowed_seats(plan))

    def _show(self, screen: Screen[Any]) -> None:
        """Make ``screen`` the only one above the title screen."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def ending_screen(self) -> Screen[Any]:
        """The screen a finished game shows (a class game shows the class's choices beside it)."""
        from .screens.ending import EndingScreen

        return EndingScreen()

    def show_game(self) -> None:
        from .screens.play import PlayScreen

        session = self.session
        game = session.game
        if game is None:
            return
        if game.over:
            self._show(self.ending_screen())
            return
        self._show(PlayScreen())
        if session.hotseat and session.seat is not None:
            self._pass_to(session.seat)
        else:
            self._tell(session.seat)

    def _guard(self, title_key: str, go: Callable[[], None]) -> None:
        """Run ``go`` now, or after the player confirms when unsaved choices would be lost."""
        from .screens.dialogs import ConfirmScreen

        game = self.session.game
        if game is None or not self.session.unsaved:
            go()
            return
        message = functools.partial(t, "ui.confirm.unsaved", n=len(game.choices))
        self.push_screen(ConfirmScreen(title_key, message), lambda yes: go() if yes else None)

    def new_game(self) -> None:
        from .screens.scenario import ScenarioScreen

        def go() -> None:
            self.session.close()
            self._notices = {}
            while len(self.screen_stack) > 1:
                self.pop_screen()
            if self.start.plan is not None:
                self.push_screen(self._seat_screen(self.start.plan))
            else:
                self.push_screen(ScenarioScreen())

        self._guard("ui.confirm.new_title", go)

    def choose_seat(self, plan: Plan) -> None:
        self.session.remember(plan)
        self.push_screen(self._seat_screen(plan))

    def start_game(self, plan: Plan, seat: str | list[str]) -> None:
        """Start with one seat, or with several for a hot-seat game."""
        self._notices = {}
        self._card_notes = {}
        self._seen = {}
        self.controller.start(plan, seat)
        self.show_game()

    # --- messages from the screens -------------------------------------------------------------

    @on(messages.Chosen)
    def _chosen(self, message: messages.Chosen) -> None:
        if message.seat == self.session.seat:
            self.controller.choose(message.seat, message.option_id, decision=message.decision_id)

    @on(messages.TimeRanOut)
    def _time_ran_out(self) -> None:
        seat = self.session.seat
        if seat is not None:
            self.controller.time_out(seat)

    @on(messages.StartGame)
    def _start_game(self, message: messages.StartGame) -> None:
        self.start_game(message.plan, message.seats)

    @on(messages.PickSeat)
    def _pick_seat(self, message: messages.PickSeat) -> None:
        self.choose_seat(message.plan)

    def _release(self) -> None:
        held, self._held = self._held or [], None
        for event in held:
            self._heard(event)

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

        def closed(_: object) -> None:
            self._saw(seat)
            then()

        self.push_screen(AftermathScreen(cards, self._card_notes.pop(seat, [])), callback=closed)

    def _saw(self, seat: str) -> None:
        game = self.session.game
        if game is not None:
            self._seen[seat] = (len(game.log), dict(game.values))

    def _show_since_turn(self, seat: str, then: Callable[[], None]) -> None:
        """Hot seat, at the start of a turn: what the seat could see happen while the others played."""
        from .. import aftermath
        from .screens.aftermath import AftermathScreen

        game = self.session.game
        seen = self._seen.get(seat)
        if game is None or seen is None or not self.session.settings.aftermath:
            self._saw(seat)
            then()
            return
        start, before = seen

        def cards(lang: str) -> list[aftermath.Card]:
            return [aftermath.since_turn(game, seat, start, before, lang)]  # ballots stay secret at one keyboard

        notes = self._card_notes.pop(seat, [])
        if cards(self.session.lang)[0].empty and not notes:
            self._saw(seat)
            then()
            return

        def closed(_: object) -> None:
            self._saw(seat)
            then()

        self.push_screen(AftermathScreen(cards, notes), callback=closed)

    # --- hot seat -----------------------------------------------------------------------

    def _pass_to(self, seat: str) -> None:
        """Hide the screen until ``seat``'s player has the keyboard; on their first turn, show their role card."""
        from .screens.hotseat import PassScreen

        self.push_screen(PassScreen(seat), lambda _ready: self._after_pass(seat))

    def _after_pass(self, seat: str) -> None:
        from .screens.seat import BriefingScreen

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

        self.push_screen(BriefingScreen(session.plan, seat), taken)

    def _begin_turn(self) -> None:
        self._show_view()
        seat = self.session.seat
        if seat is None:
            return
        self._show_since_turn(seat, then=lambda: self._tell(seat))

    def _tell(self, seat: str | None) -> None:
        """Show what waited for this seat (a timeout at its last turn)."""
        for message in self._notices.pop(seat or "", []):
            lang = self.session.lang
            self.notify(message(lang), title=t("ui.timer.ran_out_title", lang), severity="warning", markup=False)

    def _timed_out(self, event: TimedOut) -> None:
        """Say that the default happened; in a hot-seat game, only to the seat it happened to, at its next turn."""
        from ..narrate import seat_name

        plan = self.session.plan
        if plan is None:
            return
        decision = plan.decisions[event.decision]
        option = decision.by_id[event.option].model

        def message(lang: str) -> str:
            # The reason says plainly why this option: doing nothing, or, where no option means that, the course
            # the settings pick instead.
            why = t(event.reason, lang)
            title = decision.model.title.get(lang)
            return t("ui.timer.ran_out", lang, decision=title, option=option.text.get(lang), why=why)

        lang = self.session.lang
        title = t("ui.timer.ran_out_title", lang)
        self._card_notes.setdefault(event.seat, []).append(message)
        if self.session.hotseat:  # the next player must not learn what this seat's default was
            self._notices.setdefault(event.seat, []).append(message)
            name = seat_name(plan, event.seat, lang)
            self.notify(t("ui.timer.ran_out_other", lang, name=name), title=title, severity="warning", markup=False)
        else:
            self.notify(message(lang), title=title, severity="warning", markup=False, timeout=10)

    # --- actions (keys and command palette) ---------------------------------------------------

    def action_undo(self) -> None:
        lang = self.session.lang
        refusal = self.controller.undo()
        self.notify(t(refusal or "plain.undone", lang), markup=False)

    def action_toggle_history(self) -> None:
        from .screens.play import PlayScreen

        if isinstance(self.screen, PlayScreen):
            self.screen.action_toggle_history()

    def action_debrief(self) -> None:
        from .screens.debrief import DebriefScreen

        game = self.session.game
        if game is None or not game.over or isinstance(self.screen, DebriefScreen):
            return
        self.push_screen(DebriefScreen())

    def action_characters(self) -> None:
        """Where the others stand toward the seat at the keyboard now."""
        from .. import aftermath
        from ..narrate import stance_label
        from .screens.characters import CharactersScreen

        game, seat = self.session.game, self.session.seat
        if game is None or seat is None or isinstance(self.screen, CharactersScreen):
            return

        def standings(lang: str) -> tuple[str, tuple[aftermath.TrustMove, ...]]:
            return stance_label(game.plan, lang), aftermath.standings(game, seat, lang)

        self.push_screen(CharactersScreen(standings))

    def action_export_transcript(self) -> None:
        """Markdown and HTML transcripts of the game so far, written to the saves folder."""
        lang = self.session.lang
        if self.session.game is None:
            self.notify(t("ui.export.none", lang), markup=False)
            return
        try:
            md, html = self.controller.export()
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
        from .screens.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_new_game(self) -> None:
        self.new_game()

    def action_request_quit(self) -> None:
        """Quit, asking first in the middle of a game; the game is autosaved either way."""
        from .screens.dialogs import ConfirmScreen

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


def make_app(
    *,
    lang: str | None = None,
    saves_dir: Path | None = None,
    plan: Plan | None = None,
    seat: str | None = None,
    seed: int = 0,
    load: str | None = None,
    settings: Settings | None = None,
    players: list[str] | None = None,
    watch: bool = False,
) -> BoardroomApp:
    """The game as the command line, the tests and ``boardroom serve`` (through the command line) start it.

    ``players``: several seats for a hot-seat game; ``watch``: reload ``plan``'s files when they change.
    """
    settings = settings or Settings()
    lang = lang or settings.lang or "en"
    session = Session(lang if lang in LANGS else "en", Path(saves_dir or paths.saves_dir()), seed, settings)
    watcher = None
    if watch and plan is not None:
        from ..controller.watch import ScenarioWatch

        watcher = ScenarioWatch(Path(plan.path), (paths.seeds_dir(),))
    if plan is not None:
        session.remember(plan)
    start = Start(plan, seat, list(players) if players else None, load)
    return BoardroomApp(Controller(session), start, watcher)
