"""Meters as coloured bars (low is red) and counters as value/max, each with its last change."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from ..text import BRASS, INK, PANEL, STEEL, TRACK, TRACK_BG, delta_text, level_colour


@dataclass(frozen=True)
class MeterInfo:
    id: str
    label: str
    value: int
    low: int = 0
    high: int | None = 100  # None: a counter without a maximum
    delta: int = 0
    counter: bool = False
    short: str = ""  # used instead of the label where the label would be cut


def _fill(colour: str) -> str:
    """A dark shade of a meter colour, for the filled part of a one-line meter (text stays readable)."""
    return Color.parse(colour).blend(Color.parse(PANEL), 0.62).hex


class MeterBar(Widget):
    """Two lines: 'Label   45 ▼5' over a bar. Compact: one line whose background is the bar."""

    # A new value repaints; only a change of height (see ``_height``) lays the screen out again.
    info: reactive[MeterInfo | None] = reactive(None)
    compact: reactive[bool] = reactive(False, layout=True)

    def __init__(self, info: MeterInfo, compact: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # Static's own keyword arguments
        self.set_reactive(MeterBar.info, info)
        self.set_reactive(MeterBar.compact, compact)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._height(self.info)

    def _height(self, info: MeterInfo | None) -> int:
        return 1 if info is None or info.high is None or self.compact else 2

    def watch_info(self, old: MeterInfo | None, new: MeterInfo | None) -> None:
        if self._height(old) != self._height(new):
            self.refresh(layout=True)

    def render(self) -> Content:
        info = self.info
        if info is None:
            return Content("")
        width = max(1, self.content_size.width)
        number = f"{info.value}" if info.high is None or not info.counter else f"{info.value}/{info.high}"
        change, change_style = delta_text(info.delta)
        right = Content.assemble((number, f"bold {INK}"), (" " + change if change else "", f"bold {change_style}"))
        label = Content(info.label).stylize(INK)
        room = max(1, width - right.cell_length - 1)
        if label.cell_length > room and info.short:
            label = Content(info.short).stylize(INK)
        if label.cell_length > room:
            label = label.truncate(room, ellipsis=True)
        top = label + Content(" " * max(1, width - label.cell_length - right.cell_length)) + right
        if info.high is None:
            return top
        span = max(1, info.high - info.low)
        fraction = min(1.0, max(0.0, (info.value - info.low) / span))
        filled = round(fraction * width)
        colour = STEEL if info.counter else level_colour(fraction)
        if self.compact:
            cut = _char_offset(top.plain, filled)
            return top.stylize(f"on {TRACK_BG}").stylize(f"on {_fill(colour)}", 0, cut)
        bar = Content.assemble(("━" * filled, colour), ("━" * (width - filled), TRACK))
        return Content("\n").join([top, bar])


def _char_offset(text: str, cells: int) -> int:
    """The index in ``text`` where ``cells`` cells have been used (wide characters count two)."""
    used = 0
    for index, char in enumerate(text):
        if used >= cells:
            return index
        used += cell_len(char)
    return len(text)


class MetersPanel(VerticalScroll, can_focus=False):
    """The column of meters. Set ``meters`` (and ``compact`` for one line each); the bars follow.

    A choice changes values, not which meters there are: the bars already mounted take their new values, and
    the panel is composed again only when the meters themselves change. Composing on every choice mounted
    fresh bars, which cost the play screen a second layout pass per keypress (benchmarks/keypress.py).
    """

    meters: reactive[tuple[MeterInfo, ...]] = reactive(())
    compact: reactive[bool] = reactive(False, recompose=True)

    def compose(self) -> ComposeResult:
        if not self.meters:
            yield Static(Content("—").stylize(BRASS), classes="empty")
        for info in self.meters:
            yield MeterBar(info, self.compact, classes="meter")

    def watch_meters(self, old: tuple[MeterInfo, ...], new: tuple[MeterInfo, ...]) -> None:
        bars = list(self.query_children(MeterBar))
        if [m.id for m in old] != [m.id for m in new] or len(bars) != len(new):
            self.refresh(recompose=True)
            return
        for bar, info in zip(bars, new, strict=True):
            bar.info = info
