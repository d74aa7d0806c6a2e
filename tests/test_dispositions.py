"""Dispositions: seats' traits drawn per game from the seed, read by the policies of seats no person plays."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.randomtest import randomtest
from game.engine import Game
from game.engine.history import diverged_at, play_historical
from game.scenario import Plan

from .helpers import MINI_TEXT, line_of, mini_with, problems_for
from .test_authoring import _plain_randomtest

MEMBER = "    playable: false\n"
NO = "{id: no, text: {en: No, zh: 反对}, ballot: no}"
# The unplayed member votes no in games where its resolve was drawn below 40.
NO_POLICY = '{id: no, text: {en: No, zh: 反对}, ballot: no, policy: [{seats: [member], when: "disposition(member, resolve) < 40"}]}'


def disposed(folder: Path) -> Plan:
    return mini_with(folder, {MEMBER: MEMBER + "    disposition: {resolve: [0, 100], calm: [5, 5]}\n", NO: NO_POLICY})


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    return disposed(tmp_path / "d")


def test_traits_are_drawn_from_the_seed_within_their_range(plan: Plan) -> None:
    drawn = [Game(plan, ["chair"], seed).disposition("member", "resolve") for seed in range(200)]
    assert all(v is not None and 0 <= v <= 100 for v in drawn)
    assert len(set(drawn)) > 50  # they differ from seed to seed
    assert Game(plan, ["chair"], 7).disposition("member", "resolve") == drawn[7]  # and are fixed by it
    assert Game(plan, ["chair"], 7).disposition("member", "calm") == 5
    assert Game(plan, ["chair"], 7).disposition("member", "greed") is None
    assert Game(plan, ["chair"], 7).disposition("chair", "resolve") is None


def test_an_unplayed_directors_ballot_follows_its_drawn_disposition(plan: Plan) -> None:
    outcomes = {}
    for seed in range(60):
        game = Game(plan, ["chair"], seed)
        game.choose("call")
        game.choose("yes")
        resolve = game.disposition("member", "resolve")
        assert resolve is not None
        assert game.values["fired"] is (resolve >= 40), seed  # no from the member: 1-1, the motion fails
        outcomes[seed] = game.ending.id if game.ending else None
    assert {"return", "status_quo"} <= set(outcomes.values())
    again = Game(plan, ["chair"], 3)
    again.choose("call")
    again.choose("yes")
    assert again.ending is not None and again.ending.id == outcomes[3]  # deterministic for a seed


def test_reading_a_disposition_is_luck_so_randomtest_does_not_reuse_it(plan: Plan) -> None:
    game = Game(plan, ["chair"], 1, lean=True)
    before = game.draws
    game.choose("call")
    assert game.draws == before  # the vote waits for the chair's ballot
    game.choose("yes")  # now the member's policy reads its resolve
    assert game.draws > before
    batch = randomtest(plan, 150, 5, mode="memo").to_json(plan)
    plain = randomtest(plan, 150, 5, mode="plain").to_json(plan)
    assert batch == plain
    plain = _plain_randomtest(plan, 150, 5)
    assert batch["choices"] == plain["choices"] and batch["endings"] == plain["endings"]
    assert {k: v for k, v in batch["options"].items() if v} == plain["options"]


def test_a_fork_under_another_seed_leaves_the_original_alone(plan: Plan) -> None:
    game = Game(plan, ["chair"], 11)
    twin = game.fork()
    twin.seed = 12
    assert game.seed == 11 and game.disposition("member", "resolve") == Game(plan, ["chair"], 11).disposition(
        "member", "resolve"
    )
    assert twin.disposition("member", "resolve") == Game(plan, ["chair"], 12).disposition("member", "resolve")


def test_history_still_follows_history_with_dispositions(plan: Plan) -> None:
    game = play_historical(plan, ["ceo"], seed=0)
    assert diverged_at(game) is None


def test_disposition_errors_are_located(tmp_path: Path) -> None:
    text = MINI_TEXT.replace(MEMBER, MEMBER + "    disposition: {resolve: [80, 20]}\n").replace(
        "when: fired\n", 'when: "fired and disposition(member, resolv) > 1 and disposition(ceo, resolve) > 1"\n'
    )
    errors = [(p.line, p.message) for p in problems_for(tmp_path / "a", text)]
    assert (line_of(text, "disposition: {resolve"), "'resolve': low 80 is above high 20") in errors
    assert (
        line_of(text, "disposition(member, resolv)"),
        "in condition: seat 'member' has no disposition trait 'resolv'; did you mean 'resolve'?",
    ) in errors
    assert len(errors) == 2
    text = MINI_TEXT.replace("when: fired\n", 'when: "disposition(nobody, resolve) > 1"\n')
    errors = [(p.line, p.message) for p in problems_for(tmp_path / "b", text)]
    assert errors == [(line_of(text, "disposition(nobody"), "in condition: unknown seat 'nobody'")]


def test_lint_warns_about_a_trait_nothing_reads(plan: Plan) -> None:
    from game.authoring.lint import lint

    unused = [p for p in lint(plan) if "disposition trait" in p.message]
    assert [p.message for p in unused] == ["disposition trait 'calm' of 'member' is read by no condition"]
    assert unused[0].severity == "warning"


def test_replaying_history_has_every_seat_follow_history_whatever_it_drew(plan: Plan) -> None:
    from game.replay import replay

    # The member's drawn resolve makes its policy vote no in some games; history is still history in all of them.
    wary = [s for s in range(40) if (Game(plan, [], s).disposition("member", "resolve") or 0) < 40]
    assert wary
    for seed in wary[:5]:
        for seat in ("chair", "ceo"):
            result = replay(plan, seat, None, seed)
            assert result.game.ending is not None and result.game.ending.historical
            assert diverged_at(result.game) is None
            assert play_historical(plan, [seat], seed).ending == result.game.ending
        # Played for real, the same seed goes the other way: the policies, not history, decide.
        game = Game(plan, ["chair"], seed)
        game.choose("call")
        game.choose("yes")
        assert game.ending is not None and not game.ending.historical


def test_a_comparison_the_range_settles_draws_nothing() -> None:
    from game.scenario.expr import ORDER, Symbols, compile_condition

    symbols = Symbols(
        numbers={"x"}, seats={"a"}, traits={"a": {"r"}}, trait_ranges={("a", "r"): (40, 60)}, stance=False
    )

    class Luck:
        draws = 0

        def trait(self, seat: str, trait: str) -> int:
            self.draws += 1
            return 50

        def order(self, seat: str, trait: str, op: str, x: int, flipped: bool) -> bool:
            return ORDER[op](self.trait(seat, trait), x) if flipped else ORDER[op](x, self.trait(seat, trait))

    class State:
        def __init__(self, x: int) -> None:
            self.values = {"x": x}
            self.luck = Luck()

    # x -> (result, draws): with D in 40..60, only an x the range does not settle needs D drawn (it is 50 here).
    cases = {
        "x >= disposition(a, r)": {30: (False, 0), 50: (True, 1), 60: (True, 0), 70: (True, 0)},
        "disposition(a, r) > x": {30: (True, 0), 40: (True, 1), 50: (False, 1), 70: (False, 0)},
        "x < disposition(a, r)": {39: (True, 0), 45: (True, 1), 60: (False, 0)},
    }
    for source, expected in cases.items():
        condition = compile_condition(source, symbols)
        for x, (want, draws) in expected.items():
            state = State(x)
            assert condition(state) is want, (source, x)
            assert state.luck.draws == draws, (source, x)


def test_randomtest_reuses_a_lucky_step_for_seeds_that_answer_alike(tmp_path: Path) -> None:
    from game.authoring.randomtest import Batch, Memory, _Tally, play_one

    # Luck of both kinds on the same step: the member's resolve against a line, and an event's chance.
    lucky = mini_with(
        tmp_path / "l",
        {
            MEMBER: MEMBER + "    disposition: {resolve: [0, 100]}\n",
            NO: NO_POLICY,
            "  - id: uproar\n": '  - id: rumour\n    at: "2023-11-17 11:00"\n    chance: 0.5\n'
            "    title: {en: A rumour, zh: 传言}\n    text: {en: Word gets out., zh: 消息传开了。}\n"
            "    effects: {secret: 5}\n  - id: uproar\n",
        },
    )
    memory, batch, tally = Memory(lucky), Batch(), _Tally()
    for seed in range(200):
        play_one(lucky, "chair", seed, seed * 2, batch, memory, tally)  # even seeds: the chair's seat
    assert batch.errors == []
    # Each step that drew on luck played the clock once per pattern of answers, and every other seed reused it:
    # a pattern is stored once, and there are at most 2**questions of them.
    stored = [asked for n in memory.nodes.values() for found in n.lucky.values() for asked, _ in found]
    assert memory.misses == len(stored) and memory.steps >= 300
    for node in memory.nodes.values():
        for found in node.lucky.values():
            patterns = [tuple(q[3] for q in asked) for asked, _ in found]
            assert len(set(patterns)) == len(patterns) <= 2 ** max(len(asked) for asked, _ in found)
    assert randomtest(lucky, 300, 2, mode="memo").to_json(lucky) == randomtest(lucky, 300, 2, mode="plain").to_json(
        lucky
    )


def test_luck_answers_only_for_seeds_that_answer_every_question_alike() -> None:
    from game.engine.rng import Luck

    luck = Luck(1, {("a", "r"): (0, 100)})
    luck.asked = []
    came_up = luck.chance(0.5, "event", "x")
    luck.draw("raw")
    high = luck.order("a", "r", ">=", 50, True)  # the trait >= 50
    asked = tuple(luck.asked)
    assert [q[0] for q in asked] == ["chance", "draw", "order"]
    assert luck.answers(asked, 1)
    assert not luck.answers(asked, 2)  # another seed draws another raw number
    for seed in range(2, 60):
        other = Luck(seed, luck.traits)
        alike = other.chance(0.5, "event", "x") == came_up and other.order("a", "r", ">=", 50, True) == high
        assert luck.answers(asked[:1] + asked[2:], seed) == alike
