"""The scrollable log of news and events the seat has seen."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import cast

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from ..prose import Prose
from ..text import BRASS, DIM, INK, STEEL, TRACK

HANG = 2  # continuation lines of an entry are indented this much
GUTTER = 2  # columns on the right for the scroll indicator: a space, then the track and its thumb


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


@dataclass
class _Entry:
    line: LogLine
    height: int  # its wrapped lines and the blank line after it; the same fresh or not, as only colours change
    rows: list[Strip] | None = None  # drawn the first time any of it is in view


class NewsLog(ScrollView, can_focus=True):
    """Newest at the bottom; scrolls to the end whenever ``lines`` changes. The play screen may maximize it.

    An entry is measured once, when it arrives, and drawn only when some of it comes into view; only the lines
    in view are painted. A long game adds an entry or two per choice: with a widget per entry, every keypress
    laid out hundreds of them and grew slower as the game went on, and drawing every entry again when it
    stopped being fresh cost more than the rest of the keypress (benchmarks/keypress.py). Only a change of
    width measures everything again.

    The log draws its own scroll indicator in its last column instead of showing Textual's scrollbar widget.
    That widget is refreshed by every layout pass after the frame is drawn, so each choice cost a second
    frame a timer tick later, and the repaint a player waits for ended there. The wheel and the keys scroll
    the log as before.
    """

    ALLOW_MAXIMIZE = True
    DEFAULT_CSS = """
    NewsLog {
        scrollbar-size-vertical: 0;  /* the indicator is drawn in the log's own last columns */
    }
    """

    lines: reactive[tuple[LogLine, ...]] = reactive(())
    empty_text: reactive[str] = reactive("")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # ScrollView's own keyword arguments
        self._entries: list[_Entry] = []
        self._starts: list[int] = []  # the first line of each entry
        self._empty: list[Strip] = []  # the empty text's lines, while there are no entries
        self._width = 0
        self._pass_style: RichStyle | None = None  # set while a pass of lines is drawn (render_lines)

    @property
    def plain(self) -> str:
        """Everything in the log as text, entries apart by a blank line."""
        return "\n\n".join(_entry(line).plain for line in self.lines)

    @property
    def _text_width(self) -> int:
        return max(1, self._width - GUTTER)

    def _wrap(self, content: Content, hang: int) -> list[Strip]:
        return Visual.to_strips(self, Prose.of(content, hang), self._text_width, None, self.visual_style)

    def _measure(self, line: LogLine) -> _Entry:
        # Measured with the rules it is drawn with: Visual.to_strips hands a visual the widget's styles as its
        # rules map, so the same object is passed here.
        rules = cast("RulesMap", self.styles)
        return _Entry(line, Prose.of(_entry(line), HANG).get_height(rules, self._text_width) + 1)

    def _draw(self, entry: _Entry) -> list[Strip]:
        if entry.rows is None:
            blank = Strip.blank(self._text_width)
            rows = [*self._wrap(_entry(entry.line), HANG), blank]
            # The measure decided where every later entry starts; hold the drawing to it.
            entry.rows = (rows + [blank] * entry.height)[: entry.height]
        return entry.rows

    def _indicator(self, y: int, style: RichStyle) -> list[Segment]:
        """Row ``y`` of the scroll indicator: the thumb where the view is, the track elsewhere, nothing when
        everything fits."""
        view = self.scrollable_content_region.height
        total = self.virtual_size.height
        if total <= view or view <= 0:
            return [Segment(" " * GUTTER, style)]
        thumb = max(1, round(view * view / total))
        top = round(self.scroll_offset.y / max(1, total - view) * (view - thumb))
        on_thumb = top <= y < top + thumb
        # Coloured cells, as Textual's own scrollbar draws them.
        bar = style + RichStyle(bgcolor=DIM if on_thumb else TRACK)
        return [Segment(" " * (GUTTER - 1), style), Segment(" ", bar)]

    def _reindex(self) -> None:
        self._starts = []
        total = 0
        for entry in self._entries:
            self._starts.append(total)
            total += entry.height
        self._empty = []
        if not self._entries and self.empty_text:
            self._empty = self._wrap(Content(self.empty_text).stylize(f"italic {DIM}"), 0)
            total = len(self._empty)
        self.virtual_size = Size(self._width, total)
        self.refresh()

    def _sync(self, old: tuple[LogLine, ...], new: tuple[LogLine, ...]) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # not laid out yet: the first resize measures everything
        if width != self._width:
            self._width = width
            self._entries = [self._measure(line) for line in new]
        else:
            keep = 0
            while keep < min(len(old), len(new), len(self._entries)) and _same(old[keep], new[keep]):
                keep += 1
            del self._entries[keep:]
            for i in range(keep):
                if old[i].fresh != new[i].fresh:  # the same words in other colours: drawn again when seen
                    self._entries[i] = _Entry(new[i], self._entries[i].height)
            self._entries += [self._measure(line) for line in new[keep:]]
        self._reindex()
        # At once, not after the next refresh: the newest entry shows in the same frame as the choice. Forced,
        # because the first time the log overflows Textual has not yet worked out that it scrolls.
        self.scroll_end(animate=False, immediate=True, force=True)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The base style walks every ancestor's background: once a pass, not several times a line.
        self._pass_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._pass_style = None

    def render_line(self, y: int) -> Strip:
        style = self._pass_style or self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        row: Strip | None = None
        if self._entries:
            at = bisect_right(self._starts, index) - 1
            if 0 <= at < len(self._entries):
                rows = self._draw(self._entries[at])
                offset = index - self._starts[at]
                row = rows[offset] if offset < len(rows) else None
        elif index < len(self._empty):
            row = self._empty[index]
        text_width = min(self._text_width, width)
        row = Strip.blank(text_width, style) if row is None else row.crop_extend(scroll_x, scroll_x + text_width, style)
        if width <= GUTTER:
            return row.crop_extend(0, width, style)
        return Strip.join([row, Strip(self._indicator(y, style), GUTTER)]).crop_extend(0, width, style)

    def watch_lines(self, old: tuple[LogLine, ...], new: tuple[LogLine, ...]) -> None:
        if self.is_mounted:
            self._sync(old, new)

    def watch_empty_text(self) -> None:
        if self.is_mounted and not self.lines:
            self._reindex()

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._sync(self.lines, self.lines)
        # A window's new size can settle over more than one layout pass, and the size read above may not be the
        # last: keep to the newest entry once the screen is laid out.
        self.call_after_refresh(self.scroll_end, animate=False, force=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._width:  # colours come from the stylesheet: draw again with the new ones
            self._width = 0
            self.call_after_refresh(self._sync, self.lines, self.lines)
