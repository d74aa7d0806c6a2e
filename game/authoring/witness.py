"""Reachability proved by example: lint plays a few games from each seat before it explores every state.

lint asks whether every decision, option and ending can be reached, and whether a decision can come up with
no option open. Exploring every state answers both, at a cost that grows with the scenario: november-2023
has 230,000 states and took half a minute. But a game played from a seat, with the seed exploration uses, is
a path through the very states exploration walks, so what the game reaches, exploration reaches too. When
games have reached everything lint would otherwise warn about, and no decision can come up with nothing open
(each has an option without a condition), exploring could only confirm what the games showed, and lint
skips it. Anything left unshown, and lint explores as before: its warnings, witnesses included, are always
exploration's, never these games'.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from ..engine import Game
from ..scenario.plan import Plan
from . import collector

# States a seat that lint explores before it plays games: below this, exploring costs less than the games.
EXPLORE_FIRST = 2_000
# The games give up after as many rounds (a game from each seat) without anything new as it took to find the
# last new thing, and never fewer than this: november-2023 finds its last option at round 278, after 69 idle.
PATIENCE = 10
# A bound on the rounds, whatever they show: past it, exploring is cheaper than playing on.
MAX_ROUNDS = 2_000


def dead_ends_impossible(plan: Plan) -> bool:
    """Every decision has an option without a condition, so none can come up with nothing open."""
    return all(any(option.when is None for option in decision.options) for decision in plan.decisions.values())


def owed(plan: Plan, seats: Sequence[str]) -> set[tuple[str, ...]]:
    """What lint warns about unless some game reaches it: ("decision", id), ("option", decision, id) and
    ("ending", id). An option of a decision that none of ``seats`` acts in is not owed: which of those the
    others pick is their policy's business, and lint never warns about it (check_reachability)."""
    found: set[tuple[str, ...]] = {("ending", ending) for ending in plan.endings}
    played = set(seats)
    for decision in plan.decisions.values():
        found.add(("decision", decision.id))
        if played.intersection(decision.actors):
            found.update(("option", decision.id, option.id) for option in decision.options)
    return found


def reached_everything(plan: Plan, seats: Sequence[str], seed: int = 0) -> bool:
    """Whether games played from ``seats`` (with ``seed``, as exploration plays) reach everything owed."""
    return not unreached(plan, seats, seed)


def unreached(plan: Plan, seats: Sequence[str], seed: int = 0) -> set[tuple[str, ...]]:
    """What is owed (see ``owed``) and no game played from ``seats`` reached.

    At each decision a game takes the open option taken least often so far, ties broken by a fixed draw: a
    coverage-first walk, the same for the same scenario and seed. (randomtest's ``pick`` shares nothing between
    runs, so that one run can be repeated alone; lint needs no such run, and a walk that remembers what it
    took covers November in 278 rounds against pick's 490.) It stops as soon as nothing is owed, or when
    the rounds since anything new outnumber both the rounds it took to find it and PATIENCE. (Only how long
    lint takes depends on when the games stop, never what it says.)
    """
    left = owed(plan, seats)
    taken: dict[tuple[str, str], int] = {}
    pick = random.Random(seed)
    last_found = 0
    with collector.paused():  # games make no reference cycles; see collector.py
        for round_ in range(1, MAX_ROUNDS + 1):
            before = len(left)
            for seat in seats:
                game = Game(plan, [seat], seed, lean=True)
                while game.pending is not None:
                    decision = game.pending.decision.id
                    open_ = [view.id for view in game.options() if view.available]
                    fewest = min(taken.get((decision, option), 0) for option in open_)
                    choice = pick.choice([o for o in open_ if taken.get((decision, o), 0) == fewest])
                    taken[(decision, choice)] = taken.get((decision, choice), 0) + 1
                    game.choose(choice)
                state = game.state
                left.difference_update(("decision", d) for d in state.decided)
                left.difference_update(("option", d, o) for d, o in state.chosen)
                if game.ending is not None:
                    left.discard(("ending", game.ending.id))
                if not left:
                    return left
            if len(left) < before:
                last_found = round_
            elif round_ - last_found > max(PATIENCE, last_found):
                break
    return left
