"""The scrollable log of news and events the seat has seen."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive

from ..prose import Para
from ..text import BRASS, DIM, INK, STEEL


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


class NewsLog(VerticalScroll):
    """Newest at the bottom; scrolls to the end whenever ``lines`` changes. The play screen may maximize it.

    One paragraph per entry, and a change touches only the entries that changed: a long game appends an
    entry or two per choice, and re-wrapping the whole log each time made every keypress slower than the last.
    """

    ALLOW_MAXIMIZE = True

    lines: reactive[tuple[LogLine, ...]] = reactive(())
    empty_text: reactive[str] = reactive("")

    def compose(self) -> ComposeResult:
        yield Para(id="log-empty", classes="log-empty")

    @property
    def plain(self) -> str:
        """Everything in the log as text, entries apart by a blank line."""
        return "\n\n".join(_entry(line).plain for line in self.lines)

    def _sync(self, old: tuple[LogLine, ...], new: tuple[LogLine, ...]) -> None:
        empty = self.query_one("#log-empty", Para)
        empty.display = not new
        empty.update(Content(self.empty_text).stylize(f"italic {DIM}"))
        shown = list(self.query(".log-entry").results(Para))
        keep = 0
        while keep < min(len(old), len(new), len(shown)) and _same(old[keep], new[keep]):
            keep += 1
        for widget in shown[keep:]:
            widget.remove()
        for i in range(keep):
            if old[i].fresh != new[i].fresh:
                shown[i].update(_entry(new[i]))
        if len(new) > keep:
            self.mount_all([Para(_entry(line), hang=2, classes="log-entry") for line in new[keep:]])
        self.call_after_refresh(self.scroll_end, animate=False)

    def watch_lines(self, old: tuple[LogLine, ...], new: tuple[LogLine, ...]) -> None:
        if self.is_mounted:
            self._sync(old, new)

    def watch_empty_text(self) -> None:
        if self.is_mounted:
            self.query_one("#log-empty", Para).update(Content(self.empty_text).stylize(f"italic {DIM}"))

    def on_mount(self) -> None:
        self._sync((), self.lines)
