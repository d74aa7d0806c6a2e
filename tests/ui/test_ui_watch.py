"""``boardroom play PATH --watch``: edits to the scenario reload while playing. A broken edit is shown in the game,
which goes on with the last version that loaded; a good one replays the choices on the new version."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game import catalog
from game.controller.watch import ScenarioWatch
from game.ui.app import make_app
from game.ui.screens.ending import EndingScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.seat import SeatScreen
from game.ui.widgets.problems import ProblemsPanel

from ..helpers import notes, sync

SIZE = (80, 24)


def edit(folder: Path, old: str, new: str) -> None:
    """Change the scenario file as an author's editor would (and make sure the change is seen)."""
    path = folder / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new), encoding="utf-8")
    if path.stat().st_mtime_ns == before:  # a coarse clock: move the time on by hand
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def load(folder: Path):  # type: ignore[no-untyped-def]
    plan, problems = catalog.load_plan(folder)
    assert plan is not None, [p.format() for p in problems]
    return plan


async def reloaded(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """Let the watch notice the edit (as its interval would) and the screens redraw."""
    app.poll_scenario()
    await pilot.pause()


@sync
async def test_a_broken_edit_is_shown_and_the_game_goes_on(mini_copy, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=load(mini_copy), seat="chair", watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(ProblemsPanel)
        assert not panel.display
        edit(mini_copy, "next: fire_vote", "next: fire_vot")
        await reloaded(pilot, app)
        assert panel.display
        assert "The scenario has errors" in ui_screen_text(app)
        shown = panel.query_one("#problems-body").render().plain  # type: ignore[attr-defined]
        assert f"{mini_copy / 'scenario.yaml'}:48:15: 'next' names no decision or ending 'fire_vot'" in shown
        assert "problem(s) in the scenario files" in notes(app)
        # The old version plays on.
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and "Remove the CEO" in ui_screen_text(app)
        # Fixing it reloads: the choices are replayed and the problems go away.
        edit(mini_copy, "next: fire_vot", "next: fire_vote")
        await reloaded(pilot, app)
        assert not app.screen.query_one(ProblemsPanel).display
        assert "Scenario reloaded; your choices so far were replayed (1)." in notes(app)
        assert [c.option for c in app.session.game.choices] == ["call"]
        assert "Remove the CEO" in ui_screen_text(app)


@sync
async def test_a_yaml_syntax_error_never_crashes(mini_copy, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=load(mini_copy), seat="chair", watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        edit(mini_copy, "next: fire_vote", "next: [fire_vote")
        await reloaded(pilot, app)
        assert "YAML syntax error" in ui_screen_text(app)
        (mini_copy / "scenario.yaml").unlink()  # even a vanished file
        await reloaded(pilot, app)
        assert app.is_running and isinstance(app.screen, PlayScreen)
        assert app.watch_problems


@sync
async def test_a_renamed_option_replays_up_to_the_choice_that_no_longer_fits(mini_copy, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=load(mini_copy), seat="chair", watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert "Remove the CEO" in ui_screen_text(app)
        edit(mini_copy, "      - id: call\n", "      - id: call_now\n")
        await reloaded(pilot, app)
        assert "The scenario changed: continuing from choice 1 (Call the vote?)." in notes(app)
        assert app.session.game.choices == []
        assert app.session.plan is not None and "call_now" in app.session.plan.decisions["call_vote"].by_id
        assert isinstance(app.screen, PlayScreen) and "Call the vote?" in ui_screen_text(app)
        await pilot.press("1")  # the renamed option plays
        await pilot.pause()
        assert [c.option for c in app.session.game.choices] == ["call_now"]


@sync
async def test_changed_text_shows_at_once(mini_copy, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=load(mini_copy), seat="chair", watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        edit(
            mini_copy,
            "text: {en: The board can act., zh: 董事会可以采取行动。}",
            "text: {en: The board may act now., zh: 行动}",
        )
        await reloaded(pilot, app)
        assert "The board may act now." in ui_screen_text(app)


@sync
async def test_reload_that_reaches_the_ending(mini_copy, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=load(mini_copy), seat="chair", watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.pause()
        # The vote now ends the game at once when it passes... and the chair's first option leads straight there.
        edit(mini_copy, "        next: fire_vote\n", "        next: quiet\n")
        await reloaded(pilot, app)
        assert isinstance(app.screen, EndingScreen) and "Quiet exit" in ui_screen_text(app)


@sync
async def test_the_interval_polls_by_itself(mini_copy, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=load(mini_copy), seat="chair", watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        edit(mini_copy, "title: {en: Call the vote?, zh: 要发起投票吗？}", "title: {en: Call it?, zh: 投票？}")
        for _ in range(30):
            await pilot.pause(0.1)
            if "Call it?" in ui_screen_text(app):
                break
        assert "Call it?" in ui_screen_text(app)


@sync
async def test_waits_for_an_open_dialog(mini_copy, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=load(mini_copy), seat="chair", watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        edit(mini_copy, "title: {en: Call the vote?, zh: 要发起投票吗？}", "title: {en: Call it?, zh: 投票？}")
        app.poll_scenario()
        assert app._reload_due and "Call the vote?" in app.session.plan.decisions["call_vote"].model.title.en
        await pilot.press("escape")
        await reloaded(pilot, app)
        assert "Call it?" in ui_screen_text(app)


@sync
async def test_seat_screen_follows_edits(mini_copy, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=load(mini_copy), watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SeatScreen)
        edit(mini_copy, "name: {en: The Chair, zh: 主席}", "name: {en: Madam Chair, zh: 主席}")
        await reloaded(pilot, app)
        assert isinstance(app.screen, SeatScreen) and "Madam Chair" in ui_screen_text(app)


def test_scenario_watch_sees_seeds_and_new_files(mini_copy):
    watch = ScenarioWatch(mini_copy)
    assert not watch.changed()
    (mini_copy / "seeds" / "more.yaml").write_text("id: more\n", encoding="utf-8")
    assert watch.changed() and not watch.changed()
    (mini_copy / "notes.txt").write_text("not a scenario file", encoding="utf-8")
    assert not watch.changed()
    (mini_copy / "extra.yaml").write_text("decisions: []\n", encoding="utf-8")
    assert watch.changed()


# --- the command line -----------------------------------------------------------------------


def test_watch_flag_reaches_the_app(ui_app_args, mini_copy, tmp_path):
    from game.cli import main

    made = ui_app_args
    assert main(["play", str(mini_copy), "--role", "chair", "--watch", "--saves-dir", str(tmp_path)]) == 0
    assert made["watch"] is True and made["seat"] == "chair"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["play", "MINI", "--role", "chair", "--plain", "--watch"], "--watch is for the screen UI"),
        (["--watch"], "--watch needs a scenario"),
    ],
)
def test_watch_flag_errors(args, message, mini_path, capsys):
    from game.cli import main

    with pytest.raises(SystemExit) as exc:
        main([str(mini_path) if a == "MINI" else a for a in args])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err
