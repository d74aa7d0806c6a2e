"""Any terminal size, down to 10x5: nothing crashes, and below 40x14 a notice asks for a larger window.

The root causes first (text and lists asked to fit in no room at all), then the size guard, then a seeded
monkey: random keys and sizes on every screen. scripts/monkey.py runs a bigger monkey.
"""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Size
from textual.style import Style
from textual.visual import RenderOptions
from textual.widgets.option_list import Option

from game.ui.app import BoardroomApp, make_app
from game.ui.prose import Prose, Stack
from game.ui.screens.play import PlayScreen
from game.ui.sizeguard import MINIMUM, SizeNotice, fits
from game.ui.widgets.listing import Listing

from .. import monkey
from ..helpers import mini_with, sync

LONG_EN = "Every path has a cost that someone will pay, and the board knows it. " * 6
LONG_ZH = "每条路都有代价，总有人要为此买单，董事会心知肚明。" * 6


# --- the root causes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [-5, -1, 0, 1, 2])
def test_prose_measures_and_draws_in_no_room(width: int) -> None:
    text = Prose.of(Content(LONG_EN + "\n" + LONG_ZH), hang=3)
    height = text.get_height({}, width)
    assert height >= 2  # at least one line per paragraph, never an error
    strips = text.render_strips(width, None, Style(), RenderOptions(lambda _: Style(), {}))
    assert strips == [] if width < 1 else len(strips) == height


@pytest.mark.parametrize("width", [-3, 0, 1, 3])
def test_stack_measures_and_draws_in_no_room(width: int) -> None:
    stack = Stack((Prose.of(LONG_EN), 0), (Prose.of(LONG_ZH), 2))
    assert stack.get_height({}, width) >= 2
    strips = stack.render_strips(width, None, Style(), RenderOptions(lambda _: Style(), {}))
    assert strips == [] if width < 1 else all(strip.cell_length == width for strip in strips)


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Listing(*[Option(Prose.of(f"option {n}")) for n in range(9)], id="list")


@sync
async def test_a_list_with_no_room_ignores_page_keys_then_pages_when_it_has_room() -> None:
    app = ListApp()
    async with app.run_test(size=(3, 2)) as pilot:
        listing = app.query_one(Listing)
        listing.styles.height = 0  # no lines at all: Textual's own OptionList raises KeyError here
        listing.focus()
        await pilot.pause()
        await pilot.press("pagedown", "pageup", "pagedown")
        assert listing.highlighted == 0
        listing.styles.height = 4
        await pilot.resize_terminal(40, 10)
        await pilot.press("pagedown")
        assert listing.highlighted is not None and listing.highlighted > 0


# --- the size guard ----------------------------------------------------------------------------------


def test_the_minimum_is_inclusive() -> None:
    assert fits(MINIMUM) and fits(Size(200, 60))
    assert not fits(Size(MINIMUM.width - 1, MINIMUM.height)) and not fits(Size(MINIMUM.width, MINIMUM.height - 1))


def _notice_shown(app: BoardroomApp) -> bool:
    return any(n.display and n.region.area for n in app.screen.query(SizeNotice))


@sync
async def test_a_small_window_shows_the_notice_holds_keys_and_resumes(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not _notice_shown(app)
        await pilot.resize_terminal(MINIMUM.width - 1, MINIMUM.height + 10)
        await pilot.pause()
        assert _notice_shown(app)
        await pilot.resize_terminal(30, 12)
        text = ui_screen_text(app)
        assert "Make the window larger" in text and "请把窗口放大" in text
        assert "30 × 12" in text and "Call the vote?" not in text
        await pilot.press("1", "enter")  # unseen, so not acted on
        assert app.session.game is not None and app.session.game.choices == []
        await pilot.resize_terminal(*MINIMUM)
        await pilot.pause()
        assert not _notice_shown(app)
        assert isinstance(app.screen, PlayScreen) and "vote?" in ui_screen_text(app)  # the title, wrapped
        await pilot.press("1")  # the options have the keyboard again
        await pilot.pause()
        assert [c.option for c in app.session.game.choices] == ["call"]


@sync
async def test_dialogs_opened_while_small_are_covered_too(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=(20, 6)) as pilot:
        await pilot.pause()
        assert _notice_shown(app)
        app.action_help()  # a dialog can open without a key, e.g. when the decision timer runs out
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen" and _notice_shown(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not _notice_shown(app) and "How to play" in ui_screen_text(app)


@sync
async def test_ctrl_q_saves_and_quits_while_small(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.resize_terminal(12, 5)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    autosaves = list(ui_saves.glob("autosave-*.json"))
    assert len(autosaves) == 1 and len(json.loads(autosaves[0].read_text())["choices"]) == 1


# --- the monkey ---------------------------------------------------------------------------------------

ACTIONS = 5  # per episode, the first a resize to 10x5; scripts/monkey.py runs many more
GUARDED = {"play", "palette"}  # these also run with the guard on, as players meet them


@pytest.fixture
def wordy(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The mini scenario with long texts in both languages, where narrow layouts break first."""
    return mini_with(
        tmp_path / "wordy",
        {
            "text: {en: The board can act., zh: 董事会可以采取行动。}": f'text: {{en: "{LONG_EN}", zh: "{LONG_ZH}"}}',
            "text: {en: Wait, zh: 等待}": f'text: {{en: "{LONG_EN[:90]}", zh: "{LONG_ZH[:40]}"}}',
        },
    )


@pytest.mark.parametrize("name", monkey.NAMES)
def test_monkey(name: str, wordy, ui_scenarios, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    episode = next(e for e in monkey.episodes(wordy, ["chair", "ceo"], "chair") if e.name == name)
    rng = random.Random(f"monkey-{name}")
    tally = monkey.Tally()
    for guarded in (False, True) if name in GUARDED else (False,):
        saves = monkey.fresh_saves(tmp_path / f"saves-{guarded}")
        asyncio.run(monkey.storm(episode, saves, rng, ACTIONS, tally, guarded=guarded))
    assert not tally.failures, tally.failures[0]
    assert tally.clean == tally.episodes and tally.sizes >= tally.episodes
