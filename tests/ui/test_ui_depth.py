"""The play screen at 80x24: stakes on the options, every option reachable, the briefing's objective in view."""

from __future__ import annotations

from game.ui.app import make_app

from ..helpers import sync

SIZE = (80, 24)


@sync
async def test_options_show_their_stakes_and_the_legend_says_not_which_way(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = ui_screen_text(app)
        # Call the vote (trust -5) and wait (trust +5) carry the same stakes: the mark hides the direction.
        call = next(line for line in text.splitlines() if "1  Call the vote" in line)
        wait = next(line for line in text.splitlines() if "2  Wait" in line)
        assert "●○○" in call and "●○○" in wait
        assert "never which way" in text
        await pilot.press("g")
        await pilot.pause()
        assert "不论方向" in ui_screen_text(app)
