"""The title screen: the game's name, the crisis in a line, and a short menu."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..prose import Para
from ..text import BRASS, DIM, INK
from .base import BaseScreen

MENU = ("new", "load", "language", "quit")


class TitleScreen(BaseScreen):
    BINDINGS = [
        Binding("n", "menu('new')", "ui.key.new"),
        Binding("l", "menu('load')", "ui.key.load"),
        Binding("q", "menu('quit')", "ui.key.quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Para(id="title-rule-top", classes="title-rule")
            yield Para(id="title-name")
            yield Para(id="title-sub")
            yield Para(id="title-rule-bottom", classes="title-rule")
            yield Para(id="title-blurb")
            with Center():
                yield OptionList(id="title-menu")
        yield Footer(compact=True)

    def render_texts(self) -> None:
        rule = Content("━" * 44).stylize(BRASS)
        self.query_one("#title-rule-top", Static).update(rule)
        self.query_one("#title-rule-bottom", Static).update(rule)
        name = self.tr("ui.title.banner")
        self.query_one("#title-name", Static).update(Content(name).stylize(f"bold {INK}"))
        self.query_one("#title-sub", Static).update(Content(self.tr("app.subtitle")).stylize(BRASS))
        self.query_one("#title-blurb", Static).update(Content(self.tr("ui.title.blurb")).stylize(DIM))
        menu = self.query_one("#title-menu", OptionList)
        highlighted = menu.highlighted
        menu.set_options([Option(Content(self.tr(f"ui.menu.{item}")), id=item) for item in MENU])
        menu.highlighted = highlighted or 0

    def on_mount(self) -> None:
        self.query_one("#title-menu", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_menu(event.option.id or "")

    def action_menu(self, item: str) -> None:
        if item == "new":
            self.app.new_game()
        elif item == "load":
            self.app.action_load()
        elif item == "language":
            self.app.action_switch_language()
        elif item == "quit":
            self.app.action_request_quit()
