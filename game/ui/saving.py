"""Saving and loading from the app: the save dialog, the load list, and what a restored save reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..controller import LoadError
from ..i18n import t

if TYPE_CHECKING:
    from textual.app import App

    from ..controller import Controller, Session

    _Base = App[int]
else:
    _Base = object


class SaveActions(_Base):
    """Mixed into BoardroomApp: ``s`` and ``l`` and the matching palette commands."""

    session: Session
    controller: Controller
    if TYPE_CHECKING:  # provided by BoardroomApp

        def show_game(self) -> None: ...

        def _guard(self, title_key: str, go: Callable[[], None]) -> None: ...

    def load_path(self, path: Path) -> None:
        from .screens.dialogs import NoticeScreen

        lang = self.session.lang
        try:
            restored = self.controller.load(path)
        except LoadError as exc:
            self.notify(str(exc), title=t("ui.load.failed", lang), severity="error", markup=False, timeout=10)
            return
        self.show_game()
        if restored.stopped_at is not None:
            from ..narrate import load_notice  # the engine's wording: not loaded before the first screen

            def message(lang: str) -> str:
                notice = load_notice(restored, lang)
                return notice[1] if notice else ""

            self.push_screen(NoticeScreen("ui.load.changed_title", message))
        elif restored.scenario_changed:
            self.notify(t("ui.load.updated", lang), markup=False)
        else:
            self.notify(t("ui.load.done", lang, slot=path.stem), markup=False)

    def action_save(self) -> None:
        from .screens.dialogs import SaveScreen

        session = self.session
        if session.game is None:
            return

        def save(slot: str | None) -> None:
            if slot:
                try:
                    path = self.controller.save(slot)
                except OSError as exc:
                    self.notify(f"{t('ui.save.failed', session.lang)} ({exc})", severity="error", markup=False)
                    return
                self.notify(t("ui.save.done", session.lang, path=path), markup=False)

        def taken(slot: str) -> bool:
            return session.slot_path(slot).exists()

        self.push_screen(SaveScreen(session.default_slot(), taken), save)

    def action_load(self) -> None:
        from .screens.dialogs import LoadScreen

        names = {
            pid: {s: p.seats[s].name.get(self.session.lang) for s in p.seats} for pid, p in self.session.known.items()
        }

        def picked(path: Path | None) -> None:
            if path is not None:
                self._guard("ui.confirm.load_title", lambda: self.load_path(path))

        self.push_screen(LoadScreen(self.session.saves_dir, names), picked)
