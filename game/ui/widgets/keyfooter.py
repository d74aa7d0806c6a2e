"""Textual's Footer, built again only when what it shows has changed."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

Shown = tuple[tuple[object, ...], ...]


def shown(screen: Screen[object]) -> Shown:
    """Everything the Footer draws from a screen's bindings: keys, labels, which are enabled, and their tooltips."""
    return tuple(
        (key, b.action, b.description, b.key_display, b.show, b.group, enabled, tooltip)
        for key, (_node, b, enabled, tooltip) in screen.active_bindings.items()
    )


class KeyFooter(Footer):
    """Bindings in the Footer, as Textual draws them.

    Textual's Footer mounts a widget for every key again whenever any binding might have changed: each focus
    move, screen push and ``refresh_bindings``. Most of those change nothing it shows, and a game calls them
    often enough that the rebuilds cost more than the screens they sat on (a Pilot test of a whole game spent
    about a tenth of its time there). This one compares what it would show and keeps its keys when nothing
    changed.
    """

    def __init__(self, *, compact: bool = True) -> None:
        super().__init__(compact=compact)
        self._shown: Shown | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        now = shown(screen)
        if now == self._shown and self._bindings_ready:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = now  # remembered only when the Footer will be built from it
        super().bindings_changed(screen)
