"""Hot seat: several players at one screen, each in a seat. The keyboard is passed between turns, role cards stay
private, ballots are secret until the tally, and saves and transcripts record every seat."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import saves
from game.settings import Settings
from game.ui.app import make_app
from game.ui.screens.ending import EndingScreen
from game.ui.screens.hotseat import PassScreen
from game.ui.screens.play import PlayScreen
from game.ui.screens.seat import BriefingScreen, SeatScreen
from game.ui.widgets.newslog import NewsLog

from ..helpers import board_of_three, notes, sync, three_plan

SIZE = (80, 24)
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


def flat(text: str) -> str:
    """Screen text with its line breaks and padding squeezed out (the pass screen wraps its sentences)."""
    return " ".join(text.replace("█", " ").split())


async def take_turn(pilot, app, seat_name: str, *, first: bool) -> None:  # type: ignore[no-untyped-def]
    """Answer the pass screen for ``seat_name`` (and read the role card on a first turn)."""
    await pilot.pause()
    assert isinstance(app.screen, PassScreen), type(app.screen)
    await pilot.press("enter")
    await pilot.pause()
    if first:
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(app.screen, PlayScreen)


@sync
async def test_three_players_pass_the_keyboard_and_vote_in_secret(tmp_path, ui_saves, ui_screen_text):
    plan = three_plan(tmp_path)
    app = make_app(saves_dir=ui_saves, plan=plan, players=["chair", "ceo", "member"])
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        # The chair's turn comes first: the screen hides everything until the chair has the keyboard.
        assert isinstance(app.screen, PassScreen)
        text = flat(ui_screen_text(app))
        assert "Pass the keyboard to The Chair. Press Enter when only The Chair can see the screen." in text
        assert "Call the vote?" not in text and "Knows a secret." not in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)  # the chair's own role card, on the first turn only
        text = ui_screen_text(app)
        assert "Knows a secret." in text and "Has friends." not in text and "Undecided." not in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and "Call the vote?" in ui_screen_text(app)
        assert "Undo" not in ui_screen_text(app).splitlines()[-1]  # choices stand in a hot-seat game

        await pilot.press("1")  # call the vote; the chair is also the first to vote: no pass screen
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        text = ui_screen_text(app)
        assert "Remove the CEO" in text and "Your ballot is secret" in text
        await pilot.press("1")  # the chair votes yes
        # Now the member votes: a new player, so the keyboard is passed.
        await pilot.pause()
        assert isinstance(app.screen, PassScreen)
        text = ui_screen_text(app)
        assert "Pass the keyboard to A member" in text and "Next: a secret ballot." in text
        assert "Yes" not in text  # nothing of the chair's turn shows
        await take_turn(pilot, app, "A member", first=True)
        text = ui_screen_text(app)
        assert "Already voted, in secret: The Chair" in text
        assert "Vote passed" not in text and "Vote failed" not in text  # no tally before the last ballot
        assert app.session.seat == "member"
        await pilot.press("2")  # the member votes no: the motion fails and the game runs to its end
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert "Ending: Nothing changes" in ui_screen_text(app)
        log = app.session.game.visible_log("ceo")
        assert [e.tally["counts"] for e in log if e.kind == "vote"] == [{"yes": 1, "no": 1, "abstain": 0}]
    game = app.session.game
    assert game is not None
    data = saves.read(ui_saves / "autosave-mini-ceo-chair-member.json")
    assert data.seats == ["ceo", "chair", "member"]
    assert [tuple(c) for c in data.choices] == [
        ("call_vote", "chair", "call"),
        ("fire_vote", "chair", "yes"),
        ("fire_vote", "member", "no"),
    ]


@sync
async def test_hot_seat_game_to_the_ending(tmp_path, ui_saves, ui_screen_text):
    plan = three_plan(tmp_path)
    app = make_app(saves_dir=ui_saves, plan=plan, players=["chair", "ceo", "member"])
    async with app.run_test(size=(100, 40)) as pilot:
        await take_turn(pilot, app, "The Chair", first=True)
        await pilot.press("1", "1")  # call, yes
        await take_turn(pilot, app, "A member", first=True)
        await pilot.press("1")  # yes: the CEO is fired
        await take_turn(pilot, app, "The CEO", first=True)
        text = ui_screen_text(app)
        assert "You are out" in text and "Vote passed: 2 yes, 0 no" in text
        # Another player's choice is theirs in the log, never "You chose".
        log = app.screen.query_one(NewsLog).plain
        assert "The Chair: Call the vote" in log and "You chose" not in log
        await pilot.press("1")  # fight back
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        text = ui_screen_text(app)
        assert "Ending: The return" in text
        assert "The Chair: Call the vote" in text and "The CEO: Fight back" in text  # each row names its player
        assert "The Chair, The CEO, A member" in text  # every player in the top bar


@sync
async def test_other_players_choices_are_named_not_yours(tmp_path, ui_saves, ui_screen_text):
    plan = three_plan(tmp_path)
    app = make_app(saves_dir=ui_saves, plan=plan, players=["chair", "member"])
    async with app.run_test(size=(100, 40)) as pilot:
        await take_turn(pilot, app, "The Chair", first=True)
        await pilot.press("1", "1")
        await take_turn(pilot, app, "A member", first=True)
        log = app.screen.query_one(NewsLog).plain
        assert "You chose" not in log  # the member has chosen nothing yet
        assert "The Chair: Call the vote" in log and "The chair calls a vote." in log


@sync
async def test_seat_screen_hot_seat_toggle(tmp_path, ui_saves, ui_screen_text):
    plan = three_plan(tmp_path)
    app = make_app(saves_dir=ui_saves, plan=plan)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SeatScreen)
        await pilot.press("s")  # Start is not offered before hot seat is on
        await pilot.pause()
        assert isinstance(app.screen, SeatScreen)
        await pilot.press("t")
        await pilot.pause()
        assert "Hot seat: Enter or 1-9 adds or removes" in ui_screen_text(app)
        await pilot.press("2")  # the CEO: no briefing here, the card is marked instead
        await pilot.pause()
        assert isinstance(app.screen, SeatScreen)
        assert "✓ Player 1" in ui_screen_text(app) and "Has friends." not in ui_screen_text(app)
        await pilot.press("s")  # one seat is not enough
        await pilot.pause()
        assert isinstance(app.screen, SeatScreen) and "at least two seats" in notes(app)
        await pilot.press("3", "1", "3")  # the member, the chair, and the member again (removed)
        await pilot.pause()
        assert app.screen.picked == ["ceo", "chair"]
        assert "✓ Player 2" in ui_screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PassScreen)
        assert app.session.players == ["ceo", "chair"] and app.session.hotseat
        assert "Pass the keyboard to The Chair" in ui_screen_text(app)  # the chair decides first


@sync
async def test_undo_is_off_in_hot_seat(tmp_path, ui_saves):
    plan = three_plan(tmp_path)
    app = make_app(saves_dir=ui_saves, plan=plan, players=["chair", "member"])
    async with app.run_test(size=SIZE) as pilot:
        await take_turn(pilot, app, "The Chair", first=True)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert len(app.session.game.choices) == 1
        assert "no undo in a hot-seat game" in notes(app)


@sync
async def test_timeout_in_hot_seat_tells_only_that_player(tmp_path, ui_saves, ui_clock):
    plan = three_plan(tmp_path)
    app = make_app(saves_dir=ui_saves, plan=plan, players=["chair", "member"], settings=Settings(time_limit=20))
    async with app.run_test(size=SIZE) as pilot:
        await take_turn(pilot, app, "The Chair", first=True)
        await pilot.press("1")  # call the vote
        await pilot.pause()
        app.screen.tick(20)  # the chair's ballot times out
        await pilot.pause()
        assert isinstance(app.screen, PassScreen)
        public = notes(app)
        assert "Time ran out for The Chair" in public
        assert "was taken for you" not in public  # what the chair's default was stays with the chair
        assert [i for i, c in enumerate(app.session.game.choices) if c.timed_out] == [1]
        # The member's turn restarts the clock.
        await take_turn(pilot, app, "A member", first=True)
        assert app.screen.countdown.left > 19


@sync
async def test_a_hot_seat_save_loads_with_every_seat(tmp_path, ui_saves, ui_screen_text):
    plan = three_plan(tmp_path)
    app = make_app(saves_dir=ui_saves, plan=plan, players=["chair", "member"])
    async with app.run_test(size=SIZE) as pilot:
        await take_turn(pilot, app, "The Chair", first=True)
        await pilot.press("1", "1")
        await pilot.pause()
        app.session.save("board")
    again = make_app(saves_dir=ui_saves, plan=plan, load="board")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.session.players == ["chair", "member"] and again.session.seat == "member"
        assert isinstance(again.screen, PassScreen) and "A member" in ui_screen_text(again)


@sync
async def test_transcript_records_every_seat(tmp_path, ui_saves):
    plan = three_plan(tmp_path)
    app = make_app(saves_dir=ui_saves, plan=plan, players=["chair", "member"])
    async with app.run_test(size=SIZE) as pilot:
        await take_turn(pilot, app, "The Chair", first=True)
        await pilot.press("1", "1")
        await take_turn(pilot, app, "A member", first=True)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("e")
        await pilot.pause()
    [md] = ui_saves.glob("transcript-*.md")
    text = md.read_text(encoding="utf-8")
    assert "The Chair, A member" in text
    assert "— The Chair" in text and "— A member" in text  # each decision names its player


# --- the command line -----------------------------------------------------------------------


def test_hotseat_flag_starts_the_app_with_every_player(ui_app_args, tmp_path):
    from game.cli import main

    made = ui_app_args
    folder = board_of_three(tmp_path)
    assert main(["play", str(folder), "--hotseat", "member,chair", "--saves-dir", str(tmp_path)]) == 0
    assert made["players"] == ["member", "chair"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--hotseat", "chair,nobody"], "unknown seat 'nobody'"),
        (["--hotseat", "chair"], "two or more seats"),
        (["--hotseat", "chair,ceo", "--seats", "chair"], "seat 'ceo' cannot be chosen here"),
        (["--hotseat", "chair,member"], "seat 'member' cannot be chosen here"),  # not playable in the mini scenario
        (["--hotseat", "chair,ceo", "--plain"], "--hotseat is for the screen UI"),
        (["--hotseat", "chair,ceo", "--role", "chair"], "leave out --role"),
    ],
)
def test_hotseat_flag_errors(extra, message, capsys):
    from game.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["play", str(MINI), *extra])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_hotseat_needs_a_scenario(capsys):
    from game.cli import main

    with pytest.raises(SystemExit):
        main(["--hotseat", "toner,sutskever"])
    assert "--hotseat needs a scenario" in capsys.readouterr().err
