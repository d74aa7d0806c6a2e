"""The in-game language switch, and the interface strings behind it."""

from __future__ import annotations

import re
from pathlib import Path

from game.i18n.strings_en import STRINGS as EN
from game.i18n.strings_zh import STRINGS as ZH
from game.ui.app import make_app
from game.ui.screens.ending import EndingScreen
from game.ui.screens.play import PlayScreen

from ..helpers import sync

SIZE = (80, 24)
UI = Path(__file__).resolve().parents[2] / "game" / "ui"


@sync
async def test_switch_to_chinese_and_back(mini_plan, ui_saves, ui_screen_text):
    app = make_app(lang="en", saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert "Remove the CEO" in ui_screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        text = ui_screen_text(app)
        assert "罢免首席执行官" in text  # scenario text
        assert "表决" in text and "回避：首席执行官" in text  # interface text
        assert "11月17日 周五 11:00 PT" in text  # the clock
        assert "你选择了" in text  # the log
        assert "撤销" in text and "存档" in text  # footer keys
        assert "Remove the CEO" not in text and "Undo" not in text
        assert app.session.lang == "zh"
        await pilot.press("ctrl+l")
        await pilot.pause()
        text = ui_screen_text(app)
        assert "Remove the CEO" in text and "Undo" in text


@sync
async def test_switch_reaches_screens_below(mini_plan, ui_saves, ui_screen_text):
    app = make_app(lang="en", saves_dir=ui_saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")  # on the title screen
        await pilot.pause()
        assert "新游戏" in ui_screen_text(app)
        app.start_game(mini_plan, "chair")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "要发起投票吗？" in ui_screen_text(app)
        await pilot.press("1", "1")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert "结局：回归" in ui_screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert "Ending: The return" in ui_screen_text(app)
        app.pop_screen()
        await pilot.pause()
        assert "New game" in ui_screen_text(app)  # the title screen below was redrawn too


@sync
async def test_start_in_chinese(mini_plan, ui_saves, ui_screen_text):
    app = make_app(lang="zh", saves_dir=ui_saves, plan=mini_plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = ui_screen_text(app)
        assert "选择你的席位" in text and "主席" in text and "让董事会团结。" in text


def test_ui_strings_exist_in_both_languages():
    ui_en = {k for k in EN if k.startswith("ui.")}
    ui_zh = {k for k in ZH if k.startswith("ui.")}
    assert ui_en == ui_zh
    for key in ui_en:
        assert ZH[key].strip(), key
        # The same placeholders in both languages.
        assert set(re.findall(r"{(\w+)}", EN[key])) == set(re.findall(r"{(\w+)}", ZH[key])), key


def test_every_key_the_ui_names_is_defined():
    used = set()
    for path in UI.rglob("*.py"):
        used |= set(re.findall(r"\"(ui\.[a-z_]+\.[a-z_.]+|ui\.[a-z_]+)\"", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in EN or k not in ZH)
    assert not missing
    # Keys built at run time.
    from game.ui.screens.dialogs import HELP_KEYS
    from game.ui.screens.title import MENU

    for name in HELP_KEYS:
        assert f"ui.help.key.{name}" in EN and f"ui.help.does.{name}" in ZH
    for item in MENU:
        assert f"ui.menu.{item}" in EN and f"ui.menu.{item}" in ZH
    for threshold in ("majority", "two_thirds", "unanimous"):
        assert f"ui.vote.{threshold}" in EN and f"ui.vote.{threshold}" in ZH


@sync
async def test_open_dialog_follows_the_switch(mini_plan, ui_saves, ui_screen_text):
    app = make_app(lang="en", saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "q")
        await pilot.pause()
        assert "Leave the boardroom?" in ui_screen_text(app)
        await pilot.press("g")  # keys below a modal dialog do not reach the app...
        assert app.session.lang == "en"
        app.action_switch_language()  # ...but a switch made another way redraws the dialog too
        await pilot.pause()
        text = ui_screen_text(app)
        assert "离开董事会？" in text and "autosave-mini-chair" in text
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and "罢免首席执行官" in ui_screen_text(app)
