"""The "what happened" card after every choice, and the last days of the week before the ending."""

from __future__ import annotations

import pytest

from game import aftermath
from game.engine import Game
from game.ui.app import make_app
from game.ui.screens.aftermath import AftermathScreen
from game.ui.screens.ending import EndingScreen
from game.ui.screens.play import PlayScreen

from ..helpers import sync

SIZE = (80, 24)

pytestmark = pytest.mark.aftermath


def test_a_card_tells_the_choice_then_what_followed(mini_plan):
    game = Game(mini_plan, ["chair"], 1)
    game.choose("call")
    game.choose("yes")
    card = aftermath.after_choice(game, "chair", "en")
    assert card.yours is not None and card.yours.head == "Remove the CEO"
    assert "Vote passed: 2 yes, 0 no" in card.yours.detail
    assert card.yours.ballots == (("The Chair", "yes"), ("A member", "yes"))  # the CEO was recused
    # The CEO fought back at 15:00, out of the chair's sight; the meters still show what it did, so the card
    # agrees with the meters on the play screen. Saturday belongs to the last days.
    assert card.since == ()
    assert {m.label: m.delta for m in card.moves} == {"Trust": -10, "Letters": 4}
    days = aftermath.last_days(game, "chair", "en")
    assert [d.heading for d in days] == ["Saturday 18 November"]
    assert days[0].yours is None and [h.head for h in days[0].since] == ["Letters pile up"]
    assert days[0].ending == "The return"


def test_secret_ballots_stay_secret(mini_plan):
    game = Game(mini_plan, ["chair"], 1)
    game.choose("call")
    game.choose("no")
    card = aftermath.after_choice(game, "chair", "zh", open_ballots=False)
    assert card.yours is not None and card.yours.ballots == ()
    assert "1 票赞成" in card.yours.detail or "赞成" in card.yours.detail


def test_no_card_tells_what_the_reader_could_not_see(mini_plan):
    game = Game(mini_plan, ["ceo"], 1)
    game.choose("rally")  # the chair's and member's vote is the board's business, but its result is public
    card = aftermath.after_choice(game, "ceo", "en")
    assert card.yours is not None and card.yours.head == "You chose: Rally staff"
    assert all("Call the vote" not in h.head for h in card.since)


def test_every_seat_of_the_flagship_gets_a_card_and_the_rest_of_the_week(flagship_plan):
    from game.engine.history import historical_pick

    for seat in ("toner", "altman", "murati"):
        game = Game(flagship_plan, [seat], 3)
        while not game.over:
            game.choose(historical_pick(game).id)
            card = aftermath.after_choice(game, seat, "en")
            assert card.yours is not None, seat
        days = aftermath.last_days(game, seat, "zh")
        ended = [d.ending for d in days if d.ending] or [aftermath.after_choice(game, seat, "zh").ending]
        assert ended == [game.ending.model.title.get("zh")], seat


@sync
async def test_after_a_choice_its_outcome_is_on_screen_at_80x24(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")  # call the vote
        await pilot.pause()
        # Calling the vote leads straight to it: nothing else happened, and the card says so.
        assert isinstance(app.screen, AftermathScreen)
        text = ui_screen_text(app)
        assert "What happened" in text and "You chose: Call the vote" in text and "Trust" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "Remove the CEO" in ui_screen_text(app)


@sync
async def test_the_last_days_are_played_before_the_ending(mini_plan, ui_saves, ui_screen_text):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1")  # yes: the last decision of the chair's week
        await pilot.pause()
        assert isinstance(app.screen, AftermathScreen)
        text = ui_screen_text(app)
        assert "Vote passed" in text and "The Chair: yes" in text and "Letters" in text
        assert "1/2" in text  # today, then one card for Saturday
        await pilot.press("enter")
        await pilot.pause()
        text = ui_screen_text(app)
        assert "Saturday 18 November" in text and "Letters pile up" in text and "The week is over: The return" in text
        assert not isinstance(app.screen, EndingScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)


@sync
async def test_escape_skips_the_cards(mini_plan, ui_saves):
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair", lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, AftermathScreen)
        await pilot.press("escape")  # one key skips today and the rest of the week
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)


def test_since_turn_tells_what_happened_while_the_others_played(mini_plan):
    game = Game(mini_plan, ["chair", "member"], 1)
    game.choose("call", "chair")
    start, before = len(game.log), dict(game.values)
    game.choose("yes", "chair")
    game.choose("yes", "member")
    card = aftermath.since_turn(game, "chair", start, before, "en")
    assert card.heading == "Since your last turn"
    assert card.yours is not None and "Vote passed" in card.yours.detail  # the vote the chair voted in
    assert card.yours.ballots == ()  # at one keyboard, ballots stay secret
    assert {m.label: m.delta for m in card.moves}["Trust"] < 0
    game.undo()
    game.undo()
    game.undo()
    assert aftermath.since_turn(game, "chair", start, before, "en").empty  # an undo took the log back


async def _play_hotseat_until(pilot, app, stop):  # type: ignore[no-untyped-def]
    """Answer every screen as the players at one keyboard would (history's choices) until ``stop()`` holds."""
    from game.engine.history import historical_pick
    from game.ui.screens.hotseat import PassScreen
    from game.ui.screens.seat import BriefingScreen

    for _ in range(200):
        await pilot.pause()
        if stop():
            return
        screen = app.screen
        if isinstance(screen, PassScreen | BriefingScreen | AftermathScreen):
            await pilot.press("enter")
        elif isinstance(screen, PlayScreen):
            game, seat = app.session.game, app.session.seat
            pick = historical_pick(game, seat)
            number = [o.id for o in game.options(seat)].index(pick.id) + 1
            await pilot.press(str(number))
        else:
            return


@sync
async def test_hot_seat_players_each_get_their_own_card_and_ballots_stay_secret(
    flagship_plan, ui_saves, ui_screen_text
):
    app = make_app(saves_dir=ui_saves, plan=flagship_plan, players=["toner", "sutskever"])
    names = [flagship_plan.seats[s].name.get("en") for s in flagship_plan.seats]
    async with app.run_test(size=SIZE) as pilot:

        def since_card() -> bool:
            return isinstance(app.screen, AftermathScreen) and "Since your last turn" in ui_screen_text(app)

        await _play_hotseat_until(pilot, app, since_card)
        assert since_card()
        text = ui_screen_text(app)
        # The card is for the player now at the keyboard, and names no one's ballot.
        assert app.session.seat in ("toner", "sutskever")
        for name in names:
            for ballot in ("yes", "no", "abstain"):
                assert f"{name}: {ballot}" not in text


@sync
async def test_a_timeout_says_plainly_why_its_option_was_taken(mini_plan, ui_saves, ui_screen_text, ui_clock):
    from game.settings import Settings

    from ..helpers import notes, wait_for

    # No option of 'Call the vote?' means doing nothing, so the timeout takes the seat's usual course instead.
    app = make_app(saves_dir=ui_saves, plan=mini_plan, seat="chair", settings=Settings(time_limit=1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ui_clock.advance(1.0)
        await wait_for(pilot, lambda: isinstance(app.screen, AftermathScreen))
        await pilot.pause()
        said = "No option here means doing nothing, so the seat's usual course was taken for you."
        assert said in notes(app)
        assert "doing nothing" in " ".join(ui_screen_text(app).replace("│", " ").split())  # on the card too
        assert "Inaction is a choice too" not in notes(app)  # no longer claimed where nothing was done
