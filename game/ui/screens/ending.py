"""The ending: the epilogue, what actually happened, your path beside history's, trajectories, questions."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from ...engine.history import compare, diverged_at
from ...i18n import clock
from ...narrate import option_text, seat_name
from ...verdict import Verdict
from ..prose import Para
from ..text import AMBER, DIM, GREEN, INK, STEEL, verdict_mark
from ..widgets.problems import ProblemsPanel
from ..widgets.topbar import TopBar
from .report import ReportScreen, heading, para


class EndingScreen(ReportScreen):
    BODY_ID = "ending-body"
    BINDINGS = [
        Binding("d", "app.debrief", "ui.key.debrief"),
        Binding("e", "app.export_transcript", "ui.key.export"),
        Binding("u", "app.undo", "ui.key.undo"),
        Binding("u", "undo_refused", show=False),  # when undo is off: a notice instead
        Binding("n", "app.new_game", "ui.key.new"),
        Binding("l", "app.load", "ui.key.load"),
        Binding("q", "app.request_quit", "ui.key.quit"),
    ]

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
        problems.lines = self.app.game_view.problems

        parts: list[Widget] = [
            Para(
                Content(self.tr("ending.title", title=ending.title.get(lang))).stylize(f"bold {AMBER}"),
                id="ending-title",
            ),
            para(ending.text.get(lang)),
        ]
        if game.ending.historical:
            parts.append(para(self.tr("ending.historical"), f"italic {GREEN}"))
        if ending.history is not None:
            parts += [heading(self.tr("ending.history")), para(ending.history.get(lang))]

        parts.append(heading(self.tr("ui.ending.path")))
        parts.append(para(self.tr("verdict.legend"), f"italic {DIM}"))
        rows = compare(game)

        def you(who: str) -> str:
            return seat_name(plan, who, lang) if hotseat else self.tr("ui.ending.you")

        if not rows:
            parts.append(para(self.tr("ui.ending.no_choices"), f"italic {DIM}"))
        for decision_id, who, chosen, marked, verdict in rows:
            title = plan.decisions[decision_id].model.title.get(lang)
            mine = option_text(plan, decision_id, chosen, lang)
            lines = [
                Content.assemble(verdict_mark(verdict), Content(title).stylize(f"bold {INK}")),
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
            if verdict is Verdict.TIMED_OUT:
                lines.append(Content(f"   {self.tr('verdict.timed_out')}").stylize(f"bold {AMBER}"))
            parts.append(Para(Content("\n").join(lines), hang=3, classes="ending-row"))
        where = diverged_at(game)
        if where:
            text = self.tr("ending.diverged", decision=plan.decisions[where].model.title.get(lang))
            parts.append(para(text, f"bold {AMBER}"))
        else:
            parts.append(para(self.tr("ending.followed"), f"bold {GREEN}"))

        parts += self.trajectories_and_questions(plan, game, ending)
        # Hot seat and assessed play turn undo off; the hint should not offer it.
        hint = "ui.ending.next" if self.app.controller.undo_refusal() is None else "ui.ending.next_no_undo"
        parts.append(para(self.tr(hint), f"italic {DIM}"))

        self.call_later(self._replace_body, parts)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo_refused":
            return self.app.controller.undo_refusal() is not None
        return True

    def action_undo_refused(self) -> None:
        self.app.action_undo()
