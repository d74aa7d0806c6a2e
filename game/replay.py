"""Headless replay: play a seat from a list of choices and report what happened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .engine import Game
from .engine.history import diverged_at, historical_pick
from .i18n import clock, t
from .narrate import log_lines, seat_name
from .scenario.plan import Plan


class ReplayError(ValueError):
    pass


@dataclass
class ReplayResult:
    game: Game
    role: str
    # Decisions where history was asked for but the record is silent, so the seat's policy chose.
    silent: tuple[str, ...] = ()

    def to_json(self, lang: str) -> dict[str, Any]:
        game = self.game
        plan = game.plan
        return {
            "scenario": plan.id,
            "role": self.role,
            "seed": game.seed,
            "lang": lang,
            "choices": [c.option for c in game.choices],
            "decisions": [c.decision for c in game.choices],
            "ending": game.ending.id if game.ending else None,
            "ending_historical": bool(game.ending and game.ending.historical),
            "diverged_at": diverged_at(game),
            "silent": list(self.silent),
            "clock": plan.time(game.state.minute).strftime("%Y-%m-%d %H:%M"),
            "values": dict(game.values),
            "stances": {v.seat: v.value for v in game.stances(self.role)},
            "transcript": log_lines(game, self.role, lang),
        }

    def transcript(self, lang: str) -> str:
        game = self.game
        plan = game.plan
        head = [
            f"{plan.model.title.get(lang)} — {seat_name(plan, self.role, lang)}",
            "",
        ]
        lines = log_lines(game, self.role, lang)
        tail = []
        taken = {c.decision: c.option for c in game.choices}
        for decision_id in self.silent:
            decision = plan.decisions[decision_id]
            option = decision.by_id[taken[decision_id]].model.text.get(lang)
            tail.append(f"{decision.model.title.get(lang)}: {t('ui.debrief.silent', lang)} → {option}")
        if game.ending:
            tail += ["", game.ending.model.text.get(lang)]
        return "\n".join(head + lines + tail + ["", clock(plan.time(game.state.minute), lang, plan.model.clock.zone)])


def replay(plan: Plan, role: str, choices: list[str] | None, seed: int = 0) -> ReplayResult:
    """``choices=None`` follows history; otherwise one option id per decision of ``role``."""
    if role not in plan.seats:
        raise ReplayError(f"unknown seat '{role}'; seats: {', '.join(plan.seats)}")
    # Replaying history means every seat does what history did, whatever the seed draws for their dispositions;
    # once the player leaves it, the others act by their policies.
    game = Game(plan, [role], seed, history=choices is None)
    queue = list(choices or [])
    silent: list[str] = []

    def history() -> str:
        pending = game.pending
        assert pending is not None
        if game.historical_option(pending.decision, pending.seat) is None:
            silent.append(pending.decision.id)
        return historical_pick(game).id

    while not game.over:
        pending = game.pending
        assert pending is not None
        available = [o.id for o in game.options() if o.available]
        if choices is None:
            game.choose(history())
            continue
        if not queue:
            raise ReplayError(
                f"the choices ran out at decision '{pending.decision.id}' (options: {', '.join(available)})"
            )
        wanted = queue.pop(0)
        if wanted == "historical":
            wanted = history()
        if wanted not in available:
            raise ReplayError(
                f"'{wanted}' is not an available option at decision '{pending.decision.id}' "
                f"(options: {', '.join(available)})"
            )
        game.choose(wanted)
    if queue:
        raise ReplayError(f"the game ended with {len(queue)} choice(s) unused: {', '.join(queue)}")
    return ReplayResult(game, role, tuple(silent))
