"""Scenario text is untrusted: markup in it must show literally and never act."""

from __future__ import annotations

from pathlib import Path

from game.ui.app import make_app
from game.ui.screens.ending import EndingScreen
from game.ui.screens.play import PlayScreen

from ..helpers import mini_with, sync


def hostile_plan(tmp_path: Path):  # type: ignore[no-untyped-def]
    swaps = {
        "title: {en: A small crisis, zh: 一场小危机}": 'title: {en: "[bold]Crisis[/bold]", zh: "[red]危机"}',
        "name: {en: The Chair, zh: 主席}": 'name: {en: "[@click=app.quit]Chair[/]", zh: 主席}',
        "text: {en: The board can act., zh: 董事会可以采取行动。}": 'text: {en: "Click [@click=app.quit]here[/] or [link=https://x.test]there[/link]. [/]", zh: 行动}',
        "text: {en: Call the vote, zh: 发起投票}": 'text: {en: "[b]Call[/b] the [i]vote", zh: 发起投票}',
        "history: {en: The chair called it., zh: 主席发起了投票。}": 'history: {en: "[blink]Called[/blink]", zh: 是}',
        "text: {en: It falls apart., zh: 分崩离析。}": 'text: {en: "[reverse]Gone", zh: 崩}',
        "text: {en: The CEO comes back., zh: 首席执行官回来了。}": 'text: {en: "[@click=app.bell]Back[/]", zh: 回}',
    }
    return mini_with(tmp_path / "hostile", swaps)


@sync
async def test_markup_in_scenario_text_is_shown_literally(tmp_path, ui_saves, ui_screen_text):
    plan = hostile_plan(tmp_path)
    app = make_app(saves_dir=ui_saves, plan=plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = ui_screen_text(app)
        assert "[bold]Crisis[/bold]" in text
        assert "[@click=app.quit]Chair[/]" in text
        await pilot.press("1")  # the chair's card
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        text = ui_screen_text(app)
        assert "[@click=app.quit]here[/]" in text
        assert "[link=https://x.test]there[/link]. [/]" in text
        assert "[b]Call[/b] the [i]vote" in text
        assert "[bold]Crisis[/bold]" in text
        await pilot.press("h")
        assert "[blink]Called[/blink]" in ui_screen_text(app)
        # Clicking the would-be link does nothing: the app is still running.
        await pilot.click("#d-text", offset=(8, 0))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, PlayScreen)
        await pilot.press("1", "1")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert "[@click=app.bell]Back[/]" in ui_screen_text(app)


@sync
async def test_markup_in_chinese_text_too(tmp_path, ui_saves, ui_screen_text):
    plan = hostile_plan(tmp_path)
    app = make_app(lang="zh", saves_dir=ui_saves, plan=plan, seat="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "[red]危机" in ui_screen_text(app)
