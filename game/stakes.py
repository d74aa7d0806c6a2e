"""How much an option stakes, as Reigns previews it: the size of the moves it carries, never their direction.

An option's stakes are read from its own effects on the meters a player can see and from the trust in the
chooser it moves, as the state stands now (a move a bound would clip counts only as far as it can go).
Each move counts as points on a 0-100 scale: a meter's move over its range, a trust move as it is. The
sum falls into a band: none, a nudge (up to 5 points), a push (up to 15), a shove (more). The bands are the
scale's own fractions (a twentieth, about a seventh), not tuned to any scenario. What the option leads to
later (a vote, an event, the next decision) is not counted: the preview promises only what the option
itself carries.

Pure: no UI.
"""

from __future__ import annotations

from .engine import Game
from .scenario.plan import OptionPlan, Plan
from .scenario.stance import HIGH, LOW, trust_key

NUDGE = 5  # points at most for stakes of 1
PUSH = 15  # points at most for stakes of 2; more is 3


def _spans(plan: Plan) -> dict[str, tuple[int, int]]:
    """The visible numbers a move can be measured on: meters, and counters that have a maximum."""
    spans = {m.id: (m.min, m.max) for m in plan.model.meters if m.visible}
    spans.update({c.id: (0, c.max) for c in plan.model.counters if c.visible and c.max})
    return spans


def points(game: Game, option: OptionPlan, seat: str) -> float:
    """The size of the moves ``option`` carries for ``seat`` now, in points on a 0-100 scale."""
    values = game.values
    spans = _spans(game.plan)
    total = 0.0
    for effect in option.effects:
        span = spans.get(effect.name)
        if span is None or isinstance(effect.value, bool):
            continue
        low, high = span
        old = int(values[effect.name])
        new = old + effect.value if effect.op == "add" else effect.value
        new = min(high, max(low, new))
        total += abs(new - old) * 100 / max(1, high - low)
    for move in option.trust:
        if (move.subject or seat) != seat or move.observer == seat:
            continue  # only the trust in the chooser is the chooser's to see (the characters panel)
        old = int(values.get(trust_key(move.observer, seat), 0))
        total += abs(min(HIGH, max(LOW, old + move.change)) - old)
    return total


def level(score: float) -> int:
    """0 (nothing visible moves), 1 (a nudge), 2 (a push) or 3 (a shove)."""
    if score <= 0:
        return 0
    if score <= NUDGE:
        return 1
    if score <= PUSH:
        return 2
    return 3


def stakes(game: Game, option: OptionPlan, seat: str) -> int:
    return level(points(game, option, seat))
