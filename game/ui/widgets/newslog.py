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


class NewsLog(VerticalScroll):
    """Newest at the bottom; scrolls to the end whenever ``lines`` changes. The play screen may maximize it."""

    ALLOW_MAXIMIZE = True

    lines: reactive[tuple[LogLine, ...]] = reactive(())
    empty_text: reactive[str] = reactive("")

    def compose(self) -> ComposeResult:
        yield Para(id="log-body", hang=2)

    def _render_lines(self) -> Content:
        if not self.lines:
            return Content(self.empty_text).stylize(f"italic {DIM}")
        blocks = []
        for line in self.lines:
            parts: list[Content] = [
                Content.assemble(
                    (line.stamp, f"bold {BRASS if line.fresh else DIM}"),
                    " ",
                    Content(line.head).stylize(f"bold {INK}" if line.fresh else INK),
                )
            ]
            if line.detail:
                parts.append(
                    Content("  ") + Content(line.detail.replace("\n", "\n  ")).stylize(INK if line.fresh else DIM)
                )
            if line.changes:
                parts.append(Content("  ") + Content(line.changes).stylize(STEEL))
            blocks.append(Content("\n").join(parts))
        return Content("\n\n").join(blocks)

    def refresh_body(self) -> None:
        if getattr(self, "_ready", False):
            body = self.query_one("#log-body", Para)
            body.hang = 2 if self.lines else 0  # entries' wrapped lines are indented; the empty note is not
            body.update(self._render_lines())
            self.call_after_refresh(self.scroll_end, animate=False)

    def watch_lines(self) -> None:
        self.refresh_body()

    def watch_empty_text(self) -> None:
        self.refresh_body()

    def on_mount(self) -> None:
        self._ready = True
        self.refresh_body()
