"""The debrief after the ending: each decision beside history's with its sources, where the game left history
and what followed, the meters' course and the questions. ``e`` exports it as a printable transcript."""

from __future__ import annotations

import functools

from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from ...classroom.walkthrough import Step, walk
from ...engine import Game
from ...i18n import clock, stamp
from ...narrate import changes_text, option_text, seat_name
from ...scenario.plan import Plan
from ..prose import Para
from ..text import AMBER, BRASS, DIM, GREEN, INK, STEEL, verdict_mark
from ..widgets.problems import ProblemsPanel
from ..widgets.topbar import TopBar
from .play import seen_text
from .report import ReportScreen, heading, para


def step_sources(plan: Plan, step: Step) -> list[str]:
    """The facts behind a decision: its own sources, then those of the option taken and of history's option."""
    decision = plan.decisions[step.decision]
    ids = list(decision.model.sources)
    for option_id in (step.chosen, step.historical):
        if option_id is not None and option_id in decision.by_id:
            ids += list(decision.by_id[option_id].model.sources)
    return list(dict.fromkeys(ids))


def diverging_entry(game: Game, decision_id: str) -> int | None:
    """The log index of the players' choice at ``decision_id`` (a decision or a vote's tally)."""
    for index, entry in enumerate(game.log):
        if entry.id == decision_id and entry.by_player and entry.kind in ("decision", "vote"):
            return index
    return None


class DebriefScreen(ReportScreen):
    BODY_ID = "debrief-body"
    BINDINGS = [
        Binding("e", "app.export_transcript", "ui.key.export"),
        Binding("escape,b", "back", "ui.key.back"),
        Binding("q", "app.request_quit", "ui.key.quit"),
    ]

    def render_texts(self) -> None:
        session = self.app.session
        game, plan = session.game, session.plan
        if game is None or plan is None or game.ending is None:
            return
        lang = self.lang
        names = self.tr("ui.list_sep").join(seat_name(plan, s, lang) for s in session.players)
        bar = self.query_one(TopBar)
        bar.scenario = plan.model.title.get(lang)
        bar.seat = names
        bar.role = "" if session.hotseat else plan.seats[session.players[0]].role.get(lang)
        bar.clock = clock(plan.time(game.state.minute), lang, plan.model.clock.zone)
        problems = self.query_one(ProblemsPanel)
        problems.heading = self.tr("ui.watch.errors_title")
        problems.lines = self.app.game_view.problems

        ending = game.ending.model
        w = walk(plan, session.snapshot(), lang)
        parts: list[Widget] = [
            Para(
                Content.assemble(
                    Content(self.tr("ui.debrief.heading")).stylize(f"bold {AMBER}"),
                    ("  ·  ", DIM),
                    Content(self.tr("ending.title", title=ending.title.get(lang))).stylize(f"bold {INK}"),
                ),
                id="ending-title",
            )
        ]
        if session.hotseat:
            parts.append(para(self.tr("ui.debrief.players", seats=names), STEEL))
        parts += self._decisions(plan, w.steps)
        parts += self._divergence(plan, game, w.steps)

        parts += self.trajectories_and_questions(plan, game, ending)
        parts.append(para(self.tr("ui.debrief.next"), f"italic {DIM}"))
        self.call_later(self._replace_body, parts)

    def _decisions(self, plan: Plan, steps: list[Step]) -> list[Widget]:
        session, lang = self.app.session, self.lang
        parts: list[Widget] = [heading(self.tr("ui.debrief.decisions"))]
        if not steps:
            return [*parts, para(self.tr("ui.debrief.none"), f"italic {DIM}")]
        parts.append(para(self.tr("verdict.legend"), f"italic {DIM}"))
        for n, step in enumerate(steps, 1):
            mark = verdict_mark(step.verdict)
            when = stamp(plan, step.minute, lang)
            head = Content.assemble(mark, Content(f"{n}. {step.title}").stylize(f"bold {INK}"), (f"  {when}", DIM))
            who = seat_name(plan, step.seat, lang) if session.hotseat else self.tr("ui.ending.you")
            label = functools.partial(self.tr, "ui.label")
            lines = [
                head,
                Content.assemble(("   " + label(label=who), DIM), Content(step_text(plan, step, step.chosen, lang))),
            ]
            if step.historical is None:
                lines.append(Content(f"   {self.tr('ui.debrief.silent')}").stylize(DIM))
            elif step.diverged:
                theirs = step_text(plan, step, step.historical, lang)
                lines.append(
                    Content.assemble(
                        ("   " + label(label=self.tr("ui.ending.history")), DIM), Content(theirs).stylize(STEEL)
                    )
                )
            if step.timed_out:
                lines.append(Content(f"   {self.tr('verdict.timed_out')}").stylize(f"bold {AMBER}"))
            record = plan.decisions[step.decision].model.history
            if record is not None:
                lines.append(
                    Content.assemble(
                        ("   " + label(label=self.tr("ui.debrief.record")), f"italic {DIM}"),
                        Content(record.get(lang)).stylize(f"italic {DIM}"),
                    )
                )
            parts.append(Para(Content("\n").join(lines), hang=3, classes="ending-row"))
            sources = step_sources(plan, step)
            if sources:  # their own paragraph, so a long fact wraps under its bullet
                facts = [Content("   " + label(label=self.tr("sources")).rstrip()).stylize(BRASS)]
                for fact_id in sources:
                    fact = plan.facts.facts.get(fact_id)
                    text = fact.text.get(lang) if fact is not None else self.tr("ui.debrief.missing_fact")
                    facts.append(
                        Content.assemble(("   • ", BRASS), (fact_id, f"bold {STEEL}"), "  ", Content(text).stylize(DIM))
                    )
                parts.append(Para(Content("\n").join(facts), hang=5, classes="debrief-sources"))
        return parts

    def _divergence(self, plan: Plan, game: Game, steps: list[Step]) -> list[Widget]:
        lang = self.lang
        parts: list[Widget] = [heading(self.tr("ui.debrief.diverged"))]
        first = next((s for s in steps if s.diverged), None)
        ending = game.ending
        assert ending is not None
        ended = self.tr("ui.debrief.ended", title=ending.model.title.get(lang))
        if first is None:
            return [*parts, para(self.tr("ui.debrief.followed"), f"bold {GREEN}"), para(ended, f"bold {AMBER}")]
        when = stamp(plan, first.minute, lang)
        parts.append(para(self.tr("ui.debrief.diverged_at", decision=first.title, time=when), f"bold {AMBER}"))
        start = diverging_entry(game, first.decision)
        players = game.players
        lines: list[Content] = []
        for entry in game.log[start if start is not None else len(game.log) :]:  # the choice itself, then the rest
            if entry.kind == "ending":
                continue
            if entry.visible_to is not None and not (entry.visible_to & players):
                continue
            head, detail = seen_text(game, entry, "" if self.app.session.hotseat else self.app.session.seat or "", lang)
            at = stamp(plan, entry.minute, lang)
            line = Content.assemble((f"{at} ", f"bold {DIM}"), Content(head).stylize(INK))
            delta = changes_text(plan, entry.changes, lang)
            if delta:
                line = Content.assemble(line, ("  ", ""), Content(delta).stylize(STEEL))
            lines.append(line)
            if detail:
                lines.append(Content("  " + detail.replace("\n", "\n  ")).stylize(DIM))
        if lines:
            parts.append(Para(Content("\n").join(lines), hang=2, classes="ending-row"))
        else:
            parts.append(para(self.tr("ui.debrief.nothing_followed"), f"italic {DIM}"))
        parts.append(para(ended, f"bold {AMBER}"))
        return parts

    def action_back(self) -> None:
        self.dismiss()


def step_text(plan: Plan, step: Step, option_id: str, lang: str) -> str:
    return option_text(plan, step.decision, option_id, lang)
