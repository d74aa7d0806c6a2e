"""``boardroom odds``: endings of games with no player, their Wilson intervals, and the decisions that swung them."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from game import catalog, paths
from game.authoring.odds import odds, play, report, wilson
from game.cli import main
from game.engine import Game
from game.scenario import Plan

from .test_dispositions import disposed


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [(5, 10, 0.2366, 0.7634), (0, 20, 0.0, 0.1611), (20, 20, 0.8389, 1.0), (81, 263, 0.2553, 0.3662)],
)
def test_wilson_intervals_match_published_values(k: int, n: int, low: float, high: float) -> None:
    # 81/263 and 0/20 are worked examples in Newcombe (1998), Statistics in Medicine 17:857, method 3 (Wilson's
    # score interval without continuity correction); 20/20 mirrors 0/20, and 5/10 is symmetric about one half.
    got = wilson(k, n)
    assert got == pytest.approx((low, high), abs=1e-4)


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    return disposed(tmp_path / "d")  # the member's ballot follows its resolve, drawn per game


def test_odds_count_what_each_seed_plays(plan: Plan) -> None:
    result = odds(plan, 400, 0)
    # Independently of odds(): the member votes no, and the motion fails, exactly where its resolve is below 40.
    wary = sum(1 for seed in range(400) if (Game(plan, [], seed).disposition("member", "resolve") or 0) < 40)
    shares = {e.ending: e.games for e in result.endings}
    assert shares == {"status_quo": wary, "return": 400 - wary}
    assert 0 < wary < 400
    for e in result.endings:
        assert e.low <= e.share <= e.high
        assert (e.low, e.high) == wilson(e.games, 400)
    assert [e.historical for e in result.endings if e.ending == "return"] == [True]


def test_the_swing_of_a_vote_that_decides_everything_is_the_endings_entropy(plan: Plan) -> None:
    result = odds(plan, 400, 0)
    (swing,) = result.swings  # the chair's call is the same in every game, so it swings nothing
    assert swing.decision == "fire_vote" and swing.vote and swing.reached == 400
    p = result.endings[0].share
    assert swing.bits == pytest.approx(-(p * math.log2(p) + (1 - p) * math.log2(1 - p)))
    by_value = {o.value: o for o in swing.outcomes}
    assert by_value["passed"].share == 1.0 and by_value["passed"].otherwise == 0.0
    assert by_value["passed"].games + by_value["failed"].games == 400


def test_odds_are_fixed_by_the_seed_and_change_with_it(plan: Plan) -> None:
    assert odds(plan, 200, 5).to_json() == odds(plan, 200, 5).to_json()
    assert odds(plan, 200, 5).to_json()["endings"] != odds(plan, 200, 900).to_json()["endings"]


def test_odds_on_november_2023() -> None:
    plan, _ = catalog.load_plan(paths.scenarios_dir() / "november-2023")
    assert plan is not None
    result = odds(plan, 60, 11)
    assert sum(e.games for e in result.endings) == 60
    assert all(e.low <= e.share <= e.high for e in result.endings)
    # Each game is the game its seed plays with no player, and it reaches an ending.
    counted: dict[str, int] = {}
    for seed in range(11, 71):
        ending, went = play(plan, seed)
        counted[ending] = counted.get(ending, 0) + 1
        assert went and all(d in plan.decisions for d in went)
    assert counted == {e.ending: e.games for e in result.endings}
    assert all(0 <= s.bits <= 1 + math.log2(len(plan.endings)) for s in result.swings)
    text = "\n".join(report(plan, result, "zh"))
    assert "95% 置信区间" in text and "docs/odds.md" in text


def test_the_odds_command_prints_text_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "d"
    plan = disposed(folder)
    assert main(["odds", str(folder), "-n", "100", "--seed", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads(json.dumps(odds(plan, 100, 3).to_json()))
    assert data["runs"] == 100 and data["swings"][0]["decision"] == "fire_vote"
    assert main(["odds", str(folder), "-n", "100", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "The return" in out and "95% interval" in out and "Remove the CEO (vote)" in out
    assert main(["odds", str(folder), "-n", "0"]) == 2
