"""The odds of history: play the week many times with no player and count the endings.

Game i has seed S+i. Every seat decides by its own policy; policies read trust, dispositions (drawn from the
seed) and the state, and rules with a chance draw on the seed too, so games differ only by their luck. Each
ending's share comes with a 95% Wilson score interval.

Which decisions swung the endings: for every decision, X is what happened there (the option its seat took,
or for a vote whether it passed) and E the ending. A decision's swing is the conditional mutual information
I(X; E | the decision came up), in bits, averaged over all games (a game where it never came up adds 0). It
is 0 when the endings are distributed alike whatever happened there, and at most the entropy of the endings.
Each outcome is shown with the ending whose share it moves most, against the games where the decision came
up and went another way. These are associations over the games played, not causes: an outcome that follows
from an earlier one shares its swing.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..engine import Game
from ..scenario.plan import Plan

Z95 = 1.959964  # the normal quantile of a two-sided 95% interval


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion k/n: sound for small n and for shares near 0 or 1."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class EndingOdds:
    ending: str
    games: int
    share: float
    low: float
    high: float
    historical: bool


@dataclass
class Outcome:
    """One way a decision went, and the ending whose share it moved most."""

    value: str  # an option id, or "passed" / "failed" for a vote
    games: int
    ending: str
    share: float  # of that ending in the games where the decision went this way
    otherwise: float  # of that ending in the games where it came up and went another way


@dataclass
class Swing:
    decision: str
    actors: tuple[str, ...]
    vote: bool
    reached: int  # games in which it came up
    bits: float
    outcomes: list[Outcome] = field(default_factory=list)


@dataclass
class Odds:
    scenario: str
    runs: int
    seed: int
    endings: list[EndingOdds]
    swings: list[Swing]

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "runs": self.runs,
            "seed": self.seed,
            "endings": [
                {
                    "ending": e.ending,
                    "historical": e.historical,
                    "games": e.games,
                    "share": round(e.share, 4),
                    "interval95": [round(e.low, 4), round(e.high, 4)],
                }
                for e in self.endings
            ],
            "swings": [
                {
                    "decision": s.decision,
                    "actors": list(s.actors),
                    "vote": s.vote,
                    "reached": s.reached,
                    "bits": round(s.bits, 4),
                    "outcomes": [
                        {
                            "value": o.value,
                            "games": o.games,
                            "ending": o.ending,
                            "share": round(o.share, 4),
                            "otherwise": round(o.otherwise, 4),
                        }
                        for o in s.outcomes
                    ],
                }
                for s in self.swings
            ],
        }


def play(plan: Plan, seed: int) -> tuple[str, dict[str, str]]:
    """One game with no player: its ending, and what happened at each decision that came up."""
    # A full game, not a lean one: only its log says who cast which ballot and whether a vote passed.
    game = Game(plan, [], seed, uid="odds")
    assert game.ending is not None  # with no player nothing waits, so the clock runs to an ending
    went: dict[str, str] = {}
    for entry in game.log:
        if entry.kind in ("decision", "vote") and entry.option is not None:
            went[entry.id] = entry.option  # a vote's entry holds "passed" or "failed" here
    return game.ending.id, went


def _entropy(counts: Counter[str]) -> float:
    n = sum(counts.values())
    return -sum(c / n * math.log2(c / n) for c in counts.values() if c)


def _swing(plan: Plan, decision: str, games: list[tuple[str, str]], runs: int) -> Swing:
    """``games``: (what happened at the decision, ending) for each game in which it came up."""
    endings = Counter(e for _, e in games)
    by_value: dict[str, Counter[str]] = {}
    for value, ending in games:
        by_value.setdefault(value, Counter())[ending] += 1
    n = len(games)
    conditional = sum(sum(c.values()) / n * _entropy(c) for c in by_value.values())
    bits = max(0.0, _entropy(endings) - conditional) * n / runs
    outcomes = []
    for value, counts in sorted(by_value.items(), key=lambda kv: -sum(kv[1].values())):
        k = sum(counts.values())
        rest = n - k

        def moved(ending: str, counts: Counter[str] = counts, k: int = k, rest: int = rest) -> float:
            return abs(counts[ending] / k - ((endings[ending] - counts[ending]) / rest if rest else 0.0))

        top = max(sorted(endings), key=moved)
        otherwise = (endings[top] - counts[top]) / rest if rest else 0.0
        outcomes.append(Outcome(value, k, top, counts[top] / k, otherwise))
    d = plan.decisions[decision]
    return Swing(decision, d.actors, d.vote is not None, n, bits, outcomes)


def odds(plan: Plan, runs: int, seed: int, top: int = 8) -> Odds:
    """Play ``runs`` games with no player (game i has seed ``seed + i``) and report the endings' odds."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    endings: Counter[str] = Counter()
    at: dict[str, list[tuple[str, str]]] = {}
    for i in range(runs):
        ending, went = play(plan, seed + i)
        endings[ending] += 1
        for decision, value in went.items():
            at.setdefault(decision, []).append((value, ending))
    table = []
    for ending_id, count in sorted(endings.items(), key=lambda kv: (-kv[1], kv[0])):
        low, high = wilson(count, runs)
        table.append(EndingOdds(ending_id, count, count / runs, low, high, plan.endings[ending_id].historical))
    swings = [_swing(plan, d, games, runs) for d, games in at.items()]
    swings = [s for s in swings if s.bits > 1e-9]
    swings.sort(key=lambda s: (-s.bits, plan.decisions[s.decision].order))
    return Odds(plan.id, runs, seed, table, swings[:top])


def _percent(x: float) -> str:
    return f"{100 * x:.1f}%"


def report(plan: Plan, result: Odds, lang: str) -> list[str]:
    """The odds as lines of plain text in ``lang``."""
    from ..i18n import t
    from ..narrate import seat_name

    def ending_title(ending: str) -> str:
        return plan.endings[ending].model.title.get(lang)

    lines = [t("odds.title", lang, scenario=plan.model.title.get(lang), runs=result.runs, seed=result.seed), ""]
    lines.append(t("odds.endings", lang))
    width = max(len(ending_title(e.ending)) for e in result.endings) + 2
    for e in result.endings:
        mark = "★" if e.historical else " "
        interval = f"{_percent(e.low)}–{_percent(e.high)}"
        lines.append(f"  {mark} {ending_title(e.ending):<{width}}{e.games:6d}  {_percent(e.share):>6}  {interval}")
    if any(e.historical for e in result.endings):
        lines.append(f"  {t('odds.historical', lang)}")
    lines.append("")
    if not result.swings:
        lines.append(t("odds.none", lang))
    else:
        lines.append(t("odds.swings", lang))
        for swing in result.swings:
            decision = plan.decisions[swing.decision]
            who = t("odds.vote", lang) if swing.vote else ", ".join(seat_name(plan, s, lang) for s in swing.actors)
            title = decision.model.title.get(lang)
            lines.append(
                "  " + t("odds.swing", lang, title=title, who=who, bits=f"{swing.bits:.3f}", reached=swing.reached)
            )
            for o in swing.outcomes:
                value = t(f"vote.{o.value}", lang) if swing.vote else decision.by_id[o.value].model.text.get(lang)
                lines.append(
                    "    "
                    + t(
                        "odds.outcome",
                        lang,
                        value=value,
                        games=o.games,
                        ending=ending_title(o.ending),
                        share=_percent(o.share),
                        otherwise=_percent(o.otherwise),
                    )
                )
    lines += ["", t("odds.method", lang)]
    return lines
