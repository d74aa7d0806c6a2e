"""The bar across the top of the play and ending screens: scenario, seat, the decision timer and the in-world clock."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..text import BRASS, DIM, INK, RED, STEEL


class TopBar(Widget):
    """One line: the scenario on the left; who you are, the time left and what time it is on the right.

    When space is short the role goes first, then the scenario title is shortened; the timer and clock always show.
    """

    scenario: reactive[str] = reactive("")
    seat: reactive[str] = reactive("")
    role: reactive[str] = reactive("")
    clock: reactive[str] = reactive("")
    timer: reactive[str] = reactive("")  # "0:42" while a decision is timed, else ""
    urgent: reactive[bool] = reactive(False)  # the last seconds: the timer turns red

    def render(self) -> Content:
        width = self.content_size.width
        clock = Content.assemble(("  ◷ ", DIM), (self.clock, f"bold {BRASS}"))
        if self.timer:
            style = f"bold {INK} on {RED}" if self.urgent else f"bold {INK}"
            clock = Content.assemble(("  ⏱", RED if self.urgent else DIM), (f" {self.timer} ", style)) + clock
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
