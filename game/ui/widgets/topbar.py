"""The bar across the top of the play and ending screens: scenario, seat and the in-world clock."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..text import BRASS, DIM, INK, STEEL


class TopBar(Widget):
    """One line: the scenario on the left; who you are and what time it is on the right.

    When space is short the role goes first, then the scenario title is shortened; the clock always shows.
    """

    scenario: reactive[str] = reactive("")
    seat: reactive[str] = reactive("")
    role: reactive[str] = reactive("")
    clock: reactive[str] = reactive("")

    def render(self) -> Content:
        width = self.content_size.width
        clock = Content.assemble(("  ◷ ", DIM), (self.clock, f"bold {BRASS}"))
        name = Content(self.seat).stylize(f"bold {INK}")
        role = Content.assemble((" · ", DIM), Content(self.role).stylize(STEEL)) if self.role else Content("")
        left = Content.assemble(("▌ ", BRASS), Content(self.scenario).stylize(f"bold {INK}"))
        right = name + role + clock
        if left.cell_length + right.cell_length + 2 > width and role:
            right = name + clock
        room = width - right.cell_length - 2
        if room < 8:
            left = Content("▌").stylize(BRASS)
        elif left.cell_length > room:
            left = left.truncate(room, ellipsis=True)
        gap = max(1, width - left.cell_length - right.cell_length)
        line = left + Content(" " * gap) + right
        return line if line.cell_length <= width else line.truncate(width, ellipsis=True)
