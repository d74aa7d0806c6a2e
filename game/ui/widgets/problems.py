"""The scenario's problems, shown in the game while ``--watch`` reloads an edited scenario that does not load."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive

from ..prose import Para
from ..text import AMBER, INK


class ProblemsPanel(VerticalScroll, can_focus=False):
    """Hidden while ``lines`` is empty; each line is 'path:line:col: message' (literal text)."""

    heading: reactive[str] = reactive("")
    lines: reactive[tuple[str, ...]] = reactive(())

    def compose(self) -> ComposeResult:
        yield Para(id="problems-body", hang=2)

    def _refresh_body(self) -> None:
        if not getattr(self, "_ready", False):
            return
        self.display = bool(self.lines)
        parts = [Content(self.heading).stylize(f"bold {AMBER}")]
        parts += [Content(f"✗ {line}").stylize(INK) for line in self.lines]
        self.query_one("#problems-body", Para).update(Content("\n").join(parts))

    def watch_lines(self) -> None:
        self._refresh_body()

    def watch_heading(self) -> None:
        self._refresh_body()

    def on_mount(self) -> None:
        self._ready = True
        self._refresh_body()
