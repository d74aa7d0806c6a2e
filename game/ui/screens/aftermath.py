"""The "what happened" card: what a choice caused, and the last days of the week, before play goes on.

The cards arrive as plain values (game/aftermath.py) built for a language; the screen only lays them out.
Enter goes to the next card (or back to the game after the last); Escape skips the rest at once.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...aftermath import Card, Happening, MeterMove
from ..prose import Para
from ..text import AMBER, BRASS, DIM, INK, STEEL, delta_text
from ..widgets.keyfooter import KeyFooter
from .base import BaseModal

CardsFn = Callable[[str], list[Card]]
Note = Callable[[str], str]  # a text made in a language (a timeout's explanation)


def _delta(delta: int) -> tuple[str, str]:
    text, style = delta_text(delta)
    return f" {text}", f"bold {style}"


def _move(move: MeterMove) -> Content:
    return Content.assemble(Content(move.label).stylize(INK), (f"  {move.old} → {move.new}", DIM), _delta(move.delta))


def _happening(item: Happening, ballot: str, *, stamp: bool = True) -> list[Widget]:
    """``ballot`` writes one seat's ballot in the reader's language, as '{seat}: {ballot}'."""
    head = Content.assemble((f"{item.stamp}  ", DIM) if stamp else "", Content(item.head).stylize(f"bold {INK}"))
    lines = [head]
    if item.detail:
        lines += [Content(line).stylize(INK) for line in item.detail.splitlines() if line.strip()]
    if item.ballots:
        ballots = " · ".join(ballot.format(seat=name, ballot=word) for name, word in item.ballots)
        lines.append(Content(ballots).stylize(STEEL))
    if item.moves:
        lines.append(
            Content("  ").join(Content.assemble(Content(m.label).stylize(DIM), _delta(m.delta)) for m in item.moves)
        )
    lines += [Content(line).stylize(STEEL) for line in item.trust]
    return [Para(Content("\n").join(lines), hang=2, classes="aftermath-item")]


def _section(title: str) -> Static:
    return Para(Content(title).stylize(f"bold {BRASS}"), classes="aftermath-section")


class AftermathScreen(BaseModal):
    """One or more cards, shown in turn. Dismisses with None when the player goes on."""

    CSS_PATH = ["dialogs.tcss", "aftermath.tcss"]  # type: ignore[assignment]  # Textual takes a list too
    BINDINGS = [
        Binding("enter,space", "next", "ui.key.continue"),
        Binding("escape", "skip", "ui.key.skip"),
        Binding("up", "scroll(-1)", show=False),
        Binding("down", "scroll(1)", show=False),
    ]

    def __init__(self, cards: CardsFn, notes: list[Note] | None = None) -> None:
        """``notes``: said above the first card, in the player's language (why a timeout took what it took)."""
        super().__init__(classes="dialog-screen")
        self._build = cards
        self._notes = notes or []
        self._gone = False
        self._built: dict[str, list[Card]] = {}
        self.index = 0

    def cards(self, lang: str) -> list[Card]:
        if lang not in self._built:
            cards = [c for c in self._build(lang) if not c.empty]
            if not cards and self._notes:  # nothing else to show, but the timeout is still to be said
                cards = [Card(self.tr("aftermath.heading"), None, (), (), (), None)]
            self._built[lang] = cards
        return self._built[lang]

    def compose(self) -> ComposeResult:
        with Vertical(id="aftermath", classes="dialog wide"):
            yield Para(id="aftermath-title")
            yield VerticalScroll(id="aftermath-body")
            yield Para(id="aftermath-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#aftermath-body", VerticalScroll).focus()

    def render_texts(self) -> None:
        cards = self.cards(self.lang)
        if not cards:
            self._close()
            return
        self.index = min(self.index, len(cards) - 1)
        card = cards[self.index]
        count = f"  {self.index + 1}/{len(cards)}" if len(cards) > 1 else ""
        self.query_one("#aftermath-title", Static).update(
            Content.assemble(Content(card.heading).stylize(f"bold {BRASS}"), (count, DIM))
        )
        last = self.index == len(cards) - 1
        hint = self.tr("aftermath.continue") if last else self.tr("aftermath.next_day")
        keys = f"⏎ {hint}" + ("" if last else f" · Esc {self.tr('aftermath.skip')}")
        self.query_one("#aftermath-hint", Static).update(Content(keys).stylize(f"italic {DIM}"))
        self.call_later(self._fill, self._parts(card))

    def _parts(self, card: Card) -> list[Widget]:
        parts: list[Widget] = []
        if self.index == 0:
            for note in self._notes:
                parts.append(Para(Content(note(self.lang)).stylize(f"bold {AMBER}"), classes="aftermath-item"))
        if card.yours is not None:
            parts.append(_section(self.tr("aftermath.yours")))
            parts += _happening(card.yours, self.tr("aftermath.ballot"), stamp=False)
        if card.since:
            if card.yours is not None:
                parts.append(_section(self.tr("aftermath.since")))
            for item in card.since:
                parts += _happening(item, self.tr("aftermath.ballot"))
        elif card.yours is not None:
            parts.append(Para(Content(self.tr("aftermath.nothing")).stylize(f"italic {DIM}")))
        if card.moves:
            parts.append(_section(self.tr("aftermath.meters")))
            parts.append(Para(Content("\n").join(_move(m) for m in card.moves), classes="aftermath-item"))
        if card.trust:
            parts.append(_section(self.tr("aftermath.trust")))
            lines = []
            for move in card.trust:
                why = self.tr("aftermath.reasons_sep").join(move.reasons)
                reason = self.tr("stance.because", text="", because=why) if move.reasons else ""  # ": why"
                lines.append(
                    Content.assemble(
                        Content(move.seat).stylize(f"bold {INK}"),
                        (f"  {move.value}", DIM),
                        _delta(move.delta),
                        Content(reason).stylize(STEEL),
                    )
                )
            parts.append(Para(Content("\n").join(lines), hang=2, classes="aftermath-item"))
        if card.ending is not None:
            parts.append(_section(self.tr("aftermath.ending", title=card.ending)))
        return parts

    async def _fill(self, parts: list[Widget]) -> None:
        body = self.query_one("#aftermath-body", VerticalScroll)
        async with self.batch():
            await body.remove_children()
            await body.mount_all(parts)
        body.scroll_home(animate=False)

    def _close(self) -> None:
        # Once only: render_texts runs more than once while the screen mounts, and a second dismiss would pop
        # the screen beneath this one.
        if not self._gone:
            self._gone = True
            self.dismiss(None)

    def action_next(self) -> None:
        if self.index + 1 >= len(self.cards(self.lang)):
            self._close()
            return
        self.index += 1
        self.render_texts()

    def action_skip(self) -> None:
        self._close()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#aftermath-body", VerticalScroll).scroll_relative(y=lines, animate=False)
