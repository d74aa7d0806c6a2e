"""Modal dialogs: confirm, notice, save, load and help."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...i18n import t
from ..prose import Para, Prose
from ..text import AMBER, BRASS, DIM, INK, RED, STEEL
from ..widgets.listing import Listing
from .base import BaseModal

if TYPE_CHECKING:
    from ...saves import SaveEntry

MessageFn = Callable[[str], str]
"""A dialog's message, made in a language (so a language switch redraws it too)."""


class ConfirmScreen(BaseModal):
    """Ask before progress is lost. Dismisses with True to go ahead."""

    BINDINGS = [
        Binding("y", "answer(True)", "ui.key.yes"),
        Binding("n,escape", "answer(False)", "ui.key.no"),
    ]

    def __init__(self, title_key: str, message: MessageFn) -> None:
        super().__init__(classes="dialog-screen")
        self.title_key = title_key
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Para(id="dialog-title", classes="dialog-title")
            yield Para(id="dialog-message", classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("", id="yes", variant="error")
                yield Button("", id="no", variant="primary")

    def render_texts(self) -> None:
        self.query_one("#dialog-title", Static).update(Content(self.tr(self.title_key)).stylize(f"bold {AMBER}"))
        self.query_one("#dialog-message", Static).update(Content(self.message(self.lang)).stylize(INK))
        self.query_one("#yes", Button).label = Content(self.tr("ui.confirm.yes"))
        self.query_one("#no", Button).label = Content(self.tr("ui.confirm.no"))

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class NoticeScreen(BaseModal):
    """A message the player must see (e.g. a save that no longer fits the scenario)."""

    BINDINGS = [Binding("enter,escape", "close", "ui.key.ok")]

    def __init__(self, title_key: str, message: MessageFn) -> None:
        super().__init__(classes="dialog-screen")
        self.title_key = title_key
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="notice"):
            yield Para(id="dialog-title", classes="dialog-title")
            yield Para(id="dialog-message", classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("", id="ok", variant="primary")

    def render_texts(self) -> None:
        self.query_one("#dialog-title", Static).update(Content(self.tr(self.title_key)).stylize(f"bold {AMBER}"))
        self.query_one("#dialog-message", Static).update(Content(self.message(self.lang)).stylize(INK))
        self.query_one("#ok", Button).label = Content(self.tr("ui.notice.ok"))

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class SaveScreen(BaseModal):
    """Ask for a slot name (with a default), and ask again before replacing a save. Dismisses with the name, or None."""

    BINDINGS = [Binding("escape", "cancel", "ui.key.cancel")]

    def __init__(self, default: str, taken: Callable[[str], bool] | None = None) -> None:
        """``taken``: whether a slot name already holds a save (which saving would replace)."""
        super().__init__(classes="dialog-screen")
        self.default = default
        self.taken = taken

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="save"):
            yield Para(id="dialog-title", classes="dialog-title")
            yield Para(id="dialog-message", classes="dialog-message")
            yield Input(self.default, id="slot", select_on_focus=True)

    def render_texts(self) -> None:
        self.query_one("#dialog-title", Static).update(Content(self.tr("ui.save.title")).stylize(f"bold {BRASS}"))
        self.query_one("#dialog-message", Static).update(Content(self.tr("ui.save.prompt")).stylize(DIM))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        slot = event.value.strip() or self.default
        if self.taken is None or not self.taken(slot):
            self.dismiss(slot)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.dismiss(slot)
            else:
                self.query_one("#slot", Input).focus()  # choose another name

        message = functools.partial(t, "ui.save.replace", slot=slot)
        self.app.push_screen(ConfirmScreen("ui.save.replace_title", message), answered)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LoadScreen(BaseModal):
    """Every save in the folder, newest first; broken ones are listed with their error. Dismisses with a path."""

    BINDINGS = [Binding("escape", "cancel", "ui.key.cancel")]

    def __init__(self, folder: Path, seat_names: dict[str, dict[str, str]] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.folder = folder
        self.seat_names = seat_names or {}
        from ...saves import list_saves  # the save format (and pydantic) only once the list opens

        self.entries = list_saves(folder)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="load"):
            yield Para(id="dialog-title", classes="dialog-title")
            yield Para(id="dialog-message", classes="dialog-message")
            yield Listing(id="saves")

    def _prompt(self, entry: SaveEntry) -> Content:
        if entry.data is None:
            return Content.assemble(
                Content(entry.slot).stylize(f"bold {DIM}"), "\n  ", Content("✗ " + (entry.error or "")).stylize(RED)
            )
        data = entry.data
        names = self.seat_names.get(data.scenario, {})
        seats = ", ".join(names.get(s, s) for s in data.seats)
        tag = self.tr("ui.load.autosave") if data.autosave else ""
        status = self.tr("ui.load.finished") if data.ending else self.tr("ui.load.choices", n=len(data.choices))
        line = " · ".join(x for x in (data.scenario, seats, data.clock or "", status) if x)
        return Content.assemble(
            Content(data.label or entry.slot).stylize(f"bold {INK}"),
            Content(f"  {tag}").stylize(STEEL) if tag else "",
            "\n  ",
            Content(line).stylize(DIM),
        )

    def render_texts(self) -> None:
        self.query_one("#dialog-title", Static).update(Content(self.tr("ui.load.title")).stylize(f"bold {BRASS}"))
        message = (
            self.tr("ui.load.prompt", folder=str(self.folder))
            if self.entries
            else self.tr("ui.load.empty", folder=str(self.folder))
        )
        self.query_one("#dialog-message", Static).update(Content(message).stylize(DIM))
        listing = self.query_one("#saves", OptionList)
        highlighted = listing.highlighted
        listing.set_options(
            [
                Option(Prose.of(self._prompt(e), 2), id=str(i), disabled=e.data is None)
                for i, e in enumerate(self.entries)
            ]
        )
        listing.display = bool(self.entries)
        if self.entries:
            listing.highlighted = (
                highlighted
                if highlighted is not None
                else next((i for i, e in enumerate(self.entries) if e.data is not None), None)
            )

    def on_mount(self) -> None:
        self.query_one("#saves", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        entry = self.entries[int(event.option.id or 0)]
        if entry.data is not None:
            self.dismiss(entry.path)

    def action_cancel(self) -> None:
        self.dismiss(None)


HELP_KEYS = (
    "choose",
    "arrows",
    "history",
    "characters",
    "log",
    "undo",
    "save",
    "load",
    "debrief",
    "export",
    "language",
    "palette",
    "help",
    "quit",
)


class HelpScreen(BaseModal):
    """How to play and the keys."""

    BINDINGS = [Binding("escape,question_mark,enter", "close", "ui.key.close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="help"):
            yield Para(id="dialog-title", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Para(id="help-intro", classes="dialog-message")
                yield Para(id="help-keys", hang=10, classes="dialog-message")
                yield Para(id="help-outro")

    def render_texts(self) -> None:
        self.query_one("#dialog-title", Static).update(Content(self.tr("ui.help.title")).stylize(f"bold {BRASS}"))
        self.query_one("#help-intro", Static).update(Content(self.tr("ui.help.intro")).stylize(INK))
        rows = []
        for name in HELP_KEYS:
            key = Content(self.tr(f"ui.help.key.{name}")).stylize(f"bold {BRASS}")
            rows.append(
                key.pad_left(max(0, 8 - key.cell_length))
                + Content("  ")
                + Content(self.tr(f"ui.help.does.{name}")).stylize(INK)
            )
        self.query_one("#help-keys", Static).update(Content("\n").join(rows))
        self.query_one("#help-outro", Static).update(Content(self.tr("ui.help.outro")).stylize(DIM))

    def action_close(self) -> None:
        self.dismiss(None)
