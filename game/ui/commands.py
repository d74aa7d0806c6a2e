"""Command-palette entries: the same actions as the keys, named in the player's language.

An entry shows only when its action is allowed now (``App.check_action``): with undo turned off by the
teacher, or history hidden until the ending, those entries are gone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from ..i18n import t

if TYPE_CHECKING:
    from .app import BoardroomApp

# (name key, help key, app action, needs a game in progress)
COMMANDS = (
    ("ui.cmd.save", "ui.cmd.save_help", "save", True),
    ("ui.cmd.load", "ui.cmd.load_help", "load", False),
    ("ui.cmd.undo", "ui.cmd.undo_help", "undo", True),
    ("ui.cmd.history", "ui.cmd.history_help", "toggle_history", True),
    ("ui.cmd.characters", "ui.cmd.characters_help", "characters", True),
    ("ui.cmd.debrief", "ui.cmd.debrief_help", "debrief", True),
    ("ui.cmd.export", "ui.cmd.export_help", "export_transcript", True),
    ("ui.cmd.language", "ui.cmd.language_help", "switch_language", False),
    ("ui.cmd.help", "ui.cmd.help_help", "help", False),
    ("ui.cmd.new", "ui.cmd.new_help", "new_game", False),
    ("ui.cmd.quit", "ui.cmd.quit_help", "request_quit", False),
)


def system_commands(app: BoardroomApp) -> Iterable[SystemCommand]:
    lang = app.session.lang
    playing = app.session.game is not None
    for name, help_key, action, needs_game in COMMANDS:
        if needs_game and not playing:
            continue
        if not app.check_action(action, ()):
            continue
        yield SystemCommand(t(name, lang), t(help_key, lang), getattr(app, f"action_{action}"))
