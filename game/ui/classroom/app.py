"""A student's game in a class session: the Boardroom app with a lobby, the class record and the teacher.

``ClassApp`` is the usual app (the same play screen, the same controller) with what a class adds, each in
its own place: the lobby (lobby.py), the record kept choice by choice (``game.classroom.student``), the
teacher's controls polled from the record (the pause and the warning, controls.py), and the end screen
with the class's choices and the reflection (end.py). The class server starts one per student, as
``boardroom class student --db DB --session S --student ID``; it trusts those arguments, never the browser.
"""

from __future__ import annotations

import io
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.reactive import reactive
from textual.screen import Screen

from ...classroom.live import Control, LiveClass
from ...classroom.record import Student
from ...classroom.student import WRITE_ERRORS, Recorder, game_rows, playing_game, rebuild, touch
from ...controller import Changed, Controller, Event, Session, TimedOut
from ...i18n import LANGS, t
from ...settings import Settings
from ..app import BoardroomApp
from ..view import Start
from .controls import PauseScreen, WarningBar, clock_text

if TYPE_CHECKING:
    from ...classroom.compare import Row
    from ...scenario.plan import Plan

POLL = 1.0  # seconds between looks at the teacher's controls
NO_CONTROL = Control(False, None, False, "", "free", -1)  # before the first look


class ClassApp(BoardroomApp):
    CSS_PATH = "../boardroom.tcss"  # the app's own styles (a path is read beside the class that names it)
    class_control: reactive[Control] = reactive(NO_CONTROL, init=False)

    def __init__(
        self,
        controller: Controller,
        live: LiveClass,
        student: Student,
        plan: Plan,
        *,
        seed: int | None = None,
        downloads: Path | None = None,
    ) -> None:
        """Use ``make_class_app``."""
        super().__init__(controller, Start())
        self.live = live
        self.student = student
        self.plan = plan
        self.fixed_seed = seed  # None: every game its own seed
        self.downloads = downloads  # where a transcript goes in a terminal (None: the user's downloads)
        self.recorder = Recorder(live, student.id, self.session.lang)
        self._record_told = False  # the student was told the record is behind (once, until it catches up)
        self._pause: PauseScreen | None = None
        self._reflected: set[int] = set()  # games answered for
        controller.listen(self._record)

    # --- start-up --------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        from .lobby import LobbyScreen

        return LobbyScreen(self.plan)

    def on_mount(self) -> None:
        self.set_interval(POLL, self.poll_class, name="class-poll")
        self.poll_class()
        self.call_after_refresh(self._resume)

    def _resume(self) -> None:
        """A game of this student's still playing in the record (a reloaded tab, another device) goes on."""
        try:
            row = playing_game(self.live, self.student.id)
            if row is None:
                return
            game = rebuild(self.plan, row, self.live)
            if game is None:
                self.live.record.abandon(row.id)
                self.notify(t("class.resume.changed", self.session.lang), severity="warning", markup=False)
                return
        except WRITE_ERRORS:
            return
        self.session.resume(self.plan, game)
        self.recorder.adopt(row, game.uid)
        self._show_view()
        self.show_game()
        self.notify(t("class.resumed", self.session.lang), markup=False)

    # --- the record -----------------------------------------------------------------

    def _record(self, event: Event) -> None:
        if isinstance(event, Changed):
            self.sync_record()

    def sync_record(self) -> None:
        """Write what the record lacks; say so once when it cannot, and once when it has caught up."""
        game = self.session.game
        if game is None:
            return
        lang = self.session.lang
        if self.recorder.sync(game):
            if self._record_told:
                self._record_told = False
                self.notify(t("class.record.back", lang), markup=False)
        elif not self._record_told:
            self._record_told = True
            self.notify(t("class.record.failed", lang), severity="error", markup=False, timeout=10)
        self.touch_screen("ending" if game.over else "play")

    def touch_screen(self, screen: str) -> None:
        game = self.session.game if screen in ("play", "ending", "reflection") else None
        touch(self.live, self.student.id, screen, game, self.recorder.game_id if game is not None else None)

    def finished_games(self) -> int:
        return sum(
            1
            for g in self.live.record.games(self.live.session)
            if g.status == "finished" and set(g.players.values()) == {self.student.id}
        )

    def class_comparison(self) -> list[Row]:
        """This game's choices beside the classmates' so far (none when the record cannot be read now)."""
        from ...classroom.compare import classmates_choices, compare

        game = self.session.game
        if game is None:
            return []
        mine = game_rows(game, self.session.lang, self.recorder.times)
        try:
            others = classmates_choices(self.live.record, self.live.session, self.student.id)
        except WRITE_ERRORS:
            others = []
        return compare(mine, others)

    # --- the teacher's controls ------------------------------------------------------------

    def poll_class(self) -> None:
        try:
            control = self.live.control()
        except WRITE_ERRORS:
            return
        if control.revision != self.class_control.revision:
            self.class_control = control
        self._show_pause(control.paused)
        self._show_warning(control.warning_left(time.time()))
        if self.recorder.failing:
            self.sync_record()

    @property
    def paused(self) -> bool:
        return self._pause is not None

    def _show_pause(self, paused: bool) -> None:
        if paused and self._pause is None:
            self._pause = PauseScreen()
            self.push_screen(self._pause)
        elif not paused and self._pause is not None:
            screen, self._pause = self._pause, None
            if self.screen is screen:
                self.pop_screen()

    def _show_warning(self, left: float) -> None:
        bars = [bar for screen in self.screen_stack for bar in screen.query(WarningBar)]
        if left <= 0:
            for bar in bars:
                bar.remove()
            return
        text = t("class.warning", self.session.lang, time=clock_text(left))
        if not any(bar.screen is self.screen for bar in bars):
            bar = WarningBar()
            self.screen.mount(bar)
            bars.append(bar)
        for bar in bars:
            bar.show(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.paused and action != "switch_language":
            return False
        # A class game lives in the record: no save files, no loading others' games, no going back.
        if action in ("save", "load", "new_game", "undo", "export_transcript", "debrief", "command_palette"):
            return False
        return super().check_action(action, parameters)

    # --- playing --------------------------------------------------------------------------

    def start_game(self, plan: Plan, seat: str | list[str]) -> None:
        """Each game its own seed (unless the teacher fixed one), so classmates in one seat meet different luck."""
        if self.paused:
            return
        self.session.seed = self.fixed_seed if self.fixed_seed is not None else secrets.randbelow(2**31)
        super().start_game(plan, seat)

    def ending_screen(self) -> Screen[Any]:
        from .end import ClassEndScreen

        return ClassEndScreen()

    def _timed_out(self, event: TimedOut) -> None:
        """What the default was, and why it was that one (the setting, or no option meaning doing nothing)."""
        plan = self.session.plan
        if plan is None:
            return
        lang = self.session.lang
        decision = plan.decisions[event.decision]
        option = decision.by_id[event.option].model
        said = t("ui.timer.ran_out", lang, decision=decision.model.title.get(lang), option=option.text.get(lang))
        self.notify(
            f"{said}\n{t(event.reason, lang)}",
            title=t("ui.timer.ran_out_title", lang),
            severity="warning",
            markup=False,
            timeout=15,
        )

    def join_table(self, table: int) -> None:
        screen = _table_screen()
        if screen is None:
            self.notify(t("class.lobby.tables_later", self.session.lang), markup=False)
            return
        self.push_screen(screen(self.live, table, self.student.id, self.plan))

    def tables_available(self) -> bool:
        return _table_screen() is not None

    # --- the end: reflection, transcript, another seat -----------------------------------------

    def reflection_prompt(self) -> str:
        return self.class_control.prompt or t("class.reflect.default", self.session.lang)

    def reflected(self) -> bool:
        return self.recorder.game_id in self._reflected

    def action_reflect(self) -> None:
        from .end import ReflectionScreen

        game_id = self.recorder.game_id
        prompt = self.reflection_prompt()
        self.touch_screen("reflection")

        def answered(answer: str | None) -> None:
            self.touch_screen("ending")
            if not answer:
                return
            lang = self.session.lang
            try:
                self.live.record.reflect(self.student.id, prompt, answer, game=game_id)
            except WRITE_ERRORS:
                self.notify(t("class.reflect.failed", lang), severity="error", markup=False)
                return
            if game_id is not None:
                self._reflected.add(game_id)
            self.notify(t("class.reflect.saved", lang), markup=False)
            self._show_view()

        self.push_screen(ReflectionScreen(prompt), answered)

    def action_download_transcript(self) -> None:
        """The student's own transcript, in the language on screen, delivered to their browser (or, in a
        terminal, to their downloads folder). Nothing is written where classmates could read it."""
        from ... import saves
        from ...classroom import transcript
        from ...classroom.walkthrough import walk

        session, lang = self.session, self.session.lang
        game, plan = session.game, session.plan
        if game is None or plan is None:
            return
        text = transcript.html(walk(plan, saves.snapshot(game, lang=lang), lang))
        seat = "-".join(sorted(game.players))
        name = saves.slot_name(f"boardroom-{plan.id}-{seat}-{game.uid[:8]}-{lang}") + ".html"
        folder = self.downloads
        if folder is None and not self.is_web:  # in a terminal: the downloads folder, made if it is missing
            from platformdirs import user_downloads_path

            folder = user_downloads_path()
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass  # the delivery says it failed, and why
        self.deliver_text(
            io.StringIO(text),
            save_directory=folder,
            save_filename=name,
            mime_type="text/html",
            encoding="utf-8",
        )
        self.notify(t("class.transcript.sent", lang, name=name), markup=False)

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        if event.path is not None:  # in a terminal; a browser shows its own download
            self.notify(t("class.transcript.done", self.session.lang, path=event.path), markup=False, timeout=10)

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        error = str(event.exception)[:200]
        self.notify(t("class.transcript.failed", self.session.lang, error=error), severity="error", markup=False)

    def action_another_seat(self) -> None:
        self.session.close()
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_request_quit(self) -> None:
        from ..screens.dialogs import ConfirmScreen

        def leave(yes: bool | None = True) -> None:
            if yes:
                if self.session.game is not None:
                    self.recorder.sync(self.session.game)
                self.exit(0)

        if not self.session.in_progress:
            leave()
            return
        self.push_screen(ConfirmScreen("ui.confirm.quit_title", lambda lang: t("class.quit", lang)), leave)


def _table_screen() -> Any:
    """The board table's screen, once that part of the class session is installed."""
    from importlib import import_module

    try:  # by name: until board tables are merged, the module is not there to type-check
        return import_module(f"{__package__}.table").TableScreen
    except (ImportError, AttributeError):
        return None


def make_class_app(
    live: LiveClass,
    student: Student,
    plan: Plan,
    *,
    lang: str = "en",
    settings: Settings | None = None,
    saves_dir: Path,
    seed: int | None = None,
    downloads: Path | None = None,
) -> ClassApp:
    """The student's app. ``saves_dir`` takes the controller's autosaves: a private, temporary folder, since
    the class record is the game's save."""
    from dataclasses import replace

    # A choice in the record is final: the class sees it, so undo is off whatever the settings say.
    settings = replace(settings or Settings(), allow_undo=False)
    session = Session(lang if lang in LANGS else "en", saves_dir, 0, settings)
    session.remember(plan)
    return ClassApp(Controller(session), live, student, plan, seed=seed, downloads=downloads)
