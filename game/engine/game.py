"""The simulation: a clock that runs decisions and events in time order until an ending.

Seats that a person plays wait for ``choose``; every other seat decides by its
policy. Everything else about a game follows from the plan, the seed and the
list of choices, which is what saves store and undo rewinds.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..scenario.plan import DecisionPlan, Effect, EndingPlan, EventPlan, OptionPlan, Plan
from ..scenario.text import LText
from . import policy, votes
from .rng import draw
from .state import Choice, LogEntry, State

MAX_STEPS = 100_000  # a scenario cannot loop forever: each item fires once, but guard anyway
_NONE: list = []  # type: ignore[type-arg]  # shared and never changed: "no newcomers"


class ChoiceError(ValueError):
    """A choice that does not fit the game as it stands (replays of old saves hit this)."""


@dataclass
class OptionView:
    option: OptionPlan
    available: bool
    reason: LText | None

    @property
    def id(self) -> str:
        return self.option.id


@dataclass
class Pending:
    """A decision waiting for the people who play its seats."""

    decision: DecisionPlan
    waiting: list[str]
    ballots: dict[str, str] = field(default_factory=dict)
    recused: dict[str, LText | None] = field(default_factory=dict)

    @property
    def seat(self) -> str:
        return self.waiting[0]

    def copy(self) -> Pending:
        return Pending(self.decision, list(self.waiting), dict(self.ballots), dict(self.recused))


@dataclass
class _Mark:
    state: State
    log: int
    trajectory: int
    pending: Pending
    previous: dict[str, int | bool]


class Game:
    def __init__(self, plan: Plan, seats: Iterable[str], seed: int = 0, *, lean: bool = False, uid: str | None = None):
        """``lean`` games keep no undo marks or trajectory: the authoring tools play millions of them."""
        self.plan = plan
        self.players = frozenset(seats)
        unknown = self.players - set(plan.seats)
        if unknown:
            raise ChoiceError(f"unknown seat(s): {', '.join(sorted(unknown))}")
        self.seed = seed
        # Names this playthrough in saves and transcripts; it never affects the simulation.
        self.uid = uid or uuid.uuid4().hex
        self.state = State(0, dict(plan.initial), self.players)
        self.log: list[LogEntry] = []
        self.choices: list[Choice] = []
        self.trajectory: list[tuple[int, dict[str, int | bool]]] = [(0, dict(plan.initial))]
        self.ending: EndingPlan | None = None
        self.pending: Pending | None = None
        self.previous: dict[str, int | bool] = dict(plan.initial)  # values at the last decision point
        self._marks: list[_Mark] = []
        self.lean = lean
        self.skipped: list[str] = []  # decisions that came up with no option available
        self.draws = 0
        self.advance()

    def fork(self) -> Game:
        """A lean copy that can play on without touching this game."""
        twin = Game.__new__(Game)
        twin.plan = self.plan
        twin.players = self.players
        twin.seed = self.seed
        twin.uid = self.uid
        twin.state = self.state.copy()
        twin.log = []
        twin.choices = list(self.choices)
        twin.trajectory = []
        twin.ending = self.ending
        twin.pending = self.pending.copy() if self.pending else None
        twin.previous = self.previous
        twin._marks = []
        twin.lean = True
        twin.skipped = list(self.skipped)
        twin.draws = self.draws
        return twin

    def chance(self, *keys: object) -> float:
        """A draw from the game's seed. Counted, so tools can tell whether a step depended on luck."""
        self.draws += 1
        return draw(self.seed, *keys)

    # --- queries -------------------------------------------------------------

    @property
    def over(self) -> bool:
        return self.ending is not None

    @property
    def values(self) -> dict[str, int | bool]:
        return self.state.values

    def options(self, seat: str | None = None) -> list[OptionView]:
        """The pending decision's options for ``seat``; hidden unavailable options are left out."""
        if self.pending is None:
            return []
        views = []
        for option in self.pending.decision.options:
            ok = option.when is None or option.when(self.state)
            if not ok and option.model.unavailable == "hide":
                continue
            views.append(OptionView(option, ok, None if ok else option.model.reason))
        return views

    def historical_option(self, decision: DecisionPlan, seat: str) -> OptionPlan | None:
        for option in decision.options:
            if seat in option.historical_for:
                return option
        return None

    def visible_log(self, seat: str | None) -> list[LogEntry]:
        return [e for e in self.log if e.visible(seat)]

    def changes_since_last_decision(self) -> dict[str, int]:
        return {
            k: int(v) - int(self.previous.get(k, v))
            for k, v in self.state.values.items()
            if not isinstance(v, bool) and v != self.previous.get(k, v)
        }

    # --- actions -------------------------------------------------------------

    def choose(self, option_id: str, seat: str | None = None) -> None:
        pending = self.pending
        if pending is None:
            raise ChoiceError("no decision is waiting")
        seat = seat or pending.seat
        if seat not in pending.waiting:
            raise ChoiceError(f"seat '{seat}' is not deciding '{pending.decision.id}' now")
        option = pending.decision.by_id.get(option_id)
        if option is None:
            raise ChoiceError(f"decision '{pending.decision.id}' has no option '{option_id}'")
        if option.when is not None and not option.when(self.state):
            raise ChoiceError(f"option '{option_id}' is not available now")
        if not self.lean:
            self._marks.append(
                _Mark(self.state.copy(), len(self.log), len(self.trajectory), pending.copy(), dict(self.previous))
            )
        self.previous = dict(self.state.values)
        self.choices.append(Choice(pending.decision.id, seat, option_id))
        pending.waiting.remove(seat)
        if pending.decision.vote is not None:
            pending.ballots[seat] = option_id
            if pending.waiting:
                return  # the next player casts a ballot on the same state
            self.pending = None
            self._resolve_vote(pending.decision, pending.ballots, pending.recused)
        else:
            self.pending = None
            self._apply_option(pending.decision, seat, option, by_player=True)
        self.advance()

    def undo(self, steps: int = 1) -> None:
        """Go back ``steps`` choices; the game is exactly as it was before them."""
        if steps < 1 or steps > len(self._marks):
            raise ChoiceError(f"cannot undo {steps} choice(s); {len(self._marks)} made")
        target = len(self._marks) - steps
        mark = self._marks[target]
        del self._marks[target:]
        del self.choices[target:]
        del self.log[mark.log :]
        del self.trajectory[mark.trajectory :]
        self.state = mark.state.copy()
        self.ending = None
        self.previous = dict(mark.previous)
        self.pending = mark.pending.copy()

    # --- the clock -----------------------------------------------------------

    def advance(self) -> None:
        """Run until a person must choose or the game ends."""
        # Conditions read the state, never the clock. So while the state stays the same, an item that was
        # waiting for its condition is still waiting, and only items that have just come due need a look.
        changed = True
        before = self.state.minute
        for _ in range(MAX_STEPS):
            if self.ending is not None or self.pending is not None:
                return
            new_events, new_decisions = self._read_timeline(before)
            before = self.state.minute
            if changed or new_events:
                changed = self._fire_events(None if changed else new_events) or changed
            if changed and self._check_early():
                return
            if changed or new_decisions:
                decision = self._due_decision(None if changed else new_decisions)
                if decision is not None:
                    self._start(decision)
                    changed = True
                    continue
            changed = False
            following = self._next_time()
            if following is None or following > self.plan.length:
                self.state.minute = max(self.state.minute, self.plan.length)
                self._finish()
                return
            self.state.minute = following
        raise RuntimeError("the simulation did not settle; a scenario item fires repeatedly")

    def _read_timeline(self, before: int) -> tuple[list[EventPlan], list[DecisionPlan]]:
        """Move every item whose time has come onto the waiting lists, and return the newcomers."""
        state, plan = self.state, self.plan
        timed, minute = plan.timed_events, state.minute
        i, j = state.event_cursor, state.decision_cursor
        if (
            not state.led
            and (i >= len(timed) or timed[i].at > minute)  # type: ignore[operator]
            and (j >= len(plan.scheduled) or plan.scheduled[j].at > minute)
        ):
            return _NONE, _NONE  # the commonest case: nothing has come due
        i = start = state.event_cursor
        while i < len(timed) and timed[i].at <= minute:  # type: ignore[operator]
            i += 1
        new_events = list(timed[start:i])
        state.waiting_events += new_events
        state.event_cursor = i
        scheduled = plan.scheduled
        j = start = state.decision_cursor
        while j < len(scheduled) and scheduled[j].at <= minute:
            j += 1
        new_decisions = list(scheduled[start:j])
        state.waiting_decisions += new_decisions
        state.decision_cursor = j
        for ident in state.led:  # a decision an option led to, whose time has just come
            decision = plan.decisions[ident]
            if before < decision.at <= minute:
                new_decisions.append(decision)
        return new_events, new_decisions

    def _fire_events(self, only: list[EventPlan] | None) -> bool:
        """Fire what is ready (among ``only``, or everything waiting); say whether anything fired."""
        state = self.state
        any_fired = False
        candidates = only
        while True:
            fired = False
            minute, seen = state.minute, state.seen
            if candidates is None:
                state.waiting_events = [e for e in state.waiting_events if e.id not in seen and minute <= e.until]
                candidates = state.waiting_events + [
                    e for e in self.plan.watch_events if e.id not in seen and minute <= e.until
                ]
            for event in candidates:
                if event.id not in state.seen and self._event_ready(event):
                    self._fire(event)
                    fired = True
            if not fired:
                return any_fired
            any_fired = True
            candidates = None  # the state changed: everything waiting deserves another look

    def _event_ready(self, event: EventPlan) -> bool:
        if event.when is not None and not event.when(self.state):
            return False
        return event.chance >= 1.0 or self.chance("event", event.id) < event.chance

    def _fire(self, event: EventPlan) -> None:
        self.state.seen.add(event.id)
        changes = self._apply_effects(event.effects)
        if not self.lean:
            self.log.append(
                LogEntry(self.state.minute, "event", event.id, visible_to=event.visible_to, changes=changes)
            )
            self._record()

    def _due_decision(self, only: list[DecisionPlan] | None) -> DecisionPlan | None:
        """The earliest decision that is due and whose condition holds (among ``only``, or all waiting)."""
        state = self.state
        minute, decided = state.minute, state.decided
        if only is None:
            state.waiting_decisions = [d for d in state.waiting_decisions if d.id not in decided and minute <= d.until]
            only = state.waiting_decisions + [
                self.plan.decisions[i] for i in state.led if self.plan.decisions[i].at <= minute
            ]
        best: DecisionPlan | None = None
        for decision in only:
            if decision.id in decided or decision.until < minute or decision.at > minute:
                continue
            if best is not None and (decision.at, decision.order) >= (best.at, best.order):
                continue
            if decision.when is None or decision.when(state):
                best = decision
        return best

    def _next_time(self) -> int | None:
        state, plan = self.state, self.plan
        now = state.minute
        times = []
        if state.event_cursor < len(plan.timed_events):
            times.append(plan.timed_events[state.event_cursor].at)
        scheduled = plan.scheduled
        j = state.decision_cursor
        while j < len(scheduled) and scheduled[j].id in state.decided:
            j += 1
        if j < len(scheduled):
            times.append(scheduled[j].at)
        if state.led:
            times += [plan.decisions[i].at for i in state.led if plan.decisions[i].at > now and i not in state.decided]
        return min(times) if times else None  # type: ignore[type-var]

    def _check_early(self) -> bool:
        for ending in self.plan.early_endings:
            if ending.when(self.state):
                self._end(ending)
                return True
        return False

    def _finish(self) -> None:
        for ending in self.plan.endings.values():
            if ending.trigger == "end" and ending.when(self.state):
                self._end(ending)
                return
        raise RuntimeError("no ending applies")  # the loader requires a fallback ending

    def _end(self, ending: EndingPlan) -> None:
        self.ending = ending
        self.log.append(LogEntry(self.state.minute, "ending", ending.id))
        self._record()

    # --- decisions -----------------------------------------------------------

    def _make_pending(self, decision: DecisionPlan) -> Pending:
        recused: dict[str, LText | None] = {}
        if decision.vote is not None:
            for r in decision.vote.recuse:
                if r.when(self.state):
                    recused[r.seat] = r.reason
        waiting = [s for s in decision.actors if s in self.players and s not in recused]
        return Pending(decision, waiting, recused=recused)

    def _start(self, decision: DecisionPlan) -> None:
        self.state.decided.add(decision.id)
        self.state.led.discard(decision.id)
        pending = self._make_pending(decision)
        available = [o for o in decision.options if o.when is None or o.when(self.state)]
        if not available:
            self.skipped.append(decision.id)
            self.log.append(LogEntry(self.state.minute, "skipped", decision.id, visible_to=decision.visible_to))
            return
        if pending.waiting:
            self.pending = pending
            return
        if decision.vote is not None:
            self._resolve_vote(decision, {}, pending.recused)
        else:
            seat = decision.actors[0]
            self._apply_option(decision, seat, policy.choose(self, decision, seat), by_player=False)

    def _apply_option(self, decision: DecisionPlan, seat: str, option: OptionPlan, *, by_player: bool) -> None:
        self.state.chosen.add((decision.id, option.id))
        changes = self._apply_effects(option.effects)
        if self.lean:
            self._follow(option.next_decision, option.next_ending)
            return
        self.log.append(
            LogEntry(
                self.state.minute,
                "decision",
                decision.id,
                seat,
                option.id,
                by_player,
                None if option.model.news is not None else decision.visible_to,
                changes,
            )
        )
        self._record()
        self._follow(option.next_decision, option.next_ending)

    def _follow(self, decision_id: str | None, ending_id: str | None) -> None:
        if ending_id is not None:
            self._end(self.plan.endings[ending_id])
        elif decision_id is not None and decision_id not in self.state.decided:
            self.state.led.add(decision_id)

    def _resolve_vote(self, decision: DecisionPlan, ballots: dict[str, str], recused: dict[str, LText | None]) -> None:
        vote = decision.vote
        assert vote is not None
        cast = dict(ballots)
        for seat in vote.voters:
            if seat not in recused and seat not in cast:
                cast[seat] = policy.choose(self, decision, seat).id
        changes: dict[str, tuple[int | bool, int | bool]] = {}
        for option_id in cast.values():
            self.state.chosen.add((decision.id, option_id))
            self._merge(changes, self._apply_effects(decision.by_id[option_id].effects))
        tally = votes.tally(vote, decision, cast, recused)
        result = vote.passed if tally["passed"] else vote.failed
        self._merge(changes, self._apply_effects(result.effects))
        player_seats = sorted(s for s in ballots)
        self.log.append(
            LogEntry(
                self.state.minute,
                "vote",
                decision.id,
                ",".join(player_seats) or None,
                "passed" if tally["passed"] else "failed",
                bool(ballots),
                decision.visible_to,
                changes,
                tally,
            )
        )
        self._record()
        self._follow(result.next_decision, result.next_ending)

    # --- values --------------------------------------------------------------

    def _apply_effects(self, effects: tuple[Effect, ...]) -> dict[str, tuple[int | bool, int | bool]]:
        values = self.state.values
        changes: dict[str, tuple[int | bool, int | bool]] = {}
        for effect in effects:
            old = values[effect.name]
            if effect.op == "add":
                new: int | bool = int(old) + int(effect.value)
            else:
                new = effect.value
            if not isinstance(new, bool):
                if effect.lo is not None and new < effect.lo:
                    new = effect.lo
                if effect.hi is not None and new > effect.hi:
                    new = effect.hi
            if new != old:
                values[effect.name] = new
                first = changes.get(effect.name, (old, new))[0]
                changes[effect.name] = (first, new)
        return changes

    @staticmethod
    def _merge(into: dict[str, tuple[int | bool, int | bool]], more: dict[str, tuple[int | bool, int | bool]]) -> None:
        for k, (old, new) in more.items():
            into[k] = (into[k][0] if k in into else old, new)

    def _record(self) -> None:
        if self.lean:
            return
        self.trajectory.append((self.state.minute, dict(self.state.values)))
