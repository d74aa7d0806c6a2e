"""The 'what really happened here' panel: the record for the current decision and its sources."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from ..prose import Para
from ..text import BRASS, DIM, INK, STEEL


@dataclass(frozen=True)
class HistoryInfo:
    heading: str
    text: str
    sources_heading: str = ""
    sources: tuple[tuple[str, str], ...] = ()  # (fact id, what the fact says)
    silent: bool = False  # the record says nothing here


class HistoryPanel(VerticalScroll):
    """Hidden by default; the play screen toggles it."""

    info: reactive[HistoryInfo | None] = reactive(None)

    def compose(self) -> ComposeResult:
        yield Para(id="history-body")

    def watch_info(self) -> None:
        if not getattr(self, "_ready", False):
            return
        info = self.info
        body = self.query_one("#history-body", Static)
        if info is None:
            body.update(Content(""))
            return
        parts = [
            Content(info.heading).stylize(f"bold {BRASS}"),
            Content(info.text).stylize(f"italic {DIM}" if info.silent else INK),
        ]
        if info.sources:
            parts.append(Content(""))
            parts.append(Content(info.sources_heading).stylize(f"bold {BRASS}"))
            for fact_id, text in info.sources:
                parts.append(
                    Content.assemble(("• ", BRASS), (fact_id, f"bold {STEEL}"), ("  ", ""), Content(text).stylize(DIM))
                )
        body.update(Content("\n").join(parts))
        self.scroll_home(animate=False)

    def on_mount(self) -> None:
        self._ready = True
        self.watch_info()
