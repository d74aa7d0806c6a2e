"""The Textual app's tests: every notification an app shows is recorded for ``helpers.notes``."""

from __future__ import annotations

from typing import Any

import pytest

from game.ui.app import BoardroomApp

from ..helpers import SAID


@pytest.fixture(autouse=True)
def _record_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = BoardroomApp.notify

    def notify(self: BoardroomApp, message: str, *args: Any, **kwargs: Any) -> None:
        SAID.setdefault(self, []).append(str(message))
        shown(self, message, *args, **kwargs)

    monkeypatch.setattr(BoardroomApp, "notify", notify)
