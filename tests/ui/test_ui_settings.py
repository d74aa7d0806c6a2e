"""Teacher settings in the Textual UI: the decision timer, hidden history, no undo, the seats on offer, the language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.scenario import check
from game.settings import Settings
from game.ui.app import make_app
from game.ui.screens.debrief import DebriefScreen
from game.ui.screens.dialogs import HelpScreen
from game.ui.screens.ending import EndingScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.seat import BriefingScreen, SeatScreen
from game.ui.widgets.topbar import TopBar

from ..helpers import notes, sync, wait_for

SIZE = (80, 24)
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


def inaction_plan(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The mini scenario with 'Wait' marked as the option taken when time runs out."""
    folder = tmp_path / "inaction"
    shutil.copytree(MINI, folder)
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - id: wait\n        text: {en: Wait, zh: 等待}\n"
    assert old in text
    path.write_text(text.replace(old, old + "        inaction: true\n"), encoding="utf-8")
    plan, problems = check(folder)
    assert plan is not None, [p.format() for p in problems]
    return plan


def footer_actions(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}


# --- the decision timer ------------------------------------------------------------------


@sync
async def test_countdown_shows_and_time_running_out_takes_the_default(tmp_path, ui_saves, ui_screen_text, ui_clock):
    settings = Settings(time_limit=1)  # a one-second limit: the interval runs the clock out
    app = make_app(saves_dir=ui_saves, plan=inaction_plan(tmp_path), seat="chair", settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "⏱ 0:01" in ui_screen_text(app)
        assert app.screen.query_one(TopBar).urgent  # the last ten seconds are red
        ui_clock.advance(1.0)  # the interval finds the second gone
        await wait_for(pilot, lambda: bool(app.session.game and app.session.game.choices))
        await pilot.pause()
        game = app.session.game
        assert [c.option for c in game.choices] == ["wait"]  # inaction is a choice
        assert isinstance(app.screen, EndingScreen)  # and the game moved on: waiting ran the clock out
        assert "Time ran out at “Call the vote?”" in notes(app) and "“Wait” was taken for you" in notes(app)
        assert [c.timed_out for c in app.session.game.choices] == [True]


@sync
async def test_timer_restarts_for_each_decision(mini_plan, ui_saves, ui_screen_text, ui_clock):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair", settings=Settings(time_limit=30))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.tick(25)  # the test hook: let 25 seconds pass
        await pilot.pause()
        assert "⏱ 0:05" in ui_screen_text(app)
        await pilot.press("1")  # call the vote: a new decision gets the whole limit again
        await pilot.pause()
        assert "⏱ 0:30" in ui_screen_text(app)
        assert not screen.query_one(TopBar).urgent


@sync
async def test_historical_default_and_the_next_decision(mini_plan, ui_saves, ui_screen_text, ui_clock):
    settings = Settings(time_limit=5, on_timeout="historical")
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair", settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.tick(5)
        await pilot.pause()
        game = app.session.game
        assert [c.option for c in game.choices] == ["call"]  # what the chair really did
        assert isinstance(app.screen, PlayScreen) and "Remove the CEO" in ui_screen_text(app)
        assert "“Call the vote” was taken for you" in notes(app)


@sync
async def test_timer_waits_while_a_dialog_is_open(mini_plan, ui_saves, ui_clock):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair", settings=Settings(time_limit=1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        play = app.screen
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        ui_clock.advance(1.6)  # longer than the limit, but the help is open
        await pilot.pause(0.6)  # the interval looks twice, and lets the time go
        assert app.session.game.choices == []
        await pilot.press("escape")
        ui_clock.advance(1.0)
        await wait_for(pilot, lambda: bool(app.session.game.choices))


@sync
async def test_no_timer_by_default(mini_plan, ui_saves, ui_screen_text, ui_clock):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "⏱" not in ui_screen_text(app)
        app.screen.tick(3600)
        assert app.session.game.choices == []


# --- history and undo --------------------------------------------------------------------


@sync
async def test_hidden_history_stays_closed_until_the_ending(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair", settings=Settings(hide_history=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "toggle_history" not in footer_actions(app)
        await pilot.press("h")
        await pilot.pause()
        assert not app.screen.query_one("#history").display
        assert "The chair called it." not in ui_screen_text(app)
        assert "stays closed until the ending" in notes(app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Toggle history panel" not in titles
        app.action_toggle_history()  # the palette's way in is refused too
        await pilot.pause()
        assert not app.screen.query_one("#history").display
        await pilot.press("1", "1")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert "What actually happened" in ui_screen_text(app)  # the ending shows history
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert "The chair called it." in ui_screen_text(app)


@sync
async def test_no_undo(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair", settings=Settings(allow_undo=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert "undo" not in {a.removeprefix("app.") for a in footer_actions(app)}
        assert "Undo" not in ui_screen_text(app).splitlines()[-1]
        await pilot.press("u")
        await pilot.pause()
        assert [c.option for c in app.session.game.choices] == ["call"]
        assert "Undo is turned off" in notes(app)
        assert "Undo" not in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("u")  # not from the ending either
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen) and app.session.game.over


@sync
async def test_undo_allowed_by_default_is_listed(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "app.undo" in footer_actions(app)
        assert "Undo" in [c.title for c in app.get_system_commands(app.screen)]


# --- seats and language ----------------------------------------------------------------------


@sync
async def test_only_the_teachers_seats_can_be_chosen(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, settings=Settings(seats=["ceo"]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SeatScreen)
        text = ui_screen_text(app)
        assert "The CEO" in text and "The Chair" not in text
        assert [s.id for s in app.screen.seats] == ["ceo"]
        await pilot.press("2")  # there is no second card
        await pilot.pause()
        assert isinstance(app.screen, SeatScreen)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen) and app.screen.seat == "ceo"


@sync
async def test_no_open_seat_says_so(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, settings=Settings(seats=["altman"]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "None of this scenario's seats is open" in ui_screen_text(app)


@sync
async def test_settings_choose_the_starting_language(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair", settings=Settings(lang="zh"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.lang == "zh"
        assert "要发起投票吗？" in ui_screen_text(app)


@pytest.mark.aftermath  # the card is on; the autosave comes before it
@sync
async def test_saves_record_the_settings(mini_plan, ui_saves):
    from game import saves

    settings = Settings(time_limit=60, allow_undo=False)
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair", settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
    data = saves.read(ui_saves / "autosave-mini-chair.json")
    assert data.settings == {"time_limit": 60, "allow_undo": False}


def test_play_passes_the_settings_to_the_app(ui_app_args, tmp_path):
    """`boardroom play` gives its parsed settings (flags over the file) to the screen UI."""
    from game.cli import main

    made = ui_app_args
    toml = tmp_path / "class.toml"
    toml.write_text('lang = "zh"\nhide_history = true\n', encoding="utf-8")
    args = ["play", str(MINI), "--settings", str(toml), "--time-limit", "45", "--no-undo", "--seats", "chair"]
    assert main([*args, "--saves-dir", str(tmp_path)]) == 0
    settings = made["settings"]
    assert isinstance(settings, Settings)
    assert (settings.lang, settings.time_limit, settings.hide_history, settings.allow_undo) == ("zh", 45, True, False)
    assert settings.seats == ["chair"] and made["lang"] == "zh"


# --- the teacher's guide ------------------------------------------------------------------------


def test_teaching_guide_commands_and_settings_are_real():
    """Every `$ boardroom ...` line in docs/teaching.md parses, and its settings file is valid."""
    import re
    import shlex
    import tomllib

    from game.cli import build_parser

    doc = (Path(__file__).resolve().parents[2] / "docs" / "teaching.md").read_text(encoding="utf-8")
    commands = [line.strip()[2:] for line in doc.splitlines() if line.strip().startswith("$ boardroom")]
    assert len(commands) >= 10
    for command in commands:
        args = shlex.split(command)[1:]
        parsed = build_parser().parse_args(args)  # exits (and fails the test) on an unknown flag or value
        assert parsed is not None, command
    [toml] = re.findall(r"```toml\n(.*?)```", doc, flags=re.S)
    assert Settings(**tomllib.loads(toml)) != Settings()  # valid, and not just the defaults
