"""The title screen: the game's name, the crisis in a line, and a short menu."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from ..prose import Prose, Stack
from ..text import BRASS, DIM, INK
from ..widgets.keyfooter import KeyFooter
from ..widgets.menu import Menu
from .base import BaseScreen

MENU = ("new", "load", "language", "quit")
RULE = Content("━" * 44).stylize(BRASS)
BLURB_INSET = 2


class TitleScreen(BaseScreen):
    BINDINGS = [
        Binding("n", "menu('new')", "ui.key.new"),
        Binding("l", "menu('load')", "ui.key.load"),
        Binding("q", "menu('quit')", "ui.key.quit"),
    ]

    def compose(self) -> ComposeResult:
        # Few widgets, each made with its text: the title screen is the first thing on screen, and
        # every widget costs Textual time to style and lay out before anything appears.
        yield Static(self.heading(), id="title-heading", classes="title-column")
        yield Menu(self.choices(), id="title-menu", classes="title-column")
        yield KeyFooter()

    def heading(self) -> Stack:
        """The name between two rules, then the blurb, a little narrower."""
        name = Content(self.tr("ui.title.banner")).stylize(f"bold {INK}")
        sub = Content(self.tr("app.subtitle")).stylize(BRASS)
        banner = Content("\n").join([RULE, Content(), name, sub, Content(), RULE, Content()])
        blurb = Content(self.tr("ui.title.blurb")).stylize(DIM)
        return Stack((Prose.of(banner), 0), (Prose.of(blurb), BLURB_INSET))

    def choices(self) -> list[tuple[str, str]]:
        return [(item, self.tr(f"ui.menu.{item}")) for item in MENU]

    def render_texts(self) -> None:
        if not self.is_mounted:
            return  # compose has just written them in this language
        self.query_one("#title-heading", Static).update(self.heading())
        self.query_one("#title-menu", Menu).set_choices(self.choices())

    def on_mount(self) -> None:
        self.query_one("#title-menu", Menu).focus()

    def on_menu_chosen(self, event: Menu.Chosen) -> None:
        event.stop()
        self.action_menu(event.choice)

    def action_menu(self, item: str) -> None:
        if item == "new":
            self.app.new_game()
        elif item == "load":
            self.app.action_load()
        elif item == "language":
            self.app.action_switch_language()
        elif item == "quit":
            self.app.action_request_quit()
