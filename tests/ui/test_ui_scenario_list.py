"""The scenario list: the flagship first whatever the dates, and an English-only scenario says so in Chinese."""

from __future__ import annotations

from game.ui.app import make_app
from game.ui.screens.scenario import ScenarioScreen

from ..helpers import sync

SIZE = (100, 30)
NOTE = "本剧本只有英文版"


@sync
async def test_flagship_first_and_an_english_only_scenario_says_so(ui_saves, ui_screen_text):
    app = make_app(lang="zh", saves_dir=ui_saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # New game
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScenarioScreen)
        ids = [e.id for e in screen.entries]
        assert ids[0] == "november-2023" and "apple-1985" in ids
        text = ui_screen_text(app)
        assert "2023" in text and NOTE not in text  # the flagship is highlighted, written in both languages
        await pilot.press(*["down"] * ids.index("apple-1985"))
        await pilot.pause()
        text = ui_screen_text(app)
        assert "Chairman and CEO" in text and NOTE in text
        await pilot.press("g")  # to English: no note, the text is in the player's language
        await pilot.pause()
        text = ui_screen_text(app)
        assert "Choose a scenario" in text and "Chairman and CEO" in text and "Written in English only" not in text
