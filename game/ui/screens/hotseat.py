"""Hot seat: between turns, a screen that hides everything until the next player has the keyboard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from ...narrate import seat_name
from ..prose import Para
from ..text import AMBER, BRASS, DIM, INK, STEEL
from ..widgets.keyfooter import KeyFooter
from .base import BaseScreen


class PassScreen(BaseScreen):
    """'Pass the keyboard to …'. A full screen, so nothing of the previous player's turn shows through.

    Dismisses with True when the named player is ready.
    """

    CSS_PATH = "hotseat.tcss"

    BINDINGS = [
        Binding("enter", "ready", "ui.key.ready"),
        Binding("q", "app.request_quit", "ui.key.quit"),
    ]

    def __init__(self, seat: str) -> None:
        super().__init__()
        self.seat = seat

    def compose(self) -> ComposeResult:
        with Vertical(id="pass-box"):
            yield Para(id="pass-kicker")
            yield Para(id="pass-title")
            yield Para(id="pass-role")
            yield Para(id="pass-text")
            yield Para(id="pass-next")
            yield Para(id="pass-players")
            with Center():
                # Not focusable: Enter belongs to the screen, so the footer shows it. A click works too.
                ready = Button("", id="ready", variant="primary", compact=True)
                ready.can_focus = False
                yield ready
        yield KeyFooter()

    def render_texts(self) -> None:
        session = self.app.session
        plan, game = session.plan, session.game
        if plan is None:
            return
        lang = self.lang
        name = seat_name(plan, self.seat, lang)
        self.query_one("#pass-kicker", Static).update(Content(self.tr("ui.pass.kicker")).stylize(f"bold {AMBER}"))
        self.query_one("#pass-title", Static).update(
            Content(self.tr("ui.pass.title", name=name)).stylize(f"bold {INK}")
        )
        self.query_one("#pass-role", Static).update(Content(plan.seats[self.seat].role.get(lang)).stylize(STEEL))
        self.query_one("#pass-text", Static).update(Content(self.tr("ui.pass.text", name=name)).stylize(INK))
        pending = game.pending if game is not None else None
        ballot = pending is not None and pending.decision.vote is not None
        self.query_one("#pass-next", Static).update(
            Content(self.tr("ui.pass.ballot" if ballot else "ui.pass.decision")).stylize(BRASS)
        )
        names = self.tr("ui.list_sep").join(seat_name(plan, s, lang) for s in session.players)
        self.query_one("#pass-players", Static).update(Content(self.tr("ui.pass.players", names=names)).stylize(DIM))
        self.query_one("#ready", Button).label = Content(self.tr("ui.key.ready"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(True)

    def action_ready(self) -> None:
        self.dismiss(True)
