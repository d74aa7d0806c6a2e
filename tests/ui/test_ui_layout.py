"""The play screen at 80x24 and larger: the decision, options, meters and clock all show, without overlap."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.ui.app import make_app
from game.ui.widgets.topbar import TopBar

from ..helpers import mini_with, sync

PARTS = ("#decision", "#choices", "#meters", "#log")


def wordy_plan(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The mini scenario with a long decision text, long options and long labels (in both languages)."""
    long_en = " ".join(["The board can act, but every path has a cost that someone will pay."] * 12)
    long_zh = "董事会可以采取行动，但每条路都有代价，总有人要为此买单。" * 12
    swaps = {
        "text: {en: The board can act., zh: 董事会可以采取行动。}": f'text: {{en: "{long_en}", zh: "{long_zh}"}}',
        "text: {en: Call the vote, zh: 发起投票}": 'text: {en: "Call the vote now, before anyone can organise against it, and live with it", '
        'zh: "现在就发起投票，赶在任何人组织反对之前，并承担后果"}',
        "text: {en: Wait, zh: 等待}": 'text: {en: "Wait for a better moment and talk to each director alone first", '
        'zh: "等待更好的时机，先逐一与每位董事单独谈话"}',
        "label: {en: Trust, zh: 信任}": "label: {en: Trust among the directors and staff, zh: 董事与员工之间的信任}",
    }
    return mini_with(tmp_path / "wordy", swaps)


def assert_laid_out(app, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    screen = app.screen
    bar = screen.query_one(TopBar).region
    assert bar.y == 0 and bar.height == 1 and bar.width == width
    regions = {name: screen.query_one(name).region for name in PARTS}
    for name, region in regions.items():
        assert region.height >= 3, name  # at least a border and a line
        assert region.x >= 0 and region.right <= width, name
        assert region.y >= 1 and region.bottom <= height - 1, name  # between the top bar and the footer
    names = list(regions)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not regions[a].overlaps(regions[b]), (a, b)


@pytest.mark.parametrize("lang", ["en", "zh"])
@sync
async def test_play_screen_fits_80x24(mini_plan, ui_saves, ui_screen_text, lang):
    app = make_app(lang=lang, saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert_laid_out(app, 80, 24)
        text = ui_screen_text(app)
        assert ("Call the vote?" if lang == "en" else "要发起投票吗？") in text
        assert ("Fri 17 Nov 10:00 PT" if lang == "en" else "11月17日 周五 10:00 PT") in text


@pytest.mark.parametrize("lang", ["en", "zh"])
@sync
async def test_long_texts_keep_the_options_visible(tmp_path, ui_saves, ui_screen_text, lang):
    app = make_app(lang=lang, saves_dir=ui_saves, plan=wordy_plan(tmp_path), seat="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert_laid_out(app, 80, 24)
        choices = app.screen.query_one("#choices")
        assert choices.region.height >= 2 + 4  # border + at least four lines of options
        text = ui_screen_text(app)
        assert ("Call the vote now" if lang == "en" else "现在就发起投票") in text
        await pilot.press("h")  # the history panel takes room from the text, not the options
        await pilot.pause()
        history = app.screen.query_one("#history").region
        assert not history.overlaps(choices.region) and history.bottom <= 23


@sync
async def test_survives_resizing(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        for width, height in ((120, 40), (200, 50), (80, 24), (100, 30)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            assert_laid_out(app, width, height)
            assert "Remove the CEO" in ui_screen_text(app)


@sync
async def test_other_screens_at_80x24(ui_scenarios, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, expected in (("enter", "Choose a scenario"), ("enter", "Choose your seat")):
            await pilot.press(key)
            await pilot.pause()
            assert expected in ui_screen_text(app)
        cards = list(app.screen.query("SeatCard"))
        assert len(cards) == 2 and not cards[0].region.overlaps(cards[1].region)
        assert all(c.region.right <= 80 for c in cards)
