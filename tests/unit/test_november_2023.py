"""The flagship scenario: every seat reaches history's ending by history's path, golden paths reach every
ending, every string is in both languages, and every historical item cites a fact."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from game import catalog, paths
from game.engine.game import Game
from game.engine.history import TimeoutReason, historical_pick, timeout_choice
from game.replay import replay
from game.scenario import Plan
from game.scenario.translations import missing_translations

from ..helpers import run_cli
from .golden import GOLDEN_DIR, read_yaml

ROOT = Path(__file__).resolve().parents[2]
SEATS = ["sutskever", "toner", "mccauley", "dangelo", "altman", "brockman", "murati"]
# november-2023.yaml, plus one file per group of seats (november-2023-board.yaml, november-2023-exec.yaml).
GOLDEN = [case for path in sorted(GOLDEN_DIR.glob("november-2023*.yaml")) for case in read_yaml(path)]


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded, problems = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert loaded is not None, "\n".join(p.format() for p in problems)
    return loaded


@pytest.mark.parametrize("seat", SEATS)
def test_historical_replay_reaches_the_historical_ending(plan: Plan, seat: str) -> None:
    result = replay(plan, seat, None).to_json("en")
    assert result["ending_historical"] is True
    assert result["diverged_at"] is None
    assert plan.endings[result["ending"]].historical


def test_historical_replay_from_the_command_line() -> None:
    out = run_cli("replay", "november-2023", "--role", "toner", "--choices", "historical", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["ending_historical"] is True and data["diverged_at"] is None


@pytest.mark.parametrize("case", GOLDEN, ids=lambda c: f"{c['seat']}->{c['ending']}")
def test_golden_paths(plan: Plan, case: dict) -> None:  # type: ignore[type-arg]
    result = replay(plan, case["seat"], case["choices"], case.get("seed", 0)).to_json("en")
    assert result["ending"] == case["ending"]


def test_golden_paths_cover_every_ending(plan: Plan) -> None:
    assert {c["ending"] for c in GOLDEN} == set(plan.endings)


def test_shape(plan: Plan) -> None:
    assert {s.id for s in plan.model.seats if s.playable} >= set(SEATS)
    assert {plan.seats[s].kind for s in SEATS[:4]} == {"board"}
    assert {plan.seats[s].kind for s in SEATS[4:]} == {"executive"}
    per_seat: Counter[str] = Counter()
    for decision in plan.decisions.values():
        assert len(decision.options) >= 3 or decision.vote is not None, decision.id
        for actor in decision.actors:
            per_seat[actor] += 1
        if decision.vote is None:
            assert sum(1 for o in decision.options if o.historical_for) <= 1, decision.id
    for seat in SEATS:
        assert per_seat[seat] >= 8, (seat, per_seat[seat])
    assert len([m for m in plan.model.meters if m.visible]) >= 5
    assert len(plan.endings) >= 6
    assert [e.id for e in plan.endings.values() if e.historical] and sum(
        e.historical for e in plan.endings.values()
    ) == 1
    assert any(e.trigger == "early" for e in plan.endings.values())
    signatures = next(c for c in plan.model.counters if c.id == "signatures")
    assert signatures.max == 770
    start, end = plan.model.clock.start, plan.model.clock.end
    assert start.startswith("2023-11-16") and end.startswith("2023-11-22")


def test_votes_follow_the_boards_rules(plan: Plan) -> None:
    votes = [d for d in plan.decisions.values() if d.vote is not None]
    assert len(votes) >= 4
    board = {"altman", "brockman", "sutskever", "toner", "mccauley", "dangelo"}
    # History's motion: Brockman was left off the call, so he is no voter at all (not a recused one).
    historical = plan.decisions["vote_remove"].vote
    assert set(historical.voters) == board - {"brockman"}
    assert [r.seat for r in historical.recuse] == ["altman"]
    # With the chair invited, or kept on the board, all six are on the call.
    for motion in ("vote_remove_with_chair", "vote_remove_ceo"):
        assert set(plan.decisions[motion].vote.voters) == board


def test_every_string_in_both_languages(plan: Plan) -> None:
    missing = missing_translations(plan.model)
    assert missing == []
    for seat in SEATS:
        s = plan.seats[seat]
        for text in (s.name, s.role, s.bio, s.private, s.objective):
            assert text.en and text.zh


def test_every_historical_item_cites_a_fact(plan: Plan) -> None:
    for decision in plan.decisions.values():
        assert decision.model.sources, decision.id
        for option in decision.options:
            if option.historical_for:
                assert option.model.sources, (decision.id, option.id)
    for event in plan.events.values():
        assert event.model.sources, event.id
    for ending in plan.endings.values():
        assert ending.model.sources, ending.id
        assert len(ending.model.questions) >= 3, ending.id
        assert ending.model.history is not None, ending.id


def test_running_out_of_time_on_a_ballot_abstains(flagship_plan: Plan) -> None:
    """Under a class timer a silent director abstains; she never casts history's ballot by default."""
    votes = [d for d in flagship_plan.decisions.values() if d.vote is not None]
    assert len(votes) >= 20
    for decision in votes:
        defaults = [o for o in decision.options if o.model.inaction]
        assert [(o.id, o.ballot) for o in defaults] == [("abstain", "abstain")], decision.id


# Decisions whose real course of doing nothing is one option (an earlier review listed them; each was read
# before it was marked): a player whose time runs out with on_timeout=inaction takes exactly that one.
DOING_NOTHING = {
    "brk_public": "silent",
    "nad_offer": "wait",
    "mur_sign": "abstain",
    "toner_followup": "let_it_go",
    "mur_memo": "hold",
    "dangelo_nofire": "status_quo",
    "mccauley_anthropic": "no_contact",
    "nf_mcc_fri": "nothing",
    "brk_stay_fri": "quiet",
    "brk_sun_post": "say_nothing",
    "brk_stay_mon": "dont_sign",
    "away_mon": "silence",
    "gw_sut_sun": "quiet",
    "gw_toner_sun": "quiet",
    "gw_mcc_sun": "quiet",
    "gw_dan_sun": "quiet",
    "nf_toner_wed": "silent",
    "nc_wed": "quiet",
    "nf_sut_tue": "nothing",
    "nf_tue": "later",
    "nf_toner_mon": "wait",
    "nf_mcc_thu": "step_back",
}


@pytest.mark.parametrize("decision_id", sorted(DOING_NOTHING))
def test_doing_nothing_is_the_one_inaction(flagship_plan: Plan, decision_id: str) -> None:
    decision = flagship_plan.decisions[decision_id]
    assert [o.id for o in decision.options if o.model.inaction] == [DOING_NOTHING[decision_id]]


def test_running_out_of_time_on_the_memo_holds_it(flagship_plan: Plan) -> None:
    """Murati, following history until the memo comes up, lets her time run out: she holds it, not sends it."""
    game = Game(flagship_plan, ["murati"], 0)
    while game.pending is not None and game.pending.decision.id != "mur_memo":
        game.choose(historical_pick(game).id)
    assert game.pending is not None
    taken = timeout_choice(game, "inaction")
    assert (taken.option.id, taken.reason) == ("hold", TimeoutReason.INACTION)
    game.choose(taken.option.id, timed_out=True)
    assert ("mur_memo", "hold") in game.state.chosen


def _return_ballots(plan: Plan, seed: int) -> tuple[Game, dict[str, str] | None]:
    """A game with no player, and the ballots of its return vote if it came to one."""
    game = Game(plan, [], seed)
    for entry in game.log:
        if entry.kind == "vote" and entry.id == "vote_return":
            return game, dict(entry.tally["ballots"])
    return game, None


def test_the_return_vote_follows_the_directors_not_a_script(flagship_plan: Plan) -> None:
    """With nobody playing, whether Toner takes Altman back comes from her drawn resolve and the state: the
    same week with other seeds goes both ways, and under the letter and the investors' pressure (the board
    silent) she gives way exactly where her resolve is below 85 or her trust in Altman has come up to it."""
    toner_votes: Counter[str] = Counter()
    under_pressure = 0
    endings: Counter[str] = Counter()
    for seed in range(60):
        game, ballots = _return_ballots(flagship_plan, seed)
        assert game.ending is not None
        endings[game.ending.id] += 1
        if ballots is None:
            continue
        toner_votes[ballots["toner"]] += 1
        values = game.state.values
        if not values["board_gave_reasons"] and values["investors_push"] and values["signatures"] >= 500:
            under_pressure += 1
            resolve = game.disposition("toner", "resolve")
            trust = game.trust("toner", "altman")
            assert resolve is not None and trust is not None
            assert (ballots["toner"] == "yes_return") == (resolve < 85 or trust >= resolve), (seed, resolve, trust)
    assert toner_votes["yes_return"] > 0 and toner_votes["no_return"] > 0, toner_votes
    assert under_pressure > 0
    assert 0 < endings["historical_return"] < sum(endings.values()), endings
