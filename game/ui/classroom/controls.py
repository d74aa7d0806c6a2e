"""What the teacher's controls put on a student's screen: the pause, and the two-minute warning."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ..prose import Para
from ..screens.base import BaseModal
from ..text import AMBER, INK


class PauseScreen(BaseModal):
    """Over everything while the teacher has the class paused. It has no key to close it: it goes when the
    teacher resumes. Being on top, it stops the decision clock (the play screen counts only when shown)."""

    CSS_PATH = ["../screens/dialogs.tcss", "classroom.tcss"]  # type: ignore[assignment]  # Textual takes a list too

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pause"):
            yield Para(id="dialog-title", classes="dialog-title")
            yield Para(id="dialog-message", classes="dialog-message")

    def render_texts(self) -> None:
        self.query_one("#dialog-title", Static).update(Content(self.tr("class.pause.title")).stylize(f"bold {AMBER}"))
        self.query_one("#dialog-message", Static).update(Content(self.tr("class.pause.text")).stylize(INK))


class WarningBar(Static):
    """One line across the screen: the teacher's warning and the time left on it."""

    DEFAULT_CSS = """
    WarningBar {
        /* Over the line above the footer: the top bar keeps the decision's timer in view, the footer its keys. */
        dock: bottom;
        offset: 0 -1;
        height: 1;
        width: 100%;
        background: $warning;
        color: #0e1115;
        text-style: bold;
        content-align: center middle;
    }
    """

    def show(self, text: str) -> None:
        self.update(Content(text))


def clock_text(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"
