"""The controller with no UI: one game, several seats, each acting through it and hearing its own events."""

from __future__ import annotations

from pathlib import Path

from game import saves
from game.controller import Changed, Controller, Ended, Event, Reopened, Session, TimedOut, TurnPassed
from game.scenario import Plan
from game.settings import Settings

from ..helpers import three_plan


def table(plan: Plan, folder: Path, seats: list[str], **settings: object) -> Controller:
    controller = Controller(Session("en", folder, 0, Settings(**settings)))  # type: ignore[arg-type]
    controller.start(plan, seats)
    return controller


def heard_by(controller: Controller, seat: str) -> list[Event]:
    events: list[Event] = []
    controller.listen(events.append, seats=[seat])
    return events


def test_two_devices_each_hear_the_turn_and_only_their_own_timeouts(tmp_path: Path) -> None:
    plan = three_plan(tmp_path)
    controller = table(plan, tmp_path, ["chair", "member"], time_limit=20)
    chair, member = heard_by(controller, "chair"), heard_by(controller, "member")

    assert not controller.choose("member", "call")  # not the member's turn: nothing happens
    assert controller.choose("chair", "call")
    assert controller.choose("chair", "yes")  # the chair's ballot; the member votes next
    assert TurnPassed("member") in chair and TurnPassed("member") in member

    timed = controller.time_out("member")
    assert timed is not None and timed.seat == "member"
    assert timed in member and not any(isinstance(e, TimedOut) for e in chair)
    assert Ended() in chair and Ended() in member
    game = controller.session.game
    assert game is not None and game.over
    assert [i for i, c in enumerate(controller.session.game.choices) if c.timed_out] == [2]
    data = saves.read(tmp_path / "autosave-mini-chair-member.json")
    assert [tuple(c) for c in data.choices] == [
        ("call_vote", "chair", "call"),
        ("fire_vote", "chair", "yes"),
        ("fire_vote", "member", timed.option),
    ]
    assert controller.undo() == "ui.undo.hotseat"  # with several players every choice stands


def test_undo_reopens_an_ended_game_and_stops_at_the_start(mini_plan: Plan, tmp_path: Path) -> None:
    controller = table(mini_plan, tmp_path, ["chair"])
    events = heard_by(controller, "chair")
    controller.choose("chair", "call")
    controller.choose("chair", "no")  # the motion fails 1-1: the game ends
    assert Ended() in events
    assert controller.undo() is None
    assert events[-2:] == [Changed(), Reopened()]
    game = controller.session.game
    assert game is not None and not game.over and [c.option for c in game.choices] == ["call"]
    assert controller.undo() is None
    assert controller.undo() == "plain.no_undo"


def test_settings_refuse_undo_and_history(mini_plan: Plan, tmp_path: Path) -> None:
    controller = table(mini_plan, tmp_path, ["chair"], allow_undo=False, hide_history=True)
    assert controller.undo() == "ui.undo.off"
    assert controller.history_refusal() == "ui.history.hidden"
    controller.choose("chair", "call")
    controller.choose("chair", "no")
    assert controller.history_refusal() is None  # history opens at the ending


def test_a_listener_can_stop_listening(mini_plan: Plan, tmp_path: Path) -> None:
    controller = table(mini_plan, tmp_path, ["chair"])
    events: list[Event] = []
    stop = controller.listen(events.append)
    stop()
    controller.choose("chair", "call")
    assert events == []


def test_a_choice_for_a_decision_no_longer_waiting_is_dropped(mini_plan: Plan, tmp_path: Path) -> None:
    # Two keys pressed faster than the screen redraws: the second names the decision it was pressed on.
    controller = table(mini_plan, tmp_path, ["chair"])
    game = controller.session.game
    assert game is not None and game.pending is not None
    first = game.pending.decision.id
    assert controller.choose("chair", "call", decision=first)
    moved_to = game.pending.decision.id if game.pending else None
    assert moved_to != first
    # The stale key is refused quietly: nothing is chosen, the game stays where the first key left it.
    assert not controller.choose("chair", "call", decision=first)
    assert [c.option for c in game.choices] == ["call"]
    assert (game.pending.decision.id if game.pending else None) == moved_to
