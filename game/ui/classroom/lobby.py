"""The lobby of a class session: who you are, the scenario, and what you may do now.

A seat as the teacher's seat mode says (free choice, the teacher's assignment, or balanced across the class;
or observing), and the board tables the teacher has opened. It reads the class record every few seconds, so
an assignment or a new table appears without a reload.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...classroom.live import OBSERVER
from ...classroom.student import WRITE_ERRORS
from ..messages import StartGame
from ..prose import Para
from ..screens.base import BaseScreen
from ..text import BRASS, DIM, INK, STEEL
from ..widgets.keyfooter import KeyFooter

if TYPE_CHECKING:
    from ...classroom.live import BoardTable
    from ...scenario.plan import Plan
    from .app import ClassApp

REFRESH = 2.0  # seconds between looks at assignments, classmates' seats and tables


@dataclass(frozen=True)
class Seats:
    """What the seat mode offers this student now."""

    mode: str
    offered: tuple[str, ...]  # seats the student may take; empty while waiting or observing
    observer: bool
    counts: dict[str, int]


def seats_now(app: ClassApp, plan: Plan) -> Seats:
    live, student = app.live, app.student.id
    allowed = app.session.allowed_seats(plan)
    mode = app.class_control.seat_mode
    counts = dict(live.seat_counts())
    given = live.seat_for(student, allowed)
    if given == OBSERVER or (mode == "assigned" and live.assigned(student) == OBSERVER):
        return Seats(mode, (), True, counts)
    if mode == "free":
        return Seats(mode, tuple(allowed), False, counts)
    if given is not None and given in plan.seats:
        return Seats(mode, (given,), False, counts)
    return Seats(mode, (), False, counts)


class LobbyScreen(BaseScreen):
    app: ClassApp
    # The app's first screen: Textual reads a screen's CSS_PATH only for screens pushed later.
    DEFAULT_CSS = """
    #lobby-head {
        height: auto;
        padding: 1 2 0 2;
    }
    #lobby-list {
        height: 1fr;
        margin: 1 2 0 2;
        border: round $primary 40%;
    }
    #lobby-status {
        height: auto;
        padding: 0 2;
    }
    """
    BINDINGS = [Binding("q", "app.request_quit", "ui.key.quit")]

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan
        self._shown: tuple[object, ...] = ()  # what the list holds, so an unchanged refresh keeps the cursor
        self._seats: tuple[str | None, ...] = ()  # the seat rows offered at the last refresh

    def compose(self) -> ComposeResult:
        yield Para(id="lobby-head")
        yield OptionList(id="lobby-list")
        yield Para(id="lobby-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.watch(self.app, "class_control", self._control_moved, init=False)
        self.set_interval(REFRESH, self._refresh_if_shown, name="lobby-refresh")

    def on_screen_resume(self) -> None:
        self.render_texts()
        self.call_after_refresh(self._touch)

    def _touch(self) -> None:
        # The lobby shows for a moment between two game screens (the app pops down to it): not a visit.
        if self.app.screen is self:
            self.app.touch_screen("lobby")

    def _control_moved(self) -> None:
        self.render_texts()

    def _refresh_if_shown(self) -> None:
        if self.app.screen is self:
            self.render_texts()

    def render_texts(self) -> None:
        plan, lang = self.plan, self.lang
        try:
            seats = seats_now(self.app, plan)
            tables = self.app.live.tables()
            finished = self.app.finished_games()
        except WRITE_ERRORS:
            return  # the record is busy: the next refresh shows it
        mode_key = "class.lobby.observer" if seats.observer else f"class.lobby.mode.{seats.mode}"
        head = [
            Content(self.tr("class.lobby.title", scenario=plan.model.title.get(lang))).stylize(f"bold {BRASS}"),
            Content(self.tr("class.lobby.hello", name=self.app.student.name)).stylize(f"bold {INK}"),
            Content(self.tr(mode_key)).stylize(STEEL),
        ]
        self.query_one("#lobby-head", Static).update(Content("\n").join(head))
        status = [self.tr("class.lobby.hint")]
        if finished:
            status.insert(0, self.tr("class.lobby.finished", n=finished))
        self.query_one("#lobby-status", Static).update(Content("  ·  ".join(status)).stylize(DIM))
        self._fill(seats, tables)

    def _fill(self, seats: Seats, tables: list[BoardTable]) -> None:
        plan, lang = self.plan, self.lang
        rows: list[Option | None] = [
            Option(Content(self.tr("class.lobby.seats")).stylize(f"bold {BRASS}"), disabled=True)
        ]
        if seats.observer:
            rows.append(Option(Content(self.tr("class.lobby.observer")).stylize(DIM), disabled=True))
        elif not seats.offered:
            rows.append(Option(Content(self.tr("class.lobby.wait")).stylize(f"italic {DIM}"), disabled=True))
        for seat in seats.offered:
            info = plan.seats[seat]
            if seats.mode == "free":
                text = Content.assemble(
                    (info.name.get(lang), f"bold {INK}"),
                    (" · ", DIM),
                    (info.role.get(lang), STEEL),
                    (f"  {self.tr('class.lobby.playing', n=seats.counts.get(seat, 0))}", DIM),
                )
            else:
                text = Content(self.tr("class.lobby.yours", name=info.name.get(lang), role=info.role.get(lang)))
                text = text.stylize(f"bold {INK}")
            rows.append(Option(text, id=f"seat:{seat}"))
        rows += [None, Option(Content(self.tr("class.lobby.tables")).stylize(f"bold {BRASS}"), disabled=True)]
        shown = [t for t in tables if t.status in ("open", "playing")]
        if not shown:
            rows.append(Option(Content(self.tr("class.lobby.no_tables")).stylize(f"italic {DIM}"), disabled=True))
        for table in shown:
            status = self.tr(f"class.lobby.table.{table.status}")
            line = self.tr(
                "class.lobby.table",
                label=table.label,
                taken=len(table.members),
                seats=len(table.seats),
                status=status,
            )
            rows.append(Option(Content(line).stylize(INK), id=f"table:{table.id}"))
        key = (lang, *((o.id, str(o.prompt)) if o is not None else None for o in rows))
        if key == self._shown:
            return
        self._shown = key
        listing = self.query_one(OptionList)
        highlighted = listing.highlighted_option.id if listing.highlighted_option is not None else None
        listing.clear_options()
        listing.add_options(rows)
        options = [o for o in rows if o is not None]  # a None is a separator line, not an option
        ids = [o.id for o in options]
        seat_ids = tuple(i for i in ids if i and i.startswith("seat:"))
        if seat_ids != self._seats:  # a seat newly given (or taken away): the cursor goes to it, not to a table
            self._seats, highlighted = seat_ids, None
        listing.highlighted = (
            ids.index(highlighted)
            if highlighted is not None and highlighted in ids
            else next((i for i, o in enumerate(options) if not o.disabled), None)
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, value = (event.option.id or "").partition(":")
        if kind == "seat":
            self._brief(value)
        elif kind == "table" and value.isdigit():
            self.app.join_table(int(value))

    def _brief(self, seat: str) -> None:
        from ..screens.seat import BriefingScreen

        def taken(take: bool | None) -> None:
            if take:
                self.post_message(StartGame(self.plan, seat))

        self.app.push_screen(BriefingScreen(self.plan, seat), taken)
        self.app.touch_screen("seat")
