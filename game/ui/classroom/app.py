"""A student's game in a class session: the Boardroom app with a lobby, the class record and the teacher.

``ClassApp`` is the usual app (the same play screen, the same controller) with what a class adds, each in
its own place: the lobby (lobby.py), the record kept choice by choice (``game.classroom.student``), the
teacher's controls polled from the record (the pause and the warning: teacher.py, controls.py), and the end
screen with the class's choices, the reflection and the transcript (end.py, afterwards.py). The class server starts one per student, as
``boardroom class student --db DB --session S --student ID``; it trusts those arguments, never the browser.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.reactive import var
from textual.screen import Screen

from ...classroom.live import Control, LiveClass
from ...classroom.record import Student
from ...classroom.student import WRITE_ERRORS, Recorder, playing_game, rebuild, touch
from ...controller import Changed, Controller, Event, Session
from ...i18n import LANGS, t
from ...settings import Settings
from ..app import BoardroomApp
from ..view import Start
from .afterwards import EndActions
from .controls import PauseScreen
from .teacher import TeacherControls

if TYPE_CHECKING:
    from ...scenario.plan import Plan

POLL = 1.0  # seconds between looks at the teacher's controls
NO_CONTROL = Control(False, None, False, "", "free", -1)  # before the first look


class ClassApp(TeacherControls, EndActions, BoardroomApp):
    CSS_PATH = "../boardroom.tcss"  # the app's own styles (a path is read beside the class that names it)
    class_control: var[Control] = var(NO_CONTROL, init=False)  # watched by screens; see BoardroomApp.game_view

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

    def show_game(self) -> None:
        super().show_game()  # it pops every screen above the lobby, the pause too: put that back at once
        if self.paused:
            self._show_pause(True)

    def ending_screen(self) -> Screen[Any]:
        from .end import ClassEndScreen

        return ClassEndScreen()

    def join_table(self, table: int) -> None:
        from .table import TableScreen

        self.push_screen(TableScreen(self.live, table, self.student.id, self.plan))

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
