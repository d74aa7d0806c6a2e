"""Where the others stand: each other seat's trust in the player, how the last choice moved it, and why.

The rows arrive as plain values (``aftermath.standings``) built for a language; the screen lays them out.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...aftermath import TrustMove
from ..prose import Para
from ..text import BRASS, DIM, INK, STEEL, TRACK, delta_text, level_colour
from ..widgets.keyfooter import KeyFooter
from .base import BaseModal

BAR = 10  # cells of a trust bar: one per ten points

# For a language: the stance's label ('Trust'), then every other seat's standing (empty: no stances kept).
StandingsFn = Callable[[str], tuple[str, tuple[TrustMove, ...]]]


def trust_bar(value: int) -> Content:
    filled = max(0, min(BAR, round(value / (100 / BAR))))
    colour = level_colour(value / 100)
    return Content.assemble(("█" * filled, colour), ("░" * (BAR - filled), TRACK))


def standing_row(move: TrustMove, name_width: int, unmoved: str) -> Content:
    name = Content(move.seat).stylize(f"bold {INK}")
    name = name.pad_right(max(0, name_width - name.cell_length))
    change, style = delta_text(move.delta)
    lines = [
        Content.assemble(
            name,
            "  ",
            trust_bar(move.value),
            (f" {move.value:>3}", f"bold {INK}"),
            (f"  {change}", f"bold {style}") if change else (f"  {unmoved}", DIM),
        )
    ]
    lines += [Content(f"  · {reason}").stylize(STEEL) for reason in move.reasons]
    return Content("\n").join(lines)


class CharactersScreen(BaseModal):
    """A panel over the play screen; Escape or ``c`` closes it."""

    CSS_PATH = ["dialogs.tcss", "characters.tcss"]  # type: ignore[assignment]  # Textual takes a list too
    BINDINGS = [
        Binding("escape,c,enter", "close", "ui.key.close"),
        Binding("g", "app.switch_language", "ui.key.language"),  # a modal screen hides the app's own keys
        Binding("up", "scroll(-1)", show=False),
        Binding("down", "scroll(1)", show=False),
    ]

    def __init__(self, standings: StandingsFn) -> None:
        super().__init__(classes="dialog-screen")
        self._standings = standings

    def compose(self) -> ComposeResult:
        with Vertical(id="characters", classes="dialog wide"):
            yield Para(id="characters-title", classes="dialog-title")
            with VerticalScroll(id="characters-body"):
                yield Para(id="characters-intro", classes="dialog-message")
                yield Para(id="characters-rows", hang=4)
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#characters-body", VerticalScroll).focus()

    def render_texts(self) -> None:
        label, rows = self._standings(self.lang)
        self.query_one("#characters-title", Static).update(
            Content(self.tr("characters.title")).stylize(f"bold {BRASS}")
        )
        intro = self.tr("characters.intro", label=label) if rows else self.tr("characters.none")
        self.query_one("#characters-intro", Static).update(Content(intro).stylize(f"italic {DIM}"))
        width = max((Content(r.seat).cell_length for r in rows), default=0)
        unmoved = self.tr("characters.unmoved")
        body = Content("\n\n").join(standing_row(r, width, unmoved) for r in rows)
        self.query_one("#characters-rows", Static).update(body)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#characters-body", VerticalScroll).scroll_relative(y=lines, animate=False)
