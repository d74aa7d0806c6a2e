"""A short menu of fixed choices in a box, one highlighted: the title screen's.

It draws its own box, centred in the width it is given, where an OptionList inside a Center container
would do the same. Those two widgets (the option list's many styled parts, its scrolling) were the
largest part of what the title screen added to Textual's own start-up, and four fixed lines need none
of that.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

from ..prose import Prose

BOX_WIDTH = 30
# The look of the game's option lists (OptionList in boardroom.tcss), in the theme's colours.
FRAME = "$primary 50%"
FILL = "on $surface"
FOCUS_TINT = "on $foreground 5%"
HIGHLIGHT = "bold auto 87% on $primary 40%"  # "auto 87%" is $text spelt out: in a Content style $text loses its alpha
HIGHLIGHT_BLURRED = "on $primary 25%"
HOVER = "on $block-hover-background"


class Menu(Widget, can_focus=True):
    """Choices as (id, label). Up and down move the highlight, round the ends; enter or a click chooses."""

    DEFAULT_CSS = """
    Menu {
        height: auto;
    }
    """
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("home", "move_to(0)", show=False),
        Binding("end", "move_to(-1)", show=False),
        Binding("enter", "choose", show=False),
    ]

    highlighted: reactive[int] = reactive(0)
    hovered: reactive[int | None] = reactive(None)

    class Chosen(Message):
        def __init__(self, choice: str) -> None:
            super().__init__()
            self.choice = choice

    def __init__(self, choices: list[tuple[str, str]], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.choices = choices

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """New labels (a language switch); the highlight stays where it was."""
        self.choices = choices
        self.refresh(layout=True)

    def labels(self, width: int) -> list[list[Content]]:
        """Each choice's label in lines that fit inside the box, for a box in ``width`` cells."""
        inner = max(1, min(BOX_WIDTH, width) - 4)  # a border and a space each side
        return [Prose.of(label).broken(inner).split("\n") for _, label in self.choices]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return sum(len(lines) for lines in self.labels(width)) + 2

    def render(self) -> Content:
        width = min(BOX_WIDTH, self.content_size.width)
        if width < 5:
            return Content()
        mark = HIGHLIGHT if self.has_focus else HIGHLIGHT_BLURRED
        rule = "─" * (width - 2)
        lines = [Content(f"╭{rule}╮").stylize(FRAME)]
        for index, label in enumerate(self.labels(width)):
            for line in label:
                text = line.truncate(width - 4, pad=True)
                if index == self.highlighted:
                    text = text.stylize(mark)
                elif index == self.hovered:
                    text = text.stylize(HOVER)
                row = Content.assemble(("│", FRAME), " ", text, " ", ("│", FRAME))
                lines.append(row.stylize(Style.from_meta({"choice": index}), 1, width - 1))
        lines.append(Content(f"╰{rule}╯").stylize(FRAME))
        box = Content("\n").join(lines)
        # Under everything else, so that the highlight's and the frame's colours blend over the fill.
        return box.stylize_before(FOCUS_TINT).stylize_before(FILL) if self.has_focus else box.stylize_before(FILL)

    def action_move(self, step: int) -> None:
        self.highlighted = (self.highlighted + step) % len(self.choices)

    def action_move_to(self, index: int) -> None:
        self.highlighted = index % len(self.choices)

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self.choices[self.highlighted][0]))

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("choice")
        if index is not None:
            self.highlighted = index
            self.action_choose()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = event.style.meta.get("choice")

    def on_leave(self) -> None:
        self.hovered = None

    def on_focus(self) -> None:
        self.refresh()  # the fill and the highlight show whether the menu has the keyboard

    def on_blur(self) -> None:
        self.refresh()
