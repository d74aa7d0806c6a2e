"""Choose a seat: role cards side by side, then a private briefing before play starts."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalScroll, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Collapsible, Footer, Static

from ...scenario.plan import Plan
from ..prose import Para
from ..text import AMBER, BRASS, DIM, INK, STEEL
from ..widgets.seatcard import CardInfo, SeatCard
from .base import BaseModal, BaseScreen


class SeatScreen(BaseScreen):
    BINDINGS = [
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
        Binding("1", "pick(1)", "ui.key.pick", key_display="1-9"),
        *[Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)],
        Binding("escape", "back", "ui.key.back"),
        Binding("q", "app.request_quit", "ui.key.quit"),
    ]

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan
        self.seats = plan.playable_seats()

    def compose(self) -> ComposeResult:
        yield Para(id="screen-heading", classes="screen-heading")
        with Collapsible(id="seat-about"):
            yield Para(id="seat-summary")
        yield Para(id="seat-hint")
        with HorizontalScroll(id="seat-cards"):
            for seat in self.seats:
                yield SeatCard(self._card(seat.id), id=f"card-{seat.id}", classes="seat-card")
        yield Footer(compact=True)

    def _card(self, seat_id: str) -> CardInfo:
        seat = self.plan.seats[seat_id]
        number = next(i for i, s in enumerate(self.seats, 1) if s.id == seat_id)
        lang = self.lang
        return CardInfo(
            seat.id,
            number,
            seat.name.get(lang),
            seat.role.get(lang),
            self.tr(f"kind.{seat.kind}"),
            seat.bio.get(lang),
            self.tr("ui.seat.objective"),
            seat.objective.get(lang),
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
        self.query_one("#seat-hint", Static).update(Content(self.tr("ui.seat.hint")).stylize(f"italic {DIM}"))
        for card in self.query(SeatCard):
            if card.info is not None:
                card.info = self._card(card.info.seat)

    def on_mount(self) -> None:
        cards = list(self.query(SeatCard))
        if cards:
            cards[0].focus()

    def action_move(self, step: int) -> None:
        cards = list(self.query(SeatCard))
        if not cards:
            return
        current = next((i for i, c in enumerate(cards) if c.has_focus), 0)
        target = cards[(current + step) % len(cards)]
        target.focus()
        target.scroll_visible(animate=False)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.seats):
            self.brief(self.seats[number - 1].id)

    def on_seat_card_picked(self, event: SeatCard.Picked) -> None:
        event.stop()
        self.brief(event.seat)

    def brief(self, seat: str) -> None:
        def chosen(take: bool | None) -> None:
            if take:
                self.app.start_game(self.plan, seat)

        self.app.push_screen(BriefingScreen(self.plan, seat), chosen)

    def action_back(self) -> None:
        self.dismiss()


class BriefingScreen(BaseModal):
    """What only this seat knows, and what it wants. Enter takes the seat."""

    BINDINGS = [
        Binding("enter", "take", "ui.key.take"),
        Binding("escape", "back", "ui.key.back"),
    ]

    def __init__(self, plan: Plan, seat: str) -> None:
        super().__init__(classes="dialog-screen")
        self.plan = plan
        self.seat = seat

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="briefing"):
            yield Para(id="dialog-title", classes="dialog-title")
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
        self.query_one("#briefing-body", Static).update(
            Content("\n").join(
                [
                    Content(self.tr("ui.seat.private")).stylize(f"bold {AMBER}"),
                    Content(seat.private.get(lang)).stylize(INK),
                    Content(""),
                    Content(self.tr("ui.seat.objective")).stylize(f"bold {BRASS}"),
                    Content(seat.objective.get(lang)).stylize(INK),
                ]
            )
        )
        self.query_one("#take", Button).label = Content(self.tr("ui.seat.take"))
        self.query_one("#back", Button).label = Content(self.tr("ui.seat.back"))

    def on_mount(self) -> None:
        self.query_one("#take", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "take")

    def action_take(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
