"""The footer: one widget that draws the screen's keys, follows their changes, and presses a key when clicked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette
from textual.pilot import Pilot

from game.ui.widgets.keyfooter import KeyFooter

from ..helpers import sync


class KeysApp(App[None]):
    BINDINGS = [
        Binding("a", "note('a')", "Alpha"),
        Binding("b", "note('b')", "Bravo"),
        Binding("x", "note('x')", "Hidden", show=False),
        Binding("d", "note('d')", "Delta"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []
        self.delta_open = True

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def action_note(self, what: str) -> None:
        self.pressed.append(what)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "note" and parameters == ("d",) and not self.delta_open:
            return None  # shown, but greyed out
        return True


def footer_line(app: App[None]) -> str:
    footer = app.screen.query_one(KeyFooter)
    return "".join(segment.text for segment in footer.render_line(0))


@asynccontextmanager
async def footer_of(width: int) -> AsyncIterator[tuple[Pilot[None], KeysApp, str]]:
    """The app at ``width`` columns, drawn, and its footer's line."""
    app = KeysApp()
    async with app.run_test(size=(width, 5)) as pilot:
        await pilot.pause()
        yield pilot, app, footer_line(app)


@sync
async def test_the_keys_are_drawn_in_order_with_the_palette_on_the_right():
    async with footer_of(60) as (_pilot, _app, line):
        assert line.startswith("a Alpha b Bravo d Delta")
        assert "Hidden" not in line
        assert line.rstrip().endswith("▏^p palette") and len(line) == 60


@sync
async def test_a_click_presses_the_key_and_a_greyed_key_does_nothing():
    async with footer_of(60) as (pilot, app, line):
        await pilot.click(KeyFooter, offset=(line.index("Bravo"), 0))
        await pilot.click(KeyFooter, offset=(line.index("a Alpha"), 0))
        assert app.pressed == ["b", "a"]
        app.delta_open = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.click(KeyFooter, offset=(line.index("Delta"), 0))
        assert app.pressed == ["b", "a"]
        footer = app.screen.query_one(KeyFooter)
        delta = [s for s in footer.render_line(0) if "Delta" in s.text]
        assert delta and all(s.style is not None and s.style.dim for s in delta)  # greyed out
        await pilot.click(KeyFooter, offset=(len(line) - 3, 0))  # the palette's key
        assert isinstance(app.screen, CommandPalette)


@sync
async def test_a_key_that_does_not_fit_is_left_out_whole():
    async with footer_of(32) as (_pilot, _app, line):
        assert "a Alpha b Bravo" in line and "Delta" not in line and "Del" not in line
        assert line.rstrip().endswith("▏^p palette")


@sync
async def test_the_key_under_the_mouse_is_lit():
    async with footer_of(60) as (pilot, app, line):
        footer = app.screen.query_one(KeyFooter)

        def background(word: str) -> object:
            found = next(s for s in footer.render_line(0) if word in s.text)
            return found.style.bgcolor if found.style is not None else None

        assert background("Bravo") == background("Alpha")
        await pilot.hover(KeyFooter, offset=(line.index("Bravo"), 0))
        assert background("Bravo") != background("Alpha")
