"""The ending: the epilogue, what actually happened, your path beside history's, trajectories, questions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Static

from ...engine.history import compare, diverged_at
from ...i18n import clock
from ...narrate import option_text, seat_name
from ..prose import Para
from ..text import AMBER, BRASS, DIM, GREEN, INK, RED, STEEL
from ..widgets.problems import ProblemsPanel
from ..widgets.topbar import TopBar
from ..widgets.trajectory import TrackInfo, Trajectory
from .base import BaseScreen


def _heading(text: str) -> Static:
    return Para(Content(text).stylize(f"bold {BRASS}"), classes="ending-heading")


def _para(text: str, style: str = INK) -> Static:
    return Para(Content(text).stylize(style), classes="ending-para")


class EndingScreen(BaseScreen):
    CSS_PATH = ["panels.tcss", "ending.tcss"]
    BINDINGS = [
        Binding("d", "app.debrief", "ui.key.debrief"),
        Binding("e", "app.export_transcript", "ui.key.export"),
        Binding("u", "app.undo", "ui.key.undo"),
        Binding("u", "undo_refused", show=False),  # when undo is off: a notice instead
        Binding("n", "app.new_game", "ui.key.new"),
        Binding("l", "app.load", "ui.key.load"),
        Binding("q", "app.request_quit", "ui.key.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield VerticalScroll(id="ending-body")
        yield ProblemsPanel(id="problems")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#ending-body", VerticalScroll).focus()

    def render_texts(self) -> None:
        session = self.app.session
        game, plan, seat = session.game, session.plan, session.seat
        if game is None or plan is None or seat is None or game.ending is None:
            return
        lang, ending = self.lang, game.ending.model
        bar = self.query_one(TopBar)
        bar.scenario = plan.model.title.get(lang)
        hotseat = session.hotseat
        bar.seat = self.tr("ui.list_sep").join(seat_name(plan, s, lang) for s in session.players)
        bar.role = "" if hotseat else plan.seats[seat].role.get(lang)
        bar.clock = clock(plan.time(game.state.minute), lang, plan.model.clock.zone)
        problems = self.query_one(ProblemsPanel)
        problems.heading = self.tr("ui.watch.errors_title")
        problems.lines = self.app.watch_problems

        parts: list[Widget] = [
            Para(
                Content(self.tr("ending.title", title=ending.title.get(lang))).stylize(f"bold {AMBER}"),
                id="ending-title",
            ),
            _para(ending.text.get(lang)),
        ]
        if game.ending.historical:
            parts.append(_para(self.tr("ending.historical"), f"italic {GREEN}"))
        if ending.history is not None:
            parts += [_heading(self.tr("ending.history")), _para(ending.history.get(lang))]

        parts.append(_heading(self.tr("ui.ending.path")))
        parts.append(_para(self.tr("ui.ending.legend"), f"italic {DIM}"))
        rows = compare(game)

        def you(who: str) -> str:
            return seat_name(plan, who, lang) if hotseat else self.tr("ui.ending.you")

        if not rows:
            parts.append(_para(self.tr("ui.ending.no_choices"), f"italic {DIM}"))
        for decision_id, who, chosen, marked in rows:
            title = plan.decisions[decision_id].model.title.get(lang)
            mine = option_text(plan, decision_id, chosen, lang)
            same = marked is None or marked == chosen
            lines = [
                Content.assemble(
                    ("✓ " if same else "✗ ", f"bold {GREEN if same else RED}"), Content(title).stylize(f"bold {INK}")
                ),
                Content.assemble(("   " + self.tr("ui.label", label=you(who)), DIM), Content(mine).stylize(INK)),
            ]
            if marked is not None and marked != chosen:
                theirs = option_text(plan, decision_id, marked, lang)
                lines.append(
                    Content.assemble(
                        ("   " + self.tr("ui.label", label=self.tr("ui.ending.history")), DIM),
                        Content(theirs).stylize(STEEL),
                    )
                )
            elif marked is None:
                lines.append(Content(f"   {self.tr('ui.ending.unrecorded')}").stylize(DIM))
            parts.append(Para(Content("\n").join(lines), hang=3, classes="ending-row"))
        where = diverged_at(game)
        if where:
            text = self.tr("ending.diverged", decision=plan.decisions[where].model.title.get(lang))
            parts.append(_para(text, f"bold {AMBER}"))
        else:
            parts.append(_para(self.tr("ending.followed"), f"bold {GREEN}"))

        meters = [m for m in plan.model.meters if m.visible]
        if meters:
            parts.append(_heading(self.tr("ui.ending.trajectories")))
            for meter in meters:
                values = tuple(int(v[meter.id]) for _, v in game.trajectory)
                parts.append(
                    Trajectory(TrackInfo(meter.label.get(lang), values, meter.min, meter.max), classes="trajectory")
                )
        if ending.questions:
            parts.append(_heading(self.tr("ending.questions")))
            for n, question in enumerate(ending.questions, 1):
                parts.append(_para(f"{n}. {question.get(lang)}"))
        # Hot seat and assessed play turn undo off; the hint should not offer it.
        hint = "ui.ending.next" if self.app.undo_refusal() is None else "ui.ending.next_no_undo"
        parts.append(_para(self.tr(hint), f"italic {DIM}"))

        self.call_later(self._replace_body, parts)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo_refused":
            return self.app.undo_refusal() is not None
        return True

    def action_undo_refused(self) -> None:
        self.app.action_undo()

    async def _replace_body(self, parts: list[Widget]) -> None:
        body = self.query_one("#ending-body", VerticalScroll)
        async with self.batch():
            await body.remove_children()
            await body.mount_all(parts)
        body.scroll_home(animate=False)
