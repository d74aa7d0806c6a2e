"""The simulation engine on the mini scenario: clock, policies, votes, events, endings, undo, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.engine import ChoiceError, Game
from game.engine.history import compare, diverged_at, play_historical
from game.scenario import Plan, check
from game.verdict import Verdict

from ..helpers import MINI_TEXT, write_scenario


def test_first_decision_and_options(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["chair"])
    assert game.pending is not None
    assert game.pending.decision.id == "call_vote"
    views = {v.id: v for v in game.options()}
    assert views["call"].available and views["wait"].available
    assert not views["leak"].available
    assert views["leak"].reason is not None and "nothing to leak" in views["leak"].reason.get("en")
    assert game.plan.time(game.state.minute).strftime("%Y-%m-%d %H:%M") == "2023-11-17 10:00"


def test_unavailable_option_cannot_be_chosen(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["chair"])
    with pytest.raises(ChoiceError):
        game.choose("leak")
    with pytest.raises(ChoiceError):
        game.choose("nonexistent")


def test_vote_with_recusal_and_policy_ballots(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["chair"])
    game.choose("call")
    assert game.pending and game.pending.decision.id == "fire_vote"
    assert "ceo" in game.pending.recused
    game.choose("no")  # the player votes no; the member follows history (yes): 1-1 of 2 present
    vote = next(e for e in game.log if e.kind == "vote")
    assert vote.tally is not None
    assert vote.tally["counts"] == {"yes": 1, "no": 1, "abstain": 0}
    assert vote.tally["needed"] == 2
    assert vote.tally["passed"] is False
    assert game.values["fired"] is False
    assert game.over and game.ending is not None and game.ending.id == "status_quo"


def test_historical_path_reaches_historical_ending(mini_plan: Plan) -> None:
    for seat in ("chair", "ceo"):
        game = play_historical(mini_plan, [seat])
        assert game.ending is not None and game.ending.historical, seat
        assert diverged_at(game) is None


def test_clock_only_moves_forward_and_log_has_times(mini_plan: Plan) -> None:
    game = play_historical(mini_plan, ["chair"])
    minutes = [e.minute for e in game.log]
    assert minutes == sorted(minutes)
    kinds = [e.kind for e in game.log]
    assert kinds == ["decision", "vote", "decision", "event", "ending"]
    event = next(e for e in game.log if e.kind == "event")
    assert game.plan.time(event.minute).strftime("%a %H:%M") == "Sat 09:00"
    assert event.changes == {"letters": (4, 7)}


def test_next_to_an_ending_ends_at_once(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["ceo"])
    game.choose("leave")
    assert game.ending is not None and game.ending.id == "quiet"


def test_early_ending_when_a_meter_hits_its_extreme(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["ceo"])
    game.choose("rally")  # letters reach 10 -> uproar event -> trust 0 -> collapse
    assert [e.id for e in game.log if e.kind == "event"] == ["uproar"]
    assert game.ending is not None and game.ending.id == "collapse"
    assert game.values["trust"] == 0  # clamped at the meter's minimum


def test_non_player_seat_follows_its_policy(tmp_path: Path) -> None:
    pass_text = MINI_TEXT.replace(
        "      - {id: no, text: {en: No, zh: 反对}, ballot: no}",
        "      - {id: no, text: {en: No, zh: 反对}, ballot: no, policy: [{when: trust < 50, seats: [member]}]}",
    )
    write_scenario(tmp_path, pass_text)
    plan, problems = check(tmp_path)
    assert plan is not None, problems
    game = Game(plan, ["chair"])
    game.choose("call")  # trust 45 < 50: the member now votes no
    game.choose("yes")
    vote = next(e for e in game.log if e.kind == "vote")
    assert vote.tally is not None and vote.tally["ballots"] == {"chair": "yes", "member": "no"}


def test_undo_restores_everything(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["chair"])
    before = (dict(game.values), len(game.log), game.state.minute, game.pending.decision.id)  # type: ignore[union-attr]
    game.choose("call")
    game.choose("yes")
    assert game.over
    game.undo(2)
    assert (dict(game.values), len(game.log), game.state.minute, game.pending.decision.id) == before  # type: ignore[union-attr]
    assert game.choices == [] and not game.over
    with pytest.raises(ChoiceError):
        game.undo()


def test_undo_to_a_middle_decision(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["chair"])
    game.choose("call")
    game.choose("yes")
    game.undo(1)
    assert game.pending is not None and game.pending.decision.id == "fire_vote"
    game.choose("no")
    assert game.ending is not None and game.ending.id == "status_quo"


def test_deterministic_for_a_seed_and_serialisable(mini_plan: Plan) -> None:
    def run(seed: int) -> str:
        game = Game(mini_plan, ["chair"], seed)
        game.choose("call")
        game.choose("yes")
        return json.dumps([(e.minute, e.kind, e.id, e.option, sorted(e.changes.items())) for e in game.log])

    assert run(3) == run(3)
    state = Game(mini_plan, ["chair"]).state
    assert json.dumps({"minute": state.minute, "values": state.values})


def test_chance_depends_only_on_the_seed(tmp_path: Path) -> None:
    text = MINI_TEXT.replace("    title: {en: Letters pile up", "    chance: 0.5\n    title: {en: Letters pile up")
    write_scenario(tmp_path, text)
    plan, _ = check(tmp_path)
    assert plan is not None
    outcomes = set()
    for seed in range(12):
        first = play_historical(plan, ["ceo"], seed)
        again = play_historical(plan, ["ceo"], seed)
        assert [e.id for e in first.log] == [e.id for e in again.log]
        outcomes.add("letters_grow" in first.state.seen)
    assert outcomes == {True, False}


def test_compare_marks_divergence(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["chair"])
    game.choose("wait")
    assert diverged_at(game) == "call_vote"
    assert compare(game) == [("call_vote", "chair", "wait", "call", Verdict.DIVERGED)]


def test_hot_seat_vote_waits_for_every_player(mini_plan: Plan) -> None:
    game = Game(mini_plan, ["chair", "member"])
    game.choose("call")
    assert game.pending is not None and game.pending.waiting == ["chair", "member"]
    game.choose("yes", "chair")
    assert game.pending is not None and game.pending.waiting == ["member"]
    game.choose("no", "member")
    vote = next(e for e in game.log if e.kind == "vote")
    assert vote.tally is not None and vote.tally["passed"] is False


WATCHERS = """
  - id: rumour
    when: chose(call_vote.call)
    title: {en: A rumour, zh: 传言}
    text: {en: Word gets out., zh: 消息传开。}
    effects: {secret: 50}
  - id: echo
    when: seen(rumour) and secret > 55
    title: {en: An echo, zh: 回声}
    text: {en: It spreads., zh: 传得更广。}
    effects: {letters: 1}
  - id: aftermath
    when: decided(fire_vote)
    title: {en: Aftermath, zh: 余波}
    text: {en: The vote is known., zh: 投票结果传开。}
    effects: {letters: 1}
"""

LATE_CALL = """
  - id: late_call
    at: "2023-11-17 10:30"
    until: "2023-11-17 18:00"
    actor: member
    when: letters >= 2
    title: {en: A late call, zh: 一通迟来的电话}
    text: {en: The member phones in., zh: 董事打来电话。}
    options:
      - {id: ring, text: {en: Ring, zh: 打电话}, effects: {trust: 1}}
"""


def test_waiting_items_wake_when_what_they_read_changes(tmp_path: Path) -> None:
    """Events and decisions that wait on chose(), seen(), decided() or a meter fire once that changes, in order."""
    text = MINI_TEXT.replace("endings:\n", WATCHERS.lstrip("\n") + "endings:\n")
    text = text.replace("\nevents:\n", "\n" + LATE_CALL.lstrip("\n") + "events:\n", 1)
    write_scenario(tmp_path, text)
    plan, problems = check(tmp_path)
    assert plan is not None, [p.format() for p in problems]
    # Playing the CEO, everything before 15:00 runs in one go of the clock, which first finds all three
    # events not ready at 09:00: each must be looked at again when what it reads changes.
    game = Game(plan, ["ceo"])
    assert game.pending is not None and game.pending.decision.id == "respond"
    happened = [(e.id, plan.time(e.minute).strftime("%H:%M")) for e in game.log if e.kind != "ending"]
    assert happened == [
        ("call_vote", "10:00"),  # the chair's choice...
        ("rumour", "10:00"),  # ...wakes what reads chose(call_vote.call)
        ("echo", "10:00"),  # then seen(rumour) and the secret it raised
        ("fire_vote", "11:00"),
        ("aftermath", "11:00"),  # decided(fire_vote)
        ("late_call", "11:00"),  # due at 10:30, it waited for the letters the echo and the aftermath sent
    ]
