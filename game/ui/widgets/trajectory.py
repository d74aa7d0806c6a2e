"""A meter's course over the game as a Sparkline, with where it started and ended."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Sparkline

from ..prose import Para
from ..text import INK, level_colour

BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class TrackInfo:
    label: str
    values: tuple[int, ...]
    low: int = 0
    high: int = 100


class MeterSparkline(Sparkline):
    """A Sparkline drawn against the meter's whole range (low to high), not the range of the data.

    Textual's Sparkline scales to the data, so a meter that moved from 62 to 64 would fill the
    whole height. Each column shows the last value in its stretch of the game, coloured like the meters.
    """

    def __init__(self, values: tuple[int, ...], low: int, high: int, **kwargs: object) -> None:
        super().__init__([float(v) for v in values], **kwargs)  # type: ignore[arg-type]  # Static's own keyword arguments
        self.low, self.high = low, high

    def render(self) -> Content:
        values = list(self.data or [])
        width = self.content_size.width
        if not values or width <= 0:
            return Content("")
        span = max(1, self.high - self.low)
        parts = []
        for column in range(width):
            value = values[min(len(values) - 1, (column * len(values)) // width)]
            fraction = min(1.0, max(0.0, (value - self.low) / span))
            parts.append((BARS[min(len(BARS) - 1, int(fraction * len(BARS)))], level_colour(fraction)))
        return Content.assemble(*parts)


class Trajectory(Horizontal):
    """'Trust  ▆▅▃▄▄  50→35'."""

    def __init__(self, info: TrackInfo, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # Static's own keyword arguments
        self.info = info

    def compose(self) -> ComposeResult:
        info = self.info
        yield Para(Content(info.label).stylize(INK), classes="track-label")
        yield MeterSparkline(info.values, info.low, info.high, classes="track-line")
        start = info.values[0] if info.values else 0
        end = info.values[-1] if info.values else 0
        colour = level_colour((end - info.low) / max(1, info.high - info.low))
        yield Para(Content.assemble((f"{start}→{end}", f"bold {colour}")), classes="track-ends")
