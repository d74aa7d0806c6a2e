"""What the teacher's settings allow at a table, each rule written once. Reasons are i18n keys."""

from __future__ import annotations

from ..settings import Settings


def undo_refusal(settings: Settings, hotseat: bool) -> str | None:
    """Why undo is not allowed, or None. In a hot-seat game every choice stands: undo would show another seat's."""
    if not settings.allow_undo:
        return "ui.undo.off"
    if hotseat:
        return "ui.undo.hotseat"
    return None


def history_refusal(settings: Settings, in_progress: bool) -> str | None:
    """Why the history panel stays closed, or None; it opens at the ending whatever the settings."""
    if settings.hide_history and in_progress:
        return "ui.history.hidden"
    return None
