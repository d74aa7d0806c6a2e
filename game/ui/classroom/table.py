"""A board table on this device: one seat of a game shared with classmates on their own devices.

Everything the screen shows comes from a ``SeatView`` (game/classroom/tables.py), which holds only what this
seat, or an observer, may see: never another seat's options, nor a ballot before the tally. The screen
polls the class record about once a second and draws the view with the play screen's widgets.
"""

from __future__ import annotations

import io
from time import monotonic
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content

from ...classroom.live import LiveClass
from ...classroom.tables import Phase, SeatView, TableGame
from ...engine import LogEntry
from ...i18n import clock, stamp, t
from ...narrate import changes_text, seat_name, vote_text
from ...scenario.plan import Plan
from ..prose import Para
from ..screens.base import BaseScreen
from ..screens.play import seen_text
from ..text import AMBER, BRASS, DIM, INK, STEEL
from ..widgets.decision import ChoiceInfo, ChoiceList, DecisionInfo, DecisionView
from ..widgets.keyfooter import KeyFooter
from ..widgets.meters import MeterInfo, MetersPanel
from ..widgets.newslog import LogLine, NewsLog
from ..widgets.topbar import TopBar

POLL = 1.0  # seconds between looks at the class record
PRESENCE = 10.0  # seconds between reports to the teacher's dashboard when nothing changes


def countdown_text(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))
    return f"{whole // 60}:{whole % 60:02d}"


class TableScreen(BaseScreen):
    """The table for ``student``: the waiting room until every seat is taken, then the shared game.

    Pushed by the class lobby; dismissed (back to the lobby) with escape.
    """

    CSS_PATH = ["../screens/panels.tcss", "../screens/play.tcss", "table.tcss"]
    BINDINGS = [
        Binding("1", "choose(1)", "ui.key.choose", key_display="1-9"),
        *[Binding(str(n), f"choose({n})", show=False) for n in range(2, 10)],
        Binding("e", "end_discussion", "ui.key.end_discussion"),
        Binding("d", "transcript", "ui.key.transcript"),
        Binding("escape", "leave", "ui.key.leave"),
    ]

    def __init__(self, live: LiveClass, table: int, student: int, plan: Plan) -> None:
        super().__init__()
        self.live = live
        self.student = student
        self.plan = plan
        self.tables = TableGame(live, table, plan, student)
        self.view: SeatView | None = None
        self._last_tick = monotonic()
        self._reported: tuple[object, ...] = ()
        self._reported_at = 0.0

    @property
    def lang(self) -> str:
        session = getattr(self.app, "session", None)
        return getattr(session, "lang", "en")

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Horizontal(id="play-body"):
            with Vertical(id="stage"):
                yield Para(id="table-status")
                yield DecisionView(id="decision")
                yield ChoiceList(id="choices")
            with Vertical(id="sidebar"):
                yield MetersPanel(id="meters")
                yield NewsLog(id="log")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.tables.poll()
        self.view = self.tables.view()
        self._last_tick = monotonic()
        self.set_interval(POLL, self._on_interval, name="table-poll")
        self.render_texts()

    # --- keeping up ---------------------------------------------------------------------------

    def _on_interval(self) -> None:
        now = monotonic()
        elapsed, self._last_tick = now - self._last_tick, now
        if self.app.screen is self:  # under a dialog or the teacher's pause, this seat's clock waits
            for event in self.tables.tick(elapsed):
                self._timed_out(event.seat, event.decision, event.option, event.reason)
        self.refresh_table()

    def refresh_table(self) -> None:
        """Poll the record and redraw (the countdowns move every second even when nothing else does)."""
        before = self.view
        self.tables.poll()
        self.view = view = self.tables.view()
        self._report()
        self.render_texts()
        if before is None or (before.phase, before.yours) != (view.phase, view.yours):
            self.refresh_bindings()  # the footer offers what the keys do now (end the discussion, choose)

    def _report(self) -> None:
        """Tell the teacher's dashboard where this student is, when that changes and now and then."""
        view, tables = self.view, self.tables
        if view is None:
            return
        decision = view.decision.id if view.decision is not None and view.yours else None
        where = (view.phase, tables.game_id, view.seat, decision)
        now = monotonic()
        if where == self._reported and now - self._reported_at < PRESENCE:
            return
        self._reported, self._reported_at = where, now
        self.live.touch(self.student, "table", game=tables.game_id, seat=view.seat, decision=decision)

    def _timed_out(self, seat: str, decision: str, option: str, reason: str) -> None:
        lang, plan = self.lang, self.plan
        title = t("ui.timer.ran_out_title", lang)
        if seat == self.tables.seat:
            d = plan.decisions[decision]
            message = t(
                "ui.timer.ran_out",
                lang,
                decision=d.model.title.get(lang),
                option=d.by_id[option].model.text.get(lang),
                why=t(reason, lang),
            )
        else:  # another seat's default stays theirs
            message = t("ui.timer.ran_out_other", lang, name=seat_name(plan, seat, lang))
        self.notify(message, title=title, severity="warning", markup=False, timeout=10)

    # --- attributes down ------------------------------------------------------------------------

    def render_texts(self) -> None:
        view = self.view
        if view is None:
            return
        self._top_bar(view)
        self.query_one("#table-status", Para).update(self._status(view))
        self._decision(view)
        panel = self.query_one(MetersPanel)
        panel.border_title = self.tr("meters")
        panel.display = view.phase not in (Phase.WAITING, Phase.CLOSED, Phase.BROKEN)
        infos = self._meters(view)
        if infos != panel.meters:
            panel.meters = infos
        self._fit_meters()
        log = self.query_one(NewsLog)
        log.border_title = self.tr("ui.play.log")
        log.empty_text = self.tr("ui.play.log_empty")
        lines = self._log(view)
        if lines != log.lines:
            log.lines = lines

    def _top_bar(self, view: SeatView) -> None:
        plan, lang = self.plan, self.lang
        bar = self.query_one(TopBar)
        bar.scenario = view.table.label or plan.model.title.get(lang)
        if view.seat is not None:
            bar.seat = seat_name(plan, view.seat, lang)
            bar.role = plan.seats[view.seat].role.get(lang)
        else:
            bar.seat, bar.role = self.tr("table.observer"), self.tr("table.observer_role")
        bar.clock = clock(plan.time(view.minute), lang, plan.model.clock.zone)
        left = self.tables.time_left()
        bar.timer = countdown_text(left) if left is not None else ""
        bar.urgent = left is not None and left <= 10

    def _names(self, seats: tuple[str, ...]) -> str:
        return self.tr("ui.list_sep").join(seat_name(self.plan, s, self.lang) for s in seats)

    def _status(self, view: SeatView) -> Content:
        """The lines above the decision: who sits where, who is deciding, the discussion, the last tally."""
        lines: list[Content] = []

        def say(text: str, style: str = INK) -> None:
            lines.append(Content(text).stylize(style))

        if view.phase is Phase.CLOSED:
            say(self.tr("table.closed"), AMBER)
        elif view.phase is Phase.BROKEN:
            say(self.tr("table.broken", problem=view.problem), AMBER)
        elif view.phase is Phase.WAITING:
            self._waiting_room(view, say)
        elif view.phase is Phase.ENDED:
            say(self.tr("table.transcript_hint"), BRASS)
        else:
            self._turn(view, say)
        if view.tally is not None and view.phase is not Phase.WAITING and not view.vote:  # a new vote: in the log
            title = self.plan.decisions[view.tally.id].model.title.get(self.lang)
            say(self.tr("table.tally", title=title, result=vote_text(self.plan, view.tally, self.lang)), STEEL)
        if view.seat is None and view.phase not in (Phase.CLOSED, Phase.BROKEN):
            say(self.tr("table.you_watch"), DIM)
        return Content("\n").join(lines)

    def _waiting_room(self, view: SeatView, say: Any) -> None:
        table, names = view.table, self.tables.names()
        say(self.tr("table.kicker.waiting"), f"bold {AMBER}")
        say(self.tr("table.waiting", label=table.label, n=len(table.free_seats())))
        for seat in table.seats:
            name = seat_name(self.plan, seat, self.lang)
            if seat in names:
                who = names[seat] + (f" ({self.tr('table.you')})" if seat == view.seat else "")
                say("  " + self.tr("table.seat_taken", seat=name, name=who))
            else:
                say("  " + self.tr("table.seat_free", seat=name), DIM)
        if table.observers:
            say(self.tr("table.watchers", n=len(table.observers)), DIM)

    def _turn(self, view: SeatView, say: Any) -> None:
        """Most important first, since a short window cuts the status off at the bottom."""
        found = view.discussion
        if view.phase is Phase.DISCUSSION and found is not None:
            say(self.tr("table.kicker.discussion"), f"bold {AMBER}")
            left = countdown_text(found.left(self.tables.clock()))
            say(self.tr("table.discussion", time=left), f"bold {INK}")
            if view.seat is not None:
                say(self.tr("table.discussion_key"), BRASS)
        elif view.yours:
            say(self.tr("table.your_ballot" if view.vote else "table.your_turn"), f"bold {BRASS}")
        elif view.own_ballot is not None:
            option = self.plan.decisions[view.decision.id].by_id[view.own_ballot] if view.decision else None
            text = option.model.text.get(self.lang) if option is not None else view.own_ballot
            say(self.tr("table.ballot_cast", option=text), f"bold {BRASS}")
        if view.vote and view.phase is not Phase.DISCUSSION:
            others = tuple(s for s in view.deciding if s != view.seat)
            if others:
                say(self.tr("table.ballots_from", names=self._names(others)), STEEL)
        elif not view.vote and not view.yours:
            say(self.tr("table.deciding", name=self._names(view.deciding)), f"italic {STEEL}")
        if view.vote and view.cast:
            say(self.tr("ui.vote.cast", seats=self._names(view.cast)), STEEL)
        if view.vote and view.seat is not None:
            say(self.tr("ui.vote.secret"), AMBER)
        if view.vote and view.phase is not Phase.DISCUSSION and found is not None and found.ended_by is not None:
            say(self.tr("table.discussion_over", by=self._ended_by(found.ended_by)), DIM)

    def _ended_by(self, by: str) -> str:
        if by in ("time", "teacher"):
            return self.tr(f"table.ended_by.{by}")
        return self.tr("table.ended_by.seat", name=seat_name(self.plan, by, self.lang))

    def _decision(self, view: SeatView) -> None:
        lang = self.lang
        panel = self.query_one(DecisionView)
        choices = self.query_one(ChoiceList)
        info: DecisionInfo | None = None
        if view.phase is Phase.ENDED and view.ending is not None:
            ending = view.ending.model
            info = DecisionInfo(self.tr("table.kicker.ending"), ending.title.get(lang), ending.text.get(lang))
        elif view.decision is not None:
            decision = view.decision
            vote_lines: tuple[str, ...] = ()
            if decision.vote is not None:
                voters = self._names(tuple(decision.vote.voters))
                threshold = decision.vote.threshold
                needed = (
                    self.tr(f"ui.vote.{threshold}")
                    if isinstance(threshold, str)
                    else self.tr("ui.vote.count", n=threshold)
                )
                vote_lines = (self.tr("ui.vote.voters", seats=voters, needed=needed),)
            kicker = self.tr("ui.play.vote" if decision.vote is not None else "ui.play.decision")
            model = decision.model
            info = DecisionInfo(
                kicker, model.title.get(lang), model.text.get(lang), vote_lines, decision.vote is not None
            )
        if info != panel.info:
            panel.info = info
        panel.display = info is not None
        options = tuple(
            ChoiceInfo(
                o.id,
                o.option.model.text.get(lang),
                o.available,
                o.reason.get(lang) if o.reason is not None else self.tr("plain.unavailable_noreason"),
            )
            for o in view.options
        )
        if options != choices.choices:
            choices.choices = options
            if options:
                choices.focus()
        choices.display = bool(options)

    def _meters(self, view: SeatView) -> tuple[MeterInfo, ...]:
        lang, model = self.lang, self.plan.model
        shapes: dict[str, tuple[str, int, int | None, bool]] = {
            m.id: (m.label.get(lang), m.min, m.max, False) for m in model.meters
        }
        shapes.update({c.id: (c.label.get(lang), 0, c.max, True) for c in model.counters})
        out = []
        for meter in view.meters:
            label, low, high, counter = shapes[meter.id]
            out.append(MeterInfo(meter.id, label, meter.value, low, high, meter.delta, counter=counter))
        return tuple(out)

    def _fit_meters(self) -> None:
        """One line per meter when two would not fit in the meters' share of the side column (as in play)."""
        panel = self.query_one(MetersPanel)
        room = int((self.size.height - 2) * 0.6) - 2
        needed = sum(2 if m.high is not None else 1 for m in panel.meters)
        if panel.compact != (needed > room):
            panel.compact = needed > room

    def on_resize(self) -> None:
        self._fit_meters()

    def _log(self, view: SeatView) -> tuple[LogLine, ...]:
        game, lang = self.tables.game, self.lang
        if game is None:
            return ()
        reader = view.seat or ""
        fresh_from = max((i for i, e in enumerate(view.log) if _own(e, reader)), default=0)
        return tuple(
            LogLine(
                stamp(self.plan, entry.minute, lang),
                *seen_text(game, entry, reader, lang),
                changes_text(self.plan, entry.changes, lang),
                i >= fresh_from,
            )
            for i, entry in enumerate(view.log)
        )

    # --- messages up, actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view = self.view
        if view is None:
            return True
        if action == "end_discussion":
            return view.phase is Phase.DISCUSSION and view.seat is not None
        if action == "transcript":
            return view.phase is Phase.ENDED
        if action == "choose":
            return view.yours
        return True

    def _choose(self, option: str) -> None:
        written = self.tables.choose(option)
        if not written.ok:
            self.notify(self.tr(written.reason), severity="warning", markup=False)
        self.refresh_table()
        self.refresh_bindings()

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        self._choose(event.option_id)

    def action_choose(self, number: int) -> None:
        view = self.view
        if view is None or not 1 <= number <= len(view.options):
            return
        option = view.options[number - 1]
        if not option.available:
            reason = (
                option.reason.get(self.lang) if option.reason is not None else self.tr("plain.unavailable_noreason")
            )
            self.notify(self.tr("plain.unavailable", reason=reason), severity="warning", markup=False)
            return
        self._choose(option.id)

    def action_end_discussion(self) -> None:
        self.tables.end_discussion()
        self.refresh_table()
        self.refresh_bindings()

    def action_transcript(self) -> None:
        """The table's transcript, delivered to this student's browser (or their downloads folder)."""
        from ...saves import slot_name

        text = self.tables.transcript(self.lang)
        if text is None:
            self.notify(self.tr("table.transcript_wait"), markup=False)
            return
        game = self.tables.game
        label = self.view.table.label if self.view else ""
        name = slot_name(f"table-{label}-{game.uid[:8] if game else ''}-{self.lang}") + ".md"
        try:
            self.app.deliver_text(io.StringIO(text), save_filename=name, mime_type="text/markdown")
        except OSError as exc:
            self.notify(self.tr("table.transcript_failed", error=exc.strerror or exc), severity="error", markup=False)
            return
        self.notify(self.tr("table.transcript_done", name=name), markup=False)

    def action_leave(self) -> None:
        """Back to the lobby. Before the game starts the seat is freed; a started game keeps it for its player."""
        self.live.leave(self.tables.table_id, self.student)
        self.dismiss(None)

    def on_screen_resume(self) -> None:
        self._last_tick = monotonic()  # time under a dialog or the pause screen is not this seat's


def _own(entry: LogEntry, seat: str) -> bool:
    """This seat's own choice (a decision it took, or a vote it cast a ballot in)."""
    return bool(seat) and entry.by_player and seat in (entry.seat or "").split(",")
