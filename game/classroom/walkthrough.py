"""A playthrough rebuilt from a save, step by step: what each seat was offered, chose, and what history did.

This is the one record that transcripts, debriefs and class reports are made from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import saves
from ..engine import ChoiceError, Game
from ..engine.history import diverged_at
from ..narrate import entry_text
from ..scenario.plan import Plan
from ..verdict import Verdict, verdict


@dataclass
class Offered:
    id: str
    text: str
    available: bool
    reason: str | None


@dataclass
class Step:
    minute: int
    time: str
    decision: str
    title: str
    seat: str
    offered: list[Offered]
    chosen: str
    historical: str | None
    sources: list[str]
    timed_out: bool = False

    @property
    def diverged(self) -> bool:
        return self.historical is not None and self.historical != self.chosen

    @property
    def verdict(self) -> Verdict:
        return verdict(self.chosen, self.historical, self.timed_out)

    @property
    def verdict_key(self) -> str:
        """The string key of what every screen and printout says about this choice beside history."""
        return f"verdict.{self.verdict.value}"


@dataclass
class Walkthrough:
    plan: Plan
    game: Game
    lang: str
    steps: list[Step] = field(default_factory=list)
    stopped: str | None = None  # set when the scenario changed and the save no longer fits
    names: dict[str, str] = field(default_factory=dict)  # seat -> who played it, where known (a class's table)

    @property
    def seats(self) -> list[str]:
        return sorted(self.game.players)

    @property
    def ending(self) -> str | None:
        return self.game.ending.id if self.game.ending else None

    @property
    def diverged_at(self) -> str | None:
        return diverged_at(self.game)

    def events(self) -> list[tuple[str, str, str]]:
        """(time, headline, detail) for every event the players' seats saw."""
        out = []
        for entry in self.game.log:
            if entry.kind != "event":
                continue
            if entry.visible_to is not None and not (entry.visible_to & self.game.players):
                continue
            head, detail = entry_text(self.game, entry, self.lang)
            out.append((self.plan.time(entry.minute).strftime("%a %d %b %H:%M"), head, detail))
        return out

    def to_data(self) -> dict[str, Any]:
        """The machine-readable summary embedded in transcripts, read back by class reports."""
        return {
            "format": "boardroom-transcript",
            "version": 1,
            "scenario": self.plan.id,
            "game_id": self.game.uid,
            "seats": self.seats,
            "ending": self.ending,
            "ending_historical": bool(self.game.ending and self.game.ending.historical),
            "diverged_at": self.diverged_at,
            "choices": [[s.decision, s.seat, s.chosen] for s in self.steps],
            "timeouts": [i for i, s in enumerate(self.steps) if s.timed_out],
        }


def walk(plan: Plan, data: saves.SaveFile, lang: str | None = None) -> Walkthrough:
    """Replay a save, recording what was offered at each choice."""
    lang = lang or data.lang
    try:
        game = Game(plan, data.seats, data.seed, uid=data.game_id or None)
    except ChoiceError as exc:  # a save names seats the scenario does not have
        raise saves.SaveError(f"this save does not fit the scenario: {exc}") from None
    result = Walkthrough(plan, game, lang)
    timeouts = set(data.timeouts)
    for index, (decision_id, seat, option_id) in enumerate(data.choices):
        pending = game.pending
        if pending is None or pending.decision.id != decision_id or seat not in pending.waiting:
            result.stopped = f"the scenario has changed: the save's choice at '{decision_id}' no longer fits"
            break
        decision = pending.decision
        offered = [
            Offered(v.id, v.option.model.text.get(lang), v.available, v.reason.get(lang) if v.reason else None)
            for v in game.options(seat)
        ]
        marked = game.historical_option(decision, seat)
        step = Step(
            game.state.minute,
            plan.time(game.state.minute).strftime("%a %d %b %H:%M"),
            decision.id,
            decision.model.title.get(lang),
            seat,
            offered,
            option_id,
            marked.id if marked else None,
            list(decision.model.sources),
            index in timeouts,
        )
        try:
            game.choose(option_id, seat, timed_out=index in timeouts)
        except Exception as exc:
            result.stopped = f"the scenario has changed: {exc}"
            break
        result.steps.append(step)
    return result
