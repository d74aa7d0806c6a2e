"""The characters panel: each other seat's trust in the player, what the last choice did to it, and why."""

from __future__ import annotations

from game import aftermath
from game.engine import Game
from game.ui.app import make_app
from game.ui.screens.characters import CharactersScreen
from game.ui.screens.play import PlayScreen

from ..helpers import sync

SIZE = (80, 24)


def test_standings_list_every_seat_with_what_moved_it(flagship_plan):
    game = Game(flagship_plan, ["toner"], 3)
    game.choose("hear_first")
    rows = {r.seat: r for r in aftermath.standings(game, "toner", "en")}
    assert set(rows) == {"Ilya Sutskever", "Tasha McCauley", "Adam D'Angelo", "Sam Altman", "Greg Brockman"}
    assert rows["Sam Altman"].delta > 0 and rows["Sam Altman"].reasons
    assert rows["Ilya Sutskever"].delta < 0 and rows["Ilya Sutskever"].reasons
    assert rows["Tasha McCauley"].delta == 0 and rows["Tasha McCauley"].reasons == ()
    # Each value is the engine's own, not a copy that could drift.
    assert rows["Sam Altman"].value == game.trust("altman", "toner")


def test_a_move_without_words_names_whose_choice_it_was(flagship_plan):
    from game.engine import TrustRecord

    by_choice = TrustRecord("toner", "altman", 30, 20, None, "sutskever")
    assert aftermath._why(flagship_plan, by_choice, "altman", "en") == "after Ilya Sutskever's choice"
    by_event = TrustRecord("toner", "altman", 30, 20, None, None)
    assert aftermath._why(flagship_plan, by_event, "altman", "zh") == "因为局势的变化"


def test_a_scenario_without_stances_has_no_rows(mini_plan):
    game = Game(mini_plan, ["chair"], 1)
    game.choose("call")
    assert aftermath.standings(game, "chair", "en") == ()


@sync
async def test_the_panel_opens_with_c_and_says_why(flagship_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=flagship_plan, seat="toner")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "People" in ui_screen_text(app)  # the key is in the Footer
        await pilot.press("1")  # insist that Altman is heard first
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CharactersScreen)
        text = ui_screen_text(app)
        assert "Where they stand" in text
        assert "Sam Altman" in text and "▲10" in text and "you insisted he be heard" in text
        assert "Ilya Sutskever" in text and "▼5" in text
        assert "Greg Brockman" in text  # every seat fits at 80x24, moved or not
        await pilot.press("g")  # the language switches under the panel too
        await pilot.pause()
        text = ui_screen_text(app)
        assert "众人的态度" in text and "没有变化" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


@sync
async def test_the_panel_is_in_the_command_palette(flagship_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=flagship_plan, seat="sutskever", lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "众人的态度" in names
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"众人的态度")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CharactersScreen)


@sync
async def test_a_scenario_without_stances_says_so(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert "does not keep track" in ui_screen_text(app)
