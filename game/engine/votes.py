"""Tallying a vote under the rules the scenario states."""

from __future__ import annotations

from ..scenario.plan import DecisionPlan, VotePlan, needed_votes
from ..scenario.text import LText


def needed(vote: VotePlan, base: int) -> int:
    """Yes votes needed to pass, over ``base`` counted seats."""
    return needed_votes(vote.threshold, base)


def tally(
    vote: VotePlan, decision: DecisionPlan, cast: dict[str, str], recused: dict[str, LText | None]
) -> dict[str, object]:
    counts = {"yes": 0, "no": 0, "abstain": 0}
    for option_id in cast.values():
        ballot = decision.by_id[option_id].ballot or "abstain"
        counts[ballot] += 1
    present = len([s for s in vote.voters if s not in recused])
    base = present if vote.base == "present" else len(vote.voters)
    need = needed(vote, base)
    quorate = present >= vote.quorum
    return {
        "ballots": dict(cast),
        "recused": sorted(recused),
        "counts": counts,
        "present": present,
        "needed": need,
        "quorate": quorate,
        "passed": quorate and counts["yes"] >= need and need > 0,
    }
