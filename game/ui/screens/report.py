"""What the ending and the debrief share: a top bar over one scrolling body of paragraphs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ..prose import Para
from ..text import BRASS, INK
from ..widgets.keyfooter import KeyFooter
from ..widgets.problems import ProblemsPanel
from ..widgets.topbar import TopBar
from ..widgets.trajectory import TrackInfo, Trajectory
from .base import GameScreen

if TYPE_CHECKING:
    from ...engine import Game
    from ...scenario.models import Ending
    from ...scenario.plan import Plan


def heading(text: str) -> Static:
    return Para(Content(text).stylize(f"bold {BRASS}"), classes="ending-heading")


def para(text: str, style: str = INK) -> Static:
    return Para(Content(text).stylize(style), classes="ending-para")


class ReportScreen(GameScreen):
    """A screen whose text is rebuilt whole (on language changes) inside ``#BODY_ID``."""

    CSS_PATH = ["panels.tcss", "ending.tcss"]
    BODY_ID = "report-body"

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield VerticalScroll(id=self.BODY_ID)
        yield ProblemsPanel(id="problems")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(f"#{self.BODY_ID}", VerticalScroll).focus()

    def trajectories_and_questions(self, plan: Plan, game: Game, ending: Ending) -> list[Widget]:
        """How the visible meters moved, then the ending's discussion questions."""
        lang = self.lang
        parts: list[Widget] = []
        meters = [m for m in plan.model.meters if m.visible]
        if meters:
            parts.append(heading(self.tr("ui.ending.trajectories")))
            for meter in meters:
                values = tuple(int(v[meter.id]) for _, v in game.trajectory)
                info = TrackInfo(meter.label.get(lang), values, meter.min, meter.max)
                parts.append(Trajectory(info, classes="trajectory"))
        if ending.questions:
            parts.append(heading(self.tr("ending.questions")))
            parts += [para(f"{n}. {q.get(lang)}") for n, q in enumerate(ending.questions, 1)]
        return parts

    async def _replace_body(self, parts: list[Widget]) -> None:
        body = self.query_one(f"#{self.BODY_ID}", VerticalScroll)
        async with self.batch():
            await body.remove_children()
            await body.mount_all(parts)
        body.scroll_home(animate=False)
