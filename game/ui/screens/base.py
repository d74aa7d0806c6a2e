"""What every Boardroom screen shares: the language, translated key labels, and re-rendering on a switch."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.binding import BindingsMap
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from ...i18n import t

if TYPE_CHECKING:
    from ..app import BoardroomApp


def relabel_bindings(node: DOMNode, lang: str) -> None:
    """Translate the Footer labels: binding descriptions are written as i18n keys ('ui.key.*')."""
    keys: dict[tuple[str, str], str] | None = getattr(node, "_ui_binding_keys", None)
    if keys is None:
        keys = {(key, b.action): b.description for key, b in node._bindings}
        keys.update({(key, b.action): "ui.key.palette" for key, b in node._bindings if b.action == "command_palette"})
        node._ui_binding_keys = keys  # type: ignore[attr-defined]  # remembered on the node, read back above
    relabelled = {}
    for key, bindings in node._bindings.key_to_bindings.items():
        relabelled[key] = [
            replace(b, description=t(keys[(key, b.action)], lang))
            if keys.get((key, b.action), "").startswith("ui.")
            else b
            for b in bindings
        ]
    node._bindings = BindingsMap.from_keys(relabelled)


class Localized:
    """Mixin for screens: ``self.lang``, ``self.tr``; ``relocalize`` redraws every text in the new language."""

    app: BoardroomApp

    @property
    def lang(self) -> str:
        return self.app.session.lang

    def tr(self, key: str, **kwargs: Any) -> str:
        return t(key, self.lang, **kwargs)

    def relocalize(self) -> None:
        """Redraw texts after a language switch. Screens override ``render_texts``."""
        relabel_bindings(self, self.lang)  # type: ignore[arg-type]  # a mixin: self is a Screen at run time
        self.render_texts()
        self.refresh_bindings()  # type: ignore[attr-defined]  # as above

    def render_texts(self) -> None:  # pragma: no cover - overridden
        pass

    def on_mount(self) -> None:
        relabel_bindings(self, self.lang)  # type: ignore[arg-type]  # a mixin: self is a Screen at run time
        self.render_texts()


# Localized narrows ``app`` to BoardroomApp; Textual types it App[object], and App is invariant.
class BaseScreen(Localized, Screen[Any]):  # type: ignore[misc]  # see the line above
    pass


class GameScreen(BaseScreen):
    """A screen that draws the game: it redraws whenever the app's ``game_view`` changes."""

    def on_mount(self) -> None:  # Textual calls every class's on_mount in turn: no super() call here
        self.watch(self.app, "game_view", self._game_moved, init=False)

    def _game_moved(self) -> None:
        self.render_texts()


class BaseModal(Localized, ModalScreen[Any]):  # type: ignore[misc]  # as BaseScreen
    CSS_PATH = "dialogs.tcss"
    pass
