"""Playing whole games through the Textual UI with Pilot, at 80x24."""

from __future__ import annotations

from textual.geometry import Region
from textual.screen import Screen

from game.ui.app import make_app
from game.ui.screens.dialogs import HelpScreen
from game.ui.screens.ending import EndingScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.scenario import ScenarioScreen
from game.ui.screens.seat import BriefingScreen, SeatScreen
from game.ui.screens.title import TitleScreen
from game.ui.widgets.decision import ChoiceList

from ..helpers import notes, sync

SIZE = (80, 24)


@sync
async def test_title_to_ending_by_keys(ui_scenarios, ui_saves, ui_screen_text):
    app = make_app(lang="en", saves_dir=ui_saves)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, TitleScreen)
        assert "B O A R D R O O M" in ui_screen_text(app)
        await pilot.press("enter")  # New game
        assert isinstance(app.screen, ScenarioScreen)
        assert "A small crisis" in ui_screen_text(app)
        await pilot.press("enter")  # the only scenario
        assert isinstance(app.screen, SeatScreen)
        text = ui_screen_text(app)
        assert "The Chair" in text and "The CEO" in text and "Keep the board together." in text
        assert "Knows a secret." not in text  # private knowledge only after picking
        assert "A member" not in text  # not playable
        await pilot.press("1")
        assert isinstance(app.screen, BriefingScreen)
        assert "Knows a secret." in ui_screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        text = ui_screen_text(app)
        assert "Call the vote?" in text and "The board can act." in text
        assert "Fri 17 Nov 10:00 PT" in text
        assert "You have nothing to leak." in text  # unavailable option with its reason
        await pilot.press("1")
        await pilot.pause()
        text = ui_screen_text(app)
        assert "VOTE" in text and "Remove the CEO" in text
        assert "Recused: The CEO" in text
        assert "▼5" in text  # trust fell by 5 since the last decision
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        text = ui_screen_text(app)
        assert "Ending: The return" in text and "The CEO comes back." in text
        assert app.session.game is not None and app.session.game.over
    assert (ui_saves / "autosave-mini-chair.json").is_file()


@sync
async def test_plan_and_seat_go_straight_to_play(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert [type(s) for s in app.screen_stack] == [TitleScreen, PlayScreen]


@sync
async def test_plan_without_seat_opens_the_seat_screen(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SeatScreen)
        await pilot.press("right", "enter")  # the second card
        assert isinstance(app.screen, BriefingScreen)
        assert "Has friends." in ui_screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, SeatScreen)


@sync
async def test_arrows_and_enter_choose(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(ChoiceList).has_focus
        await pilot.press("down", "enter")  # "Wait"
        await pilot.pause()
        game = app.session.game
        assert game is not None and [c.option for c in game.choices] == ["wait"]
        assert isinstance(app.screen, EndingScreen)  # waiting lets the clock run out
        assert "Ending: Nothing changes" in ui_screen_text(app)


@sync
async def test_unavailable_option_is_refused(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")  # "Leak it" needs a secret
        await pilot.pause()
        assert app.session.game is not None and app.session.game.choices == []
        assert "nothing to leak" in notes(app)


@sync
async def test_undo_restores_the_previous_decision(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert "Remove the CEO" in ui_screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        text = ui_screen_text(app)
        assert "Call the vote?" in text and "Remove the CEO" not in text
        game = app.session.game
        assert game is not None and game.choices == [] and game.values["trust"] == 50
        await pilot.press("u")  # nothing left to undo: harmless
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


@sync
async def test_undo_from_the_ending_returns_to_play(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "1")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "Remove the CEO" in ui_screen_text(app)


@sync
async def test_ending_screen_compares_with_history(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("1", "2")  # call the vote, then vote no: history voted yes
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        text = ui_screen_text(app)
        assert "You left history at: Remove the CEO" in text
        assert "Your path beside history's" in text
        assert "How the meters moved" in text and "Trust" in text
        assert app.screen.query("Sparkline")


@sync
async def test_history_panel_toggles(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "The chair called it." not in ui_screen_text(app)
        await pilot.press("h")
        text = ui_screen_text(app)
        assert "The chair called it." in text and "fx-one" in text
        await pilot.press("h")
        assert "The chair called it." not in ui_screen_text(app)


@sync
async def test_vote_tally_appears_in_the_log(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="ceo")  # recused: the others vote first
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        text = ui_screen_text(app)
        assert "Vote passed: 2 yes, 0 no" in text
        assert "You are out" in text


@sync
async def test_help_screen_opens_and_closes(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "How to play" in ui_screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, PlayScreen)


@sync
async def test_quit_mid_game_asks_first(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await pilot.press("q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0
    assert (ui_saves / "autosave-mini-chair.json").is_file()


@sync
async def test_quit_from_the_title_does_not_ask(ui_saves):
    app = make_app(saves_dir=ui_saves)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@sync
async def test_new_game_with_unsaved_choices_asks_first(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        app.action_new_game()
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SeatScreen)
        assert app.session.game is None


@sync
async def test_command_palette_lists_game_commands(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for name in ("Save game", "Load game", "Undo", "Toggle history panel", "Switch language", "Help", "New game"):
            assert name in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"toggle history", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.query_one("#history").display


@sync
async def test_a_second_key_pressed_before_the_first_is_taken_is_dropped(mini_plan, ui_saves):
    # Two number keys faster than the game takes the first: both are queued for the decision on screen. The
    # first is taken; the second is dropped, not read against the next decision (where it named an option that
    # decision does not have, and the game stopped with an error).
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        screen.action_choose(1)
        screen.action_choose(1)
        await pilot.pause()
        game = app.session.game
        assert game is not None and [c.option for c in game.choices] == ["call"]
        assert isinstance(app.screen, PlayScreen) and game.pending is not None


@sync
async def test_a_choice_repaints_what_changed_not_the_whole_screen(mini_plan, ui_saves, monkeypatch):
    # The screens watch the app's game_view. As a reactive on the app it also repainted the whole screen after
    # every choice: a second frame, most of the keypress time in a real terminal (benchmarks/keypress.py).
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        whole: list[bool] = []
        refresh = screen.refresh

        def counting(*regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Screen:
            whole.append(repaint and not regions)
            return refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

        monkeypatch.setattr(screen, "refresh", counting)
        await pilot.press("1")
        game = app.session.game
        assert game is not None and len(game.choices) == 1
        assert app.screen is screen and not any(whole)
