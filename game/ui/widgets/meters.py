"""Meters as coloured bars (low is red) and counters as value/max, each with its last change."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.color import Color
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

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


def meter_lines(info: MeterInfo, width: int, compact: bool) -> list[Content]:
    """A meter as it is drawn: 'Label   45 ▼5' over a bar, or one line whose background is the bar when
    ``compact``; a counter without a maximum is its top line alone."""
    width = max(1, width)
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
        return [top]
    span = max(1, info.high - info.low)
    fraction = min(1.0, max(0.0, (info.value - info.low) / span))
    filled = round(fraction * width)
    colour = STEEL if info.counter else level_colour(fraction)
    if compact:
        cut = _char_offset(top.plain, filled)
        return [top.stylize(f"on {TRACK_BG}").stylize(f"on {_fill(colour)}", 0, cut)]
    return [top, Content.assemble(("━" * filled, colour), ("━" * (width - filled), TRACK))]


def meter_height(info: MeterInfo, compact: bool) -> int:
    return 1 if info.high is None or compact else 2


def _char_offset(text: str, cells: int) -> int:
    """The index in ``text`` where ``cells`` cells have been used (wide characters count two)."""
    used = 0
    for index, char in enumerate(text):
        if used >= cells:
            return index
        used += cell_len(char)
    return len(text)


class MetersPanel(ScrollView, can_focus=False):
    """The column of meters, drawn by one widget. Set ``meters`` (and ``compact`` for one line each).

    A widget per meter cost every screen that shows them nine more widgets to mount, style and lay out; here
    each meter is lines of text, drawn again only when its value or the width changes. Its height follows the
    meters (``height: auto``) and it scrolls when the stylesheet caps it.
    """

    meters: reactive[tuple[MeterInfo, ...]] = reactive(())
    compact: reactive[bool] = reactive(False)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # ScrollView's own keyword arguments
        self._rows: list[tuple[MeterInfo | None, int]] = []  # each line: its meter and which of its lines
        self._drawn: dict[tuple[MeterInfo, int, bool], list[Strip]] = {}

    def _arrange_rows(self) -> None:
        rows: list[tuple[MeterInfo | None, int]] = []
        for info in self.meters:
            rows += [(info, line) for line in range(meter_height(info, self.compact))]
        if not rows:
            rows = [(None, 0)]  # a dash says there are none
        height_changed = len(rows) != len(self._rows)
        self._rows = rows
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows))
        self.refresh(layout=height_changed)

    def watch_meters(self) -> None:
        self._arrange_rows()

    def watch_compact(self) -> None:
        self._arrange_rows()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()  # colours come from the stylesheet

    def _lines(self, info: MeterInfo, width: int) -> list[Strip]:
        key = (info, width, self.compact)
        drawn = self._drawn.get(key)
        if drawn is None:
            if len(self._drawn) > 4 * max(1, len(self.meters)):
                self._drawn.clear()  # old values and widths
            style = self.visual_style
            drawn = [
                Visual.to_strips(self, line, width, 1, style)[0] for line in meter_lines(info, width, self.compact)
            ]
            self._drawn[key] = drawn
        return drawn

    def render_line(self, y: int) -> Strip:
        style = self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        if not 0 <= index < len(self._rows) or width <= 0:
            return Strip.blank(max(0, width), style)
        info, line = self._rows[index]
        if info is None:
            dash = Visual.to_strips(self, Content("—").stylize(BRASS), width, 1, self.visual_style)[0]
            return dash.crop_extend(0, width, style)
        return self._lines(info, width)[line].crop_extend(scroll_x, scroll_x + width, style)
