"""A role card on the seat screen: name, role, biography and objective. Posts ``Picked``."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from ..prose import Para
from ..text import BRASS, DIM, GREEN, INK, STEEL


@dataclass(frozen=True)
class CardInfo:
    seat: str
    number: int
    name: str
    role: str
    kind: str
    bio: str
    objective_heading: str
    objective: str
    mark: str = ""  # in a hot-seat game being set up: '✓ Player 2'


class SeatCard(VerticalScroll, can_focus=True):
    """Focusable; Enter or a click picks the seat."""

    # A card scrolls its own text up and down only: left and right go to the screen, which moves a whole card.
    BINDINGS = [
        Binding("enter", "pick", show=False),
        Binding("left", "screen.move(-1)", show=False),
        Binding("right", "screen.move(1)", show=False),
    ]

    class Picked(Message):
        def __init__(self, seat: str) -> None:
            super().__init__()
            self.seat = seat

    info: reactive[CardInfo | None] = reactive(None)

    def __init__(self, info: CardInfo, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # Static's own keyword arguments
        self.set_reactive(SeatCard.info, info)

    def compose(self) -> ComposeResult:
        yield Para(id="card-head")
        yield Para(id="card-bio")
        yield Para(id="card-objective")

    def watch_info(self) -> None:
        info = self.info
        if info is None or not getattr(self, "_ready", False):
            return
        head = Content.assemble(
            (f"{info.number} ", f"bold {BRASS}"),
            Content(info.name).stylize(f"bold {INK}"),
            "\n",
            Content(info.role).stylize(STEEL),
            ("  ·  ", DIM),
            Content(info.kind).stylize(DIM),
        )
        if info.mark:
            head = Content.assemble(head, "\n", Content(info.mark).stylize(f"bold {GREEN}"))
        self.set_class(bool(info.mark), "-picked")
        self.query_one("#card-head", Static).update(head)
        self.query_one("#card-bio", Static).update(Content(info.bio).stylize(INK))
        self.query_one("#card-objective", Static).update(
            Content.assemble(
                Content(info.objective_heading).stylize(f"bold {BRASS}"), "\n", Content(info.objective).stylize(INK)
            )
        )

    def on_mount(self) -> None:
        self._ready = True
        self.watch_info()

    def action_pick(self) -> None:
        if self.info is not None:
            self.post_message(self.Picked(self.info.seat))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        if self.has_focus:
            self.action_pick()
        else:
            self.focus()
