"""What a student may do once their class game has ended: reflect, take the transcript, play another seat."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events

from ...classroom.student import WRITE_ERRORS, game_rows
from ...i18n import t

if TYPE_CHECKING:
    from textual.app import App

    from ...classroom.compare import Row
    from ...classroom.live import Control, LiveClass
    from ...classroom.record import Student
    from ...classroom.student import Recorder
    from ...controller import Session

    _Base = App[int]
else:
    _Base = object


class EndActions(_Base):
    """Mixed into ClassApp: the end screen's keys (r, t, p) and what it reads from the class record."""

    live: LiveClass
    student: Student
    session: Session
    recorder: Recorder
    class_control: Control
    downloads: Path | None
    _reflected: set[int]
    if TYPE_CHECKING:  # provided by ClassApp

        def touch_screen(self, screen: str) -> None: ...

        def _show_view(self, problems: tuple[str, ...] | None = None) -> None: ...

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
