"""The teacher's controls on a student's screen, read from the class record once a second.

Mixed into the student's app: the pause (a modal over everything, which stops the decision clock), the
two-minute warning (a line with the time left, on whatever screen is up), and the control itself as the
app's ``class_control``, which the lobby and the end screen watch (the seat mode, the debrief, the prompt).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ...classroom.student import WRITE_ERRORS
from ...i18n import t
from .controls import PauseScreen, WarningBar, clock_text

if TYPE_CHECKING:
    from textual.app import App

    from ...classroom.live import Control, LiveClass
    from ...classroom.student import Recorder
    from ...controller import Session

    _Base = App[int]
else:
    _Base = object


class TeacherControls(_Base):
    """Mixed into ClassApp, which calls ``poll_class`` from an interval."""

    live: LiveClass
    session: Session
    recorder: Recorder
    class_control: Control
    _pause: PauseScreen | None
    if TYPE_CHECKING:  # provided by ClassApp

        def sync_record(self) -> None: ...

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
        """Keep the pause on top while the class is paused. A screen change under it (a game resumed, an
        ending shown) may pop it, so it is put back whenever it is not the top screen."""
        if paused:
            if not isinstance(self.screen, PauseScreen):
                self._pause = PauseScreen()
                self.push_screen(self._pause)
        else:
            self._pause = None
            if isinstance(self.screen, PauseScreen):
                self.pop_screen()  # one left deeper in the stack is popped by the next look, when it is on top

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
