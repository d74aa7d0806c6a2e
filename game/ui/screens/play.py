"""The play screen: the decision in the centre, options below, meters and the news log on the side."""

from __future__ import annotations

import gc
from dataclasses import replace
from time import monotonic

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from ...engine import Game, LogEntry
from ...i18n import clock, stamp, t
from ...narrate import changes_text, entry_text, seat_name
from ...scenario.models import Counter, Meter
from ...scenario.plan import DecisionPlan, Plan
from ...stakes import stakes
from .. import messages
from ..countdown import Countdown
from ..widgets.decision import ChoiceInfo, ChoiceList, DecisionInfo, DecisionView
from ..widgets.history import HistoryInfo, HistoryPanel
from ..widgets.keyfooter import KeyFooter
from ..widgets.meters import MeterInfo, MetersPanel
from ..widgets.newslog import LogLine, NewsLog
from ..widgets.problems import ProblemsPanel
from ..widgets.topbar import TopBar
from .base import GameScreen

TICK = 0.25  # seconds between timer updates


def _settle_heap() -> None:
    """Set what lives as long as the game (the plan, the stylesheet, the widgets) aside from the garbage
    collector. Its full passes otherwise walk all of it every few choices, and those were the slowest
    keypresses of a long game (benchmarks/keypress.py). No collection first: that costs a noticeable pause,
    and what garbage is set aside with the rest is freed when the play screen goes (``on_unmount``)."""
    gc.freeze()


def _short(meter: Meter | Counter, lang: str) -> str:
    return meter.short.get(lang) if meter.short is not None else ""


def meter_infos(plan: Plan, game: Game, lang: str) -> tuple[MeterInfo, ...]:
    changes = game.changes_since_last_decision()
    values = game.values
    infos = [
        MeterInfo(m.id, m.label.get(lang), int(values[m.id]), m.min, m.max, changes.get(m.id, 0), short=_short(m, lang))
        for m in plan.model.meters
        if m.visible
    ]
    infos += [
        MeterInfo(
            c.id,
            c.label.get(lang),
            int(values[c.id]),
            0,
            c.max,
            changes.get(c.id, 0),
            counter=True,
            short=_short(c, lang),
        )
        for c in plan.model.counters
        if c.visible
    ]
    return tuple(infos)


def _by(entry: LogEntry, seat: str) -> bool:
    """This seat's own choice (a decision it took, or a vote it cast a ballot in)."""
    return entry.by_player and seat in (entry.seat or "").split(",")


def seen_text(game: Game, entry: LogEntry, seat: str, lang: str) -> tuple[str, str]:
    """A log entry as ``seat`` reads it: another player's choice is theirs, not 'You chose', and its outcome is theirs."""
    if entry.kind == "decision" and entry.by_player and entry.seat != seat and entry.seat and entry.option:
        option = game.plan.decisions[entry.id].by_id[entry.option].model
        head = t("log.chose", lang, seat=seat_name(game.plan, entry.seat, lang), option=option.text.get(lang))
        return head, option.news.get(lang) if option.news is not None else ""
    return entry_text(game, entry, lang)


# A log entry never changes once written, so its words are worked out once: (entry, seat, lang) -> words.
LogMemo = dict[tuple[int, str, str], tuple[LogEntry, LogLine]]


def log_infos(game: Game, seat: str, lang: str, memo: LogMemo | None = None) -> tuple[LogLine, ...]:
    entries = game.visible_log(seat)
    fresh_from = max((i for i, e in enumerate(entries) if _by(e, seat)), default=0)
    memo = {} if memo is None else memo
    if len(memo) > 4 * len(entries) + 64:  # undone entries and other languages pile up: start again
        memo.clear()
    lines = []
    for i, entry in enumerate(entries):
        key = (id(entry), seat, lang)
        known = memo.get(key)
        if known is None or known[0] is not entry:  # an id may be reused by a newer entry after an undo
            head, detail = seen_text(game, entry, seat, lang)
            when = stamp(game.plan, entry.minute, lang)
            known = (entry, LogLine(when, head, detail, changes_text(game.plan, entry.changes, lang)))
            memo[key] = known
        line = known[1]
        lines.append(replace(line, fresh=True) if i >= fresh_from else line)
    return tuple(lines)


class PlayScreen(GameScreen):
    Chosen = messages.Chosen
    TimeRanOut = messages.TimeRanOut

    CSS_PATH = ["panels.tcss", "play.tcss"]
    BINDINGS = [
        Binding("1", "choose(1)", "ui.key.choose", key_display="1-9"),
        *[Binding(str(n), f"choose({n})", show=False) for n in range(2, 10)],
        Binding("h", "toggle_history", "ui.key.history"),
        Binding("h", "history_refused", show=False),  # when the teacher hides history: a notice instead
        Binding("c", "app.characters", "ui.key.characters"),
        Binding("n", "toggle_log", "ui.key.log", show=False),
        Binding("escape", "restore", show=False),
        Binding("u", "app.undo", "ui.key.undo"),
        Binding("u", "undo_refused", show=False),  # when undo is off: a notice instead
        Binding("s", "app.save", "ui.key.save"),
        Binding("l", "app.load", "ui.key.load", show=False),  # room in the Footer at 80 columns; in the palette
        Binding("q", "app.request_quit", "ui.key.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.countdown = Countdown()  # its limit is set on mount, from the teacher's settings
        self._last_tick = monotonic()
        self._log_memo: LogMemo = {}
        self._shown_decision: str | None = None  # the decision on screen, which a key chooses in

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Horizontal(id="play-body"):
            with Vertical(id="stage"):
                yield DecisionView(id="decision")
                yield ChoiceList(id="choices")
                yield HistoryPanel(id="history")
            with Vertical(id="sidebar"):
                yield MetersPanel(id="meters")
                yield NewsLog(id="log")
        yield ProblemsPanel(id="problems")
        yield KeyFooter()

    def on_unmount(self) -> None:
        gc.unfreeze()  # what was set aside may be garbage once this game is gone: let the collector see it

    def on_screen_resume(self) -> None:
        # Under a card or a dialog the log could not measure its new entries; show the newest one now.
        log = self.query_one(NewsLog)
        log.call_after_refresh(log.scroll_end, animate=False)

    def on_mount(self) -> None:
        self.call_after_refresh(_settle_heap)
        self.query_one(HistoryPanel).display = False
        self.query_one(ChoiceList).focus()
        self.countdown.limit = self.app.session.settings.time_limit
        if self.countdown.on:
            self._last_tick = monotonic()
            self.set_interval(TICK, self._on_interval, name="decision-timer")

    # --- attributes down -------------------------------------------------------

    def render_texts(self) -> None:
        session = self.app.session
        game, plan, seat = session.game, session.plan, session.seat
        if game is None or plan is None or seat is None:
            return
        lang = self.lang
        bar = self.query_one(TopBar)
        bar.scenario = plan.model.title.get(lang)
        bar.seat = seat_name(plan, seat, lang)
        bar.role = plan.seats[seat].role.get(lang)
        bar.clock = clock(plan.time(game.state.minute), lang, plan.model.clock.zone)
        panel = self.query_one(MetersPanel)
        panel.meters = meter_infos(plan, game, lang)
        panel.border_title = self.tr("meters")
        self._fit_meters()
        log = self.query_one(NewsLog)
        log.border_title = self.tr("ui.play.log")
        log.empty_text = self.tr("ui.play.log_empty")
        log.lines = log_infos(game, seat, lang, self._log_memo)
        self._render_decision(game, plan, seat)
        problems = self.query_one(ProblemsPanel)
        problems.heading = self.tr("ui.watch.errors_title")
        problems.lines = self.app.game_view.problems
        turn = (len(game.choices), seat, game.pending.decision.id if game.pending else None)
        if turn != self.countdown.turn:
            self.countdown.restart(turn)
        self._show_timer()

    def _render_decision(self, game: Game, plan: Plan, seat: str) -> None:
        lang = self.lang
        pending = game.pending
        view = self.query_one(DecisionView)
        choices = self.query_one(ChoiceList)
        history = self.query_one(HistoryPanel)
        self._shown_decision = pending.decision.id if pending is not None else None
        if pending is None:
            view.info = None
            choices.choices = ()
            history.info = None
            return
        decision = pending.decision
        model = decision.model
        vote_lines: tuple[str, ...] = ()
        if decision.vote is not None:
            vote = decision.vote
            sep = self.tr("ui.list_sep")
            voters = sep.join(seat_name(plan, s, lang) for s in vote.voters if s not in pending.recused)
            threshold = vote.threshold
            needed = (
                self.tr(f"ui.vote.{threshold}") if isinstance(threshold, str) else self.tr("ui.vote.count", n=threshold)
            )
            vote_lines = (self.tr("ui.vote.voters", seats=voters, needed=needed),)
            for who, reason in pending.recused.items():
                why = reason.get(lang) if reason is not None else ""
                line = self.tr("ui.vote.recused", seat=seat_name(plan, who, lang))
                vote_lines += (f"{line} — {why}" if why else line,)
            vote_lines += (self.tr("ui.vote.your_ballot"),)
            if self.app.session.hotseat:
                vote_lines += (self.tr("ui.vote.secret"),)
                if pending.ballots:
                    cast = sep.join(seat_name(plan, s, lang) for s in pending.ballots)
                    vote_lines += (self.tr("ui.vote.cast", seats=cast),)
        kicker = self.tr("ui.play.vote" if decision.vote is not None else "ui.play.decision")
        view.info = DecisionInfo(
            kicker, model.title.get(lang), model.text.get(lang), vote_lines, decision.vote is not None
        )
        options = []
        for opt in game.options(seat):
            why_not = opt.reason.get(lang) if opt.reason is not None else self.tr("plain.unavailable_noreason")
            at_stake = stakes(game, opt.option, seat)
            options.append(ChoiceInfo(opt.id, opt.option.model.text.get(lang), opt.available, why_not, at_stake))
        choices.choices = tuple(options)
        self.call_after_refresh(self._fit_choices)
        choices.border_subtitle = self.tr("risk.legend") if any(o.stakes for o in options) else ""
        history.info = self._history(plan, decision)

    def _history(self, plan: Plan, decision: DecisionPlan) -> HistoryInfo:
        lang = self.lang
        model = decision.model
        ids = list(model.sources) or [f for o in decision.options for f in o.model.sources]
        sources = []
        for fact_id in dict.fromkeys(ids):
            fact = plan.facts.facts.get(fact_id)
            sources.append((fact_id, fact.text.get(lang) if fact is not None else ""))
        text = model.history.get(lang) if model.history is not None else self.tr("plain.no_history")
        return HistoryInfo(self.tr("history"), text, self.tr("sources"), tuple(sources), model.history is None)

    def _fit_meters(self) -> None:
        """One line per meter when two would not fit in the meters' share of the side column."""
        panel = self.query_one(MetersPanel)
        room = int((self.size.height - 2) * 0.6) - 2
        needed = sum(2 if m.high is not None else 1 for m in panel.meters)
        panel.compact = needed > room

    def _fit_choices(self) -> None:
        """The options get the height the decision leaves, so that the list scrolls instead of running off the
        bottom of the screen, where its last option would be cut and could not be reached."""
        if not self.is_mounted or not self.query(ChoiceList):
            return  # called after a refresh, by which time the screen may have been replaced
        choices = self.query_one(ChoiceList)
        if self.query_one(HistoryPanel).display:
            choices.styles.max_height = None  # the stylesheet shares the column out with the history
            return
        stage = self.query_one("#stage")
        room = stage.size.height - self.query_one(DecisionView).outer_size.height
        choices.styles.max_height = max(4, room)

    def on_resize(self) -> None:
        self._fit_meters()
        self.call_after_refresh(self._fit_choices)

    def on_decision_view_resized(self, event: DecisionView.Resized) -> None:
        event.stop()
        self._fit_choices()

    # --- the decision timer -------------------------------------------------------

    def _show_timer(self) -> None:
        bar = self.query_one(TopBar)
        game = self.app.session.game
        running = self.countdown.on and game is not None and game.pending is not None
        bar.timer = self.countdown.text() if running else ""
        bar.urgent = running and self.countdown.urgent

    def _on_interval(self) -> None:
        now = monotonic()
        elapsed, self._last_tick = now - self._last_tick, now
        if self.app.screen is not self:  # a dialog, the palette or the pass screen is open: the clock waits
            return
        self.tick(elapsed)

    def tick(self, seconds: float = 1.0) -> None:
        """Let ``seconds`` of the decision's time pass (the interval calls this; tests may too)."""
        game = self.app.session.game
        if game is None or game.pending is None or not self.countdown.on:
            return
        ran_out = self.countdown.spend(seconds)
        self._show_timer()
        if ran_out:
            self.post_message(self.TimeRanOut())

    # --- messages up, actions ----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_history":
            return self.app.controller.history_refusal() is None
        if action == "history_refused":
            return self.app.controller.history_refusal() is not None
        if action == "undo_refused":
            return self.app.controller.undo_refusal() is not None
        return True

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        seat = self.app.session.seat
        if self._shown_decision is not None and seat is not None:
            self.post_message(self.Chosen(event.option_id, self._shown_decision, seat))

    def action_choose(self, number: int) -> None:
        session = self.app.session
        if session.game is None or session.seat is None:
            return
        options = session.game.options(session.seat)
        if not 1 <= number <= len(options):
            return
        view = options[number - 1]
        if not view.available:
            reason = view.reason.get(self.lang) if view.reason is not None else self.tr("plain.unavailable_noreason")
            self.notify(self.tr("plain.unavailable", reason=reason), severity="warning", markup=False)
            return
        if self._shown_decision is not None:
            self.post_message(self.Chosen(view.id, self._shown_decision, session.seat))

    def action_toggle_history(self) -> None:
        refusal = self.app.controller.history_refusal()
        if refusal is not None:
            self.notify(self.tr(refusal), markup=False)
            return
        panel = self.query_one(HistoryPanel)
        panel.display = not panel.display
        self.query_one("#stage").set_class(panel.display, "-history")
        self.call_after_refresh(self._fit_choices)

    def action_history_refused(self) -> None:
        self.action_toggle_history()

    def action_undo_refused(self) -> None:
        self.app.action_undo()

    def action_restore(self) -> None:
        if self.maximized is not None:
            self.minimize()

    def action_toggle_log(self) -> None:
        if self.maximized is not None:
            self.minimize()
        else:
            self.maximize(self.query_one(NewsLog))
