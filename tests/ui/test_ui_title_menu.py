"""The title screen's menu by keys and mouse: it is drawn by the game, not a Textual OptionList."""

from __future__ import annotations

from game.ui.app import make_app
from game.ui.screens.dialogs import LoadScreen
from game.ui.screens.scenario import ScenarioScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.menu import Menu

from ..helpers import sync

SIZE = (80, 24)


@sync
async def test_keys_move_round_the_ends_and_enter_chooses(ui_saves, ui_screen_text):
    app = make_app(lang="en", saves_dir=ui_saves)
    async with app.run_test(size=SIZE) as pilot:
        menu = app.screen.query_one(Menu)
        assert menu.has_focus and menu.highlighted == 0
        await pilot.press("up")
        assert menu.highlighted == 3  # Quit
        await pilot.press("down", "down", "down")
        assert menu.highlighted == 2  # the other language
        await pilot.press("enter")
        await pilot.pause()
        assert "董 事 会 风 云" in ui_screen_text(app) and "新游戏" in ui_screen_text(app)
        assert menu.highlighted == 2  # the highlight stays on the same choice after the switch
        await pilot.press("home", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ScenarioScreen)


@sync
async def test_a_click_chooses(ui_saves):
    app = make_app(lang="en", saves_dir=ui_saves)
    async with app.run_test(size=SIZE) as pilot:
        menu = app.screen.query_one(Menu)
        box_left = menu.content_region.x + (menu.content_region.width - 30) // 2
        await pilot.hover(Menu, offset=(box_left - menu.region.x + 5, 2))
        assert menu.hovered == 1
        await pilot.click(Menu, offset=(box_left - menu.region.x + 5, 2))  # "Load a saved game"
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.click(Menu, offset=(1, 2))  # beside the box: nothing
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
