"""Below a usable terminal size, a notice in both languages covers the screen and the game waits.

Every screen still lays itself out at any size (down to a single cell), so nothing crashes; but under
40 columns or 14 rows the game is not playable: at 40x12 the save dialog has no room left for the slot
name and a role card shows no text, and under 40 columns the decision column of the play screen (what is
left beside the 24-column sidebar) holds a word or two per line. 40 is also half of a standard 80-column
terminal, so a side-by-side split still plays.

While the window is too small, keys and clicks are held back (the player cannot see what they would do),
except Ctrl+Q, which saves and quits. The game carries on where it was once the window is larger again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

from ..i18n import LANGS, t
from .prose import Prose
from .text import AMBER, INK

if TYPE_CHECKING:
    from textual.app import App

    from ..controller import Session

    _Base = App[int]
else:
    _Base = object

MINIMUM = Size(40, 14)
QUIT_KEY = "ctrl+q"


def fits(size: Size, minimum: Size = MINIMUM) -> bool:
    """Whether the game is playable in a terminal of ``size``."""
    return size.width >= minimum.width and size.height >= minimum.height


def notice_text(size: Size, minimum: Size = MINIMUM) -> Content:
    """What the notice says, in every language at once: the player may not be able to switch languages."""
    parts = []
    for lang in LANGS:
        head = t("ui.size.title", lang)
        body = t("ui.size.body", lang, width=minimum.width, height=minimum.height, now_w=size.width, now_h=size.height)
        parts.append(Content.assemble((head, f"bold {AMBER}"), "\n", (body, INK)))
    return Content("\n\n").join(parts)


class SizeNotice(Widget):
    """Covers its screen: what to do, in both languages. Shown only while the terminal is too small."""

    # Not scoped: the rules hide the notice's neighbours. Hiding them, rather than drawing over them, keeps
    # their edges from cutting through the notice's wide (Chinese) characters, and spares their layout.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    SizeNotice {
        width: 100%;
        height: 100%;
        background: $background;
        padding: 0 1;
        display: none;
    }
    Screen.-too-small > * {
        display: none;
    }
    Screen.-too-small > SizeNotice {
        display: block;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.size_now = self.minimum = MINIMUM
        self.held_focus: Widget | None = None  # what had the keyboard before the screen was covered

    def show_for(self, size: Size, minimum: Size) -> None:
        self.size_now, self.minimum = size, minimum
        self.refresh(layout=True)

    def render(self) -> Prose:
        return Prose.of(notice_text(self.size_now, self.minimum))


class SizeGuard(_Base):
    """Mixed into BoardroomApp: watches the terminal's size and covers every screen while it is too small."""

    session: Session
    small = False
    min_size = MINIMUM  # the monkey test lowers it, to put the screens themselves through tiny sizes

    def on_mount(self) -> None:
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self._fit(self.size)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size)

    def _fit(self, size: Size) -> None:
        self.small = not fits(size, self.min_size)
        for screen in self.screen_stack:
            self._cover(screen, size)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        # A screen just pushed is not mounted yet; a callback queued on it runs after it has composed.
        screen.call_later(lambda: self._cover(screen, self.size))

    def _cover(self, screen: Screen[Any], size: Size) -> None:
        if not screen.is_attached:
            return
        notice = next(iter(screen.query_children(SizeNotice)), None)
        fit = fits(size, self.min_size)
        if notice is None:
            if fit:
                return  # the notice is made only when first needed: most games never need it
            notice = SizeNotice()
            screen.mount(notice)
        notice.show_for(size, self.min_size)
        covered = screen.has_class("-too-small")
        if covered == fit:
            # Hidden widgets lose the keyboard: hand it back to the one that had it when the screen is uncovered.
            if not covered:
                notice.held_focus = screen.focused
            elif notice.held_focus is not None and notice.held_focus.is_attached:
                screen.call_after_refresh(notice.held_focus.focus)
            screen.set_class(not covered, "-too-small")

    async def on_event(self, event: events.Event) -> None:
        held = isinstance(event, events.InputEvent | events.Paste) and not event.is_forwarded
        if self.small and held:
            if isinstance(event, events.Key) and event.key == QUIT_KEY:
                self._save_and_quit()
            return
        await super().on_event(event)

    def _save_and_quit(self) -> None:
        if self.session.game is not None:
            self.session.autosave()
        self.exit(0)
