"""The screen's keys on the bottom line, drawn by one widget."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

EDGE = "▏"  # before the command palette's key, as Textual's Footer draws it


@dataclass(frozen=True)
class FooterKey:
    key: str  # what a click presses
    display: str  # how the key is written: "1-9", "^p"
    description: str
    enabled: bool


def footer_keys(screen: Screen[object]) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
    """The keys a screen shows, one per action as Textual's Footer shows them, and the command palette's key."""
    app = screen.app
    keys: dict[str, FooterKey] = {}
    palette: FooterKey | None = None
    for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
        shown = FooterKey(binding.key, app.get_key_display(binding), binding.description, enabled)
        if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
            palette = shown
        elif binding.show and binding.action not in keys:
            keys[binding.action] = shown
    return tuple(keys.values()), palette


class KeyFooter(Widget, can_focus=False):
    """Each key and what it does, with the command palette's key on the right. A click presses the key.

    Textual's Footer is a widget for every key, mounted again whenever the bindings might have changed: at
    every screen push and focus move. Every screen of the game has a footer, so those widgets were a large part
    of what opening a screen cost (a tenth of a Pilot test of a whole game). Here the keys are text on one
    line, measured again only when what it shows has changed.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description", "key-footer--hover", "key-footer--edge"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-foreground;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .key-footer--edge {
            color: $foreground 20%;
        }
    }
    """

    hover: reactive[int | None] = reactive(None)  # the index of the key under the mouse; the palette's is -1

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[FooterKey, ...] = ()
        self._palette: FooterKey | None = None
        self._spans: list[tuple[int, int, FooterKey, int]] = []  # start and end cells of each key as drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is not self.screen:
            return
        keys, palette = footer_keys(screen)
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    def _piece(self, key: FooterKey, index: int) -> Text:
        if index == self.hover and key.enabled:
            style = self.get_component_rich_style("key-footer--hover")
            piece = Text.assemble((key.display, style + self.get_component_rich_style("footer-key--key")))
            piece.append(f" {key.description}", style)
        else:
            piece = Text.assemble((key.display, self.get_component_rich_style("footer-key--key")))
            piece.append(f" {key.description}", self.get_component_rich_style("footer-key--description"))
        if not key.enabled:
            piece.stylize("dim")
        return piece

    def render(self) -> Text:
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        right: Text | None = None
        if self._palette is not None:
            right = Text(EDGE, self.get_component_rich_style("key-footer--edge"), end="")
            right.append_text(self._piece(self._palette, -1))
            right.append(" ")  # a cell of margin on the right, as on the left
        room = width - (right.cell_len if right is not None else 0)
        for index, key in enumerate(self._keys):
            piece = self._piece(key, index)
            start = line.cell_len
            if start + piece.cell_len > room:
                break  # a key that does not fit whole is left out, never cut in half
            line.append_text(piece)
            self._spans.append((start, line.cell_len, key, index))
            line.append(" ")
        if right is not None and self._palette is not None:
            start = max(line.cell_len, width - right.cell_len)
            line.append(" " * (start - line.cell_len))
            line.append_text(right)
            self._spans.append((start + cell_len(EDGE), start + right.cell_len - 1, self._palette, -1))
        return line

    def _at(self, x: int) -> tuple[FooterKey, int] | None:
        for start, end, key, index in self._spans:
            if start <= x < end:
                return key, index
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self._at(event.x)
        self.hover = found[1] if found is not None else None

    def on_leave(self) -> None:
        self.hover = None

    def on_click(self, event: events.Click) -> None:
        found = self._at(event.x)
        if found is None:
            return
        event.stop()
        if found[0].enabled:
            self.app.simulate_key(found[0].key)
        else:
            self.app.bell()
