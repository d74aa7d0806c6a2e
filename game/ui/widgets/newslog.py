"""The scrollable log of news and events the seat has seen."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from ..prose import Prose
from ..text import BRASS, DIM, INK, STEEL

HANG = 2  # continuation lines of an entry are indented this much


@dataclass(frozen=True)
class LogLine:
    stamp: str
    head: str
    detail: str = ""
    changes: str = ""
    fresh: bool = False  # happened since the last decision


def _entry(line: LogLine) -> Content:
    parts: list[Content] = [
        Content.assemble(
            (line.stamp, f"bold {BRASS if line.fresh else DIM}"),
            " ",
            Content(line.head).stylize(f"bold {INK}" if line.fresh else INK),
        )
    ]
    if line.detail:
        parts.append(Content("  ") + Content(line.detail.replace("\n", "\n  ")).stylize(INK if line.fresh else DIM))
    if line.changes:
        parts.append(Content("  ") + Content(line.changes).stylize(STEEL))
    return Content("\n").join(parts)


def _same(a: LogLine, b: LogLine) -> bool:
    """The same entry, though one may be fresh and the other no longer."""
    return (a.stamp, a.head, a.detail, a.changes) == (b.stamp, b.head, b.detail, b.changes)


class NewsLog(ScrollView, can_focus=True):
    """Newest at the bottom; scrolls to the end whenever ``lines`` changes. The play screen may maximize it.

    Each entry is wrapped once, when it arrives, into lines kept here, and only the lines in view are drawn.
    A long game adds an entry or two per choice: with a widget per entry, every keypress laid out hundreds
    of them and grew slower as the game went on (benchmarks/keypress.py). Only a change of width wraps
    everything again.
    """

    ALLOW_MAXIMIZE = True

    lines: reactive[tuple[LogLine, ...]] = reactive(())
    empty_text: reactive[str] = reactive("")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # ScrollView's own keyword arguments
        self._rows: list[list[Strip]] = []  # per entry: its lines, then one blank line
        self._strips: list[Strip] = []  # every entry's rows, in order
        self._width = 0

    @property
    def plain(self) -> str:
        """Everything in the log as text, entries apart by a blank line."""
        return "\n\n".join(_entry(line).plain for line in self.lines)

    def _wrap(self, content: Content, hang: int) -> list[Strip]:
        return Visual.to_strips(self, Prose.of(content, hang), self._width, None, self.visual_style)

    def _render_entry(self, line: LogLine) -> list[Strip]:
        return [*self._wrap(_entry(line), HANG), Strip.blank(self._width)]

    def _rebuild_strips(self) -> None:
        self._strips = [strip for rows in self._rows for strip in rows]
        if not self.lines and self.empty_text:
            self._strips = self._wrap(Content(self.empty_text).stylize(f"italic {DIM}"), 0)
        self.virtual_size = Size(self._width, len(self._strips))
        self.refresh()

    def _sync(self, old: tuple[LogLine, ...], new: tuple[LogLine, ...]) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # not laid out yet: the first resize wraps everything
        if width != self._width:
            self._width = width
            self._rows = [self._render_entry(line) for line in new]
        else:
            keep = 0
            while keep < min(len(old), len(new), len(self._rows)) and _same(old[keep], new[keep]):
                keep += 1
            del self._rows[keep:]
            for i in range(keep):
                if old[i].fresh != new[i].fresh:
                    self._rows[i] = self._render_entry(new[i])
            self._rows += [self._render_entry(line) for line in new[keep:]]
        self._rebuild_strips()
        self.call_after_refresh(self.scroll_end, animate=False)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self._strips):
            return Strip.blank(width, self.rich_style)
        return self._strips[index].crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def watch_lines(self, old: tuple[LogLine, ...], new: tuple[LogLine, ...]) -> None:
        if self.is_mounted:
            self._sync(old, new)

    def watch_empty_text(self) -> None:
        if self.is_mounted and not self.lines:
            self._rebuild_strips()

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._sync(self.lines, self.lines)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._width:  # colours come from the stylesheet: draw again with the new ones
            self._width = 0
            self.call_after_refresh(self._sync, self.lines, self.lines)
