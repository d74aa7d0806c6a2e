"""Choose a seat: role cards side by side, then a private briefing before play starts.

With hot seat on, several cards are picked (one per player) and no briefing is shown here:
each player reads their own card after the keyboard is passed to them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalScroll, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Collapsible, Static

from ...scenario.plan import Plan
from ..messages import StartGame
from ..prose import Para
from ..text import AMBER, BRASS, DIM, INK, STEEL
from ..widgets.keyfooter import KeyFooter
from ..widgets.seatcard import CardInfo, SeatCard
from .base import BaseModal, BaseScreen


class SeatScreen(BaseScreen):
    StartGame = StartGame
    CSS_PATH = "seat.tcss"
    BINDINGS = [
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
        Binding("1", "pick(1)", "ui.key.pick", key_display="1-9"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)],
        Binding("t", "toggle_hotseat", "ui.key.hotseat"),
        Binding("s", "start_hotseat", "ui.key.start"),
        Binding("escape", "back", "ui.key.back"),
        Binding("q", "app.request_quit", "ui.key.quit"),
    ]

    def __init__(self, plan: Plan, allowed: list[str]) -> None:
        """``allowed``: the seats the teacher's settings open (``Settings.allowed_seats``)."""
        super().__init__()
        self.plan = plan
        self.seats = [plan.seats[s] for s in allowed]
        self.hotseat = False
        self.picked: list[str] = []  # hot-seat players' seats, in the order they were picked

    def compose(self) -> ComposeResult:
        yield Para(id="screen-heading", classes="screen-heading")
        with Collapsible(id="seat-about"):
            yield Para(id="seat-summary")
        yield Para(id="seat-hint")
        with HorizontalScroll(id="seat-cards"):
            for seat in self.seats:
                yield SeatCard(self._card(seat.id), id=f"card-{seat.id}", classes="seat-card")
        yield KeyFooter()

    def _card(self, seat_id: str) -> CardInfo:
        seat = self.plan.seats[seat_id]
        number = next(i for i, s in enumerate(self.seats, 1) if s.id == seat_id)
        lang = self.lang
        mark = self.tr("ui.seat.player", n=self.picked.index(seat_id) + 1) if seat_id in self.picked else ""
        return CardInfo(
            seat.id,
            number,
            seat.name.get(lang),
            seat.role.get(lang),
            self.tr(f"kind.{seat.kind}"),
            seat.bio.get(lang),
            self.tr("ui.seat.objective"),
            seat.objective.get(lang),
            mark,
        )

    def render_texts(self) -> None:
        title = self.plan.model.title.get(self.lang)
        self.query_one("#screen-heading", Static).update(
            Content.assemble(
                Content(self.tr("ui.seat.heading")).stylize(f"bold {BRASS}"),
                ("  ·  ", DIM),
                Content(title).stylize(f"bold {INK}"),
            )
        )
        self.query_one("#seat-about", Collapsible).title = self.tr("ui.seat.about")
        self.query_one("#seat-summary", Static).update(Content(self.plan.model.summary.get(self.lang)).stylize(INK))
        if not self.seats:
            hint = Content(self.tr("ui.seat.none_allowed")).stylize(f"bold {AMBER}")
        elif self.hotseat:
            hint = Content(self.tr("ui.seat.hint_hotseat")).stylize(f"italic {AMBER}")
        else:
            hint = Content(self.tr("ui.seat.hint")).stylize(f"italic {DIM}")
        self.query_one("#seat-hint", Static).update(hint)
        for card in self.query(SeatCard):
            if card.info is not None:
                card.info = self._card(card.info.seat)

    def on_mount(self) -> None:
        cards = list(self.query(SeatCard))
        if cards:
            cards[0].focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start_hotseat":
            return self.hotseat  # with fewer than two seats picked, pressing it says so
        if action == "toggle_hotseat":
            return len(self.seats) >= 2
        return True

    def action_move(self, step: int) -> None:
        cards = list(self.query(SeatCard))
        if not cards:
            return
        current = next((i for i, c in enumerate(cards) if c.has_focus), 0)
        target = cards[(current + step) % len(cards)]
        target.focus(scroll_visible=False)
        # The focused card's left edge goes to the left of the row: one press, one whole card.
        row = self.query_one("#seat-cards", HorizontalScroll)
        row.scroll_to(x=target.virtual_region.x - target.styles.margin.left, animate=False)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.seats):
            self.choose(self.seats[number - 1].id)

    def on_seat_card_picked(self, event: SeatCard.Picked) -> None:
        event.stop()
        self.choose(event.seat)

    def choose(self, seat: str) -> None:
        if self.hotseat:
            self.toggle_player(seat)
        else:
            self.brief(seat)

    def toggle_player(self, seat: str) -> None:
        if seat in self.picked:
            self.picked.remove(seat)
        else:
            self.picked.append(seat)
        self._refresh_cards()

    def _refresh_cards(self) -> None:
        for card in self.query(SeatCard):
            if card.info is not None:
                card.info = self._card(card.info.seat)
        self.refresh_bindings()

    def action_toggle_hotseat(self) -> None:
        self.hotseat = not self.hotseat
        self.picked = []
        self.render_texts()
        self.refresh_bindings()
        if self.hotseat:
            self.notify(self.tr("ui.seat.hotseat_on"), markup=False)

    def action_start_hotseat(self) -> None:
        if len(self.picked) < 2:
            self.notify(self.tr("ui.seat.need_two"), severity="warning", markup=False)
            return
        self.post_message(StartGame(self.plan, list(self.picked)))

    def brief(self, seat: str) -> None:
        def chosen(take: bool | None) -> None:
            if take:
                self.post_message(StartGame(self.plan, seat))

        self.app.push_screen(BriefingScreen(self.plan, seat), chosen)

    def action_back(self) -> None:
        self.dismiss()


class BriefingScreen(BaseModal):
    """What only this seat knows, and what it wants. Enter takes the seat."""

    BINDINGS = [
        Binding("enter", "take", "ui.key.take"),
        Binding("escape", "back", "ui.key.back"),
        Binding("up", "scroll(-1)", show=False),
        Binding("down", "scroll(1)", show=False),
        Binding("pageup", "scroll(-8)", show=False),
        Binding("pagedown", "scroll(8)", show=False),
    ]

    def __init__(self, plan: Plan, seat: str) -> None:
        super().__init__(classes="dialog-screen")
        self.plan = plan
        self.seat = seat

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="briefing"):
            yield Para(id="dialog-title", classes="dialog-title")
            # The objective stands above the private text, outside its scroll, so it is in view at 80x24.
            yield Para(id="briefing-objective")
            with VerticalScroll(id="briefing-scroll"):
                yield Para(id="briefing-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("", id="take", variant="primary")
                yield Button("", id="back")

    def render_texts(self) -> None:
        seat = self.plan.seats[self.seat]
        lang = self.lang
        self.query_one("#dialog-title", Static).update(
            Content.assemble(
                Content(seat.name.get(lang)).stylize(f"bold {INK}"),
                ("  ·  ", DIM),
                Content(seat.role.get(lang)).stylize(STEEL),
            )
        )
        self.query_one("#briefing-objective", Static).update(
            Content("\n").join(
                [
                    Content(self.tr("ui.seat.objective")).stylize(f"bold {BRASS}"),
                    Content(seat.objective.get(lang)).stylize(INK),
                ]
            )
        )
        self.query_one("#briefing-body", Static).update(
            Content("\n").join(
                [
                    Content(self.tr("ui.seat.private")).stylize(f"bold {AMBER}"),
                    Content(seat.private.get(lang)).stylize(INK),
                ]
            )
        )
        self.query_one("#take", Button).label = Content(self.tr("ui.seat.take"))
        self.query_one("#back", Button).label = Content(self.tr("ui.seat.back"))
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Give the private text what the dialog has left, so it scrolls instead of being cut off."""
        dialog = self.query_one("#briefing")
        fixed = sum(
            self.query_one(part).outer_size.height
            for part in ("#dialog-title", "#briefing-objective", ".dialog-buttons")
        )
        frame = dialog.styles.gutter.height  # padding and border
        room = int(self.size.height * 0.9) - fixed - frame
        self.query_one("#briefing-scroll").styles.max_height = max(3, room)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def on_mount(self) -> None:
        self.query_one("#take", Button).focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#briefing-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "take")

    def action_take(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
