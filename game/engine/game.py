"""The simulation: a clock that runs decisions and events in time order until an ending.

Seats that a person plays wait for ``choose``; every other seat decides by its
policy. Everything else about a game follows from the plan, the seed and the
list of choices, which is what saves store and undo rewinds.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..scenario.expr import Dep
from ..scenario.plan import DecisionPlan, Effect, EndingPlan, EventPlan, OptionPlan, Plan, TrustMove, Watchers
from ..scenario.stance import HIGH, LOW, is_trust_key, trust_key
from ..scenario.text import LText
from . import policy, votes
from .rng import Luck
from .state import Choice, LogEntry, State, TrustRecord

_TIDY = 8  # waiting-list length above which done and expired items are dropped
MAX_STEPS = 100_000  # a scenario cannot loop forever: each item fires once, but guard anyway


_BALLOT_ORDER = {"yes": 0, "no": 1, "abstain": 2}


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


@dataclass(slots=True)
class _NotReady:
    """Ids of items found not ready whose conditions have read nothing that changed since."""

    events: set[str] = field(default_factory=set)
    decisions: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    # Whether an event or early ending may have become ready since its kind was last looked at in full.
    # After a full look every waiting event is fired, expired or known not ready, so without a stir
    # another full look would find nothing. (Decisions have no flag: one found ready may wait its turn.)
    events_stirred: bool = True
    endings_stirred: bool = True

    def clear(self) -> None:
        self.events.clear()
        self.decisions.clear()
        self.endings.clear()
        self.events_stirred = self.endings_stirred = True

    def forget(self, watchers: Watchers) -> None:
        if watchers.events:
            self.events -= watchers.events
            self.events_stirred = True
        if watchers.decisions:
            self.decisions -= watchers.decisions
        if watchers.endings:
            self.endings -= watchers.endings
            self.endings_stirred = True


@dataclass(frozen=True)
class StanceView:
    """How one seat stands toward another now, and what moved it since the last choice."""

    seat: str  # the seat whose trust this is
    value: int
    delta: int  # since just before the last choice
    reasons: tuple[TrustRecord, ...]  # the moves since then, in order (none in lean games)


@dataclass
class _Mark:
    state: State
    log: int
    trajectory: int
    pending: Pending
    previous: dict[str, int | bool]
    since: int


class Game:
    def __init__(
        self,
        plan: Plan,
        seats: Iterable[str],
        seed: int = 0,
        *,
        lean: bool = False,
        uid: str | None = None,
        history: bool = False,
    ):
        """``lean`` games keep no log, undo marks or trajectory: the authoring tools play millions of them.
        ``history``: unplayed seats take history's option wherever one is marked and open (see policy.py)."""
        self.plan = plan
        self.players = frozenset(seats)
        unknown = self.players - set(plan.seats)
        if unknown:
            raise ChoiceError(f"unknown seat(s): {', '.join(sorted(unknown))}")
        self.luck = Luck(seed, plan.dispositions)
        # Names this playthrough in saves and transcripts; it never affects the simulation.
        self.uid = uid or uuid.uuid4().hex
        self.state = State(0, dict(plan.initial), self.players, luck=self.luck)
        self.log: list[LogEntry] = []
        self.choices: list[Choice] = []
        self.trajectory: list[tuple[int, dict[str, int | bool]]] = [(0, dict(plan.initial))]
        self.ending: EndingPlan | None = None
        self.pending: Pending | None = None
        self.previous: dict[str, int | bool] = dict(plan.initial)  # values at the last decision point
        self._since = 0  # the log's length at the last decision point
        self._marks: list[_Mark] = []
        self.lean = lean
        self.history = history
        self.skipped: list[str] = []  # decisions that came up with no option available
        self._not_ready = _NotReady()
        self.advance()

    def fork(self) -> Game:
        """A lean copy that can play on without touching this game.

        Every attribute goes through ``_FORK``, which says how a fork carries it; an attribute added to
        ``__init__`` without an entry there makes this fail at once rather than vanish from forks.
        """
        twin = Game.__new__(Game)
        carried = twin.__dict__
        for name, value in self.__dict__.items():
            how = _FORK[name]
            carried[name] = value if how is None else how(value)
        twin.state.luck = twin.luck  # the state's copy still pointed at this game's luck
        return twin

    @property
    def seed(self) -> int:
        return self.luck.seed

    @seed.setter
    def seed(self, value: int) -> None:
        """A fork may play on under another seed (randomtest does, on steps known not to depend on luck)."""
        self.luck.seed = value

    @property
    def draws(self) -> int:
        """Draws from the seed so far, dispositions read included: a step that made none was not luck."""
        return self.luck.draws

    def chance(self, *keys: object) -> float:
        """A draw from the game's seed. Counted, so tools can tell whether a step depended on luck."""
        return self.luck.draw(*keys)

    def disposition(self, seat: str, trait: str) -> int | None:
        """``seat``'s trait as drawn for this game, or None when the seat declares no such trait."""
        if (seat, trait) not in self.luck.traits:
            return None
        return self.luck.trait(seat, trait)

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
            ok = option.open_in(self.state)
            if not ok and option.model.unavailable == "hide":
                continue
            views.append(OptionView(option, ok, None if ok else option.model.reason))
        if self.pending.decision.vote is not None:
            # Ballots are shown Yes, No, Abstain at every vote, whatever order the file lists them in, so
            # that a number key means the same ballot from one vote to the next.
            views.sort(key=lambda v: _BALLOT_ORDER.get(v.option.model.ballot or "", len(_BALLOT_ORDER)))
        return views

    def historical_option(self, decision: DecisionPlan, seat: str) -> OptionPlan | None:
        for option in decision.options:
            if seat in option.historical_for:
                return option
        return None

    def visible_log(self, seat: str | None) -> list[LogEntry]:
        return [e for e in self.log if e.visible(seat)]

    def changes_since_last_decision(self) -> dict[str, int]:
        """Meters and counters that moved since just before the last choice (trust is in ``stances``)."""
        return {
            k: int(v) - int(self.previous.get(k, v))
            for k, v in self.state.values.items()
            if not isinstance(v, bool) and v != self.previous.get(k, v) and not is_trust_key(k)
        }

    def trust(self, observer: str, subject: str) -> int | None:
        """``observer``'s trust in ``subject``, or None when the scenario keeps no such stance."""
        value = self.state.values.get(trust_key(observer, subject))
        return None if value is None else int(value)

    def stances(self, toward: str) -> list[StanceView]:
        """Each seat's trust in ``toward`` (the seats the scenario keeps a stance for, in seat order)."""
        values, previous = self.state.values, self.previous
        moves: dict[str, list[TrustRecord]] = {}
        for entry in self.log[self._since :]:
            if entry.trust and entry.visible(toward):
                for record in entry.trust:
                    if record.subject == toward:
                        moves.setdefault(record.observer, []).append(record)
        views = []
        for observer in self.plan.trusted_by.get(toward, ()):
            key = trust_key(observer, toward)
            value = int(values[key])
            views.append(StanceView(observer, value, value - int(previous[key]), tuple(moves.get(observer, ()))))
        return views

    # --- actions -------------------------------------------------------------

    def choose(self, option_id: str, seat: str | None = None, *, timed_out: bool = False) -> None:
        pending = self.pending
        if pending is None:
            raise ChoiceError("no decision is waiting")
        seat = seat or pending.seat
        if seat not in pending.waiting:
            raise ChoiceError(f"seat '{seat}' is not deciding '{pending.decision.id}' now")
        option = pending.decision.by_id.get(option_id)
        if option is None:
            raise ChoiceError(f"decision '{pending.decision.id}' has no option '{option_id}'")
        if not option.open_in(self.state):
            raise ChoiceError(f"option '{option_id}' is not available now")
        if not self.lean:
            self._marks.append(
                _Mark(
                    self.state.copy(),
                    len(self.log),
                    len(self.trajectory),
                    pending.copy(),
                    dict(self.previous),
                    self._since,
                )
            )
        self.previous = dict(self.state.values)
        self._since = len(self.log)
        self.choices.append(Choice(pending.decision.id, seat, option_id, timed_out))
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
        self._since = mark.since
        self.pending = mark.pending.copy()

    # --- the clock -----------------------------------------------------------

    def advance(self) -> None:
        """Run until a person must choose or the game ends."""
        # Conditions read the state, never the clock. So while the state stays the same, an item that was
        # waiting for its condition is still waiting, and only items that have just come due need a look.
        # And when the state does change, an item needs another look only if its condition reads what
        # changed (_NotReady). The state may have changed since the last call, so start afresh.
        changed = True
        self._not_ready.clear()
        state, moments = self.state, self.plan.moments
        before = state.minute
        for _ in range(MAX_STEPS):
            if self.ending is not None or self.pending is not None:
                return
            if state.led or (state.cursor < len(moments) and moments[state.cursor].at <= state.minute):
                new_events, new_decisions = self._read_timeline(before)
            else:
                new_events, new_decisions = (), ()  # the commonest case: nothing has come due
            before = state.minute
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
            if state.led:
                following = self._next_time()
            else:
                following = moments[state.cursor].at if state.cursor < len(moments) else None
            if following is None or following > self.plan.length:
                state.minute = max(state.minute, self.plan.length)
                self._finish()
                return
            state.minute = following
        raise RuntimeError("the simulation did not settle; a scenario item fires repeatedly")

    def _read_timeline(self, before: int) -> tuple[Sequence[EventPlan], Sequence[DecisionPlan]]:
        """Move every item whose time has come onto the waiting lists, and return the newcomers."""
        state, plan = self.state, self.plan
        moments, minute, k = plan.moments, state.minute, state.cursor
        new_events: Sequence[EventPlan] = ()
        new_decisions: Sequence[DecisionPlan] = ()
        if k < len(moments) and moments[k].at <= minute:
            # The clock stops at every moment, so this is one moment's items, rarely more.
            _, new_events, new_decisions = moments[k]
            k += 1
            while k < len(moments) and moments[k].at <= minute:
                new_events, new_decisions = new_events + moments[k].events, new_decisions + moments[k].decisions
                k += 1
            state.cursor = k
            # Waiting lists are checked item by item for 'seen', 'decided' and 'until', so done items may stay
            # on them a while; tidying only once they grow keeps them short without a copy at every moment.
            if new_events:
                if len(state.waiting_events) > _TIDY:
                    seen = state.seen
                    state.waiting_events = [e for e in state.waiting_events if e.id not in seen and minute <= e.until]
                state.waiting_events += new_events
            if new_decisions:
                if len(state.waiting_decisions) > _TIDY:
                    decided = state.decided
                    state.waiting_decisions = [
                        d for d in state.waiting_decisions if d.id not in decided and minute <= d.until
                    ]
                state.waiting_decisions += new_decisions
        if state.led:  # a decision an option led to, whose time has just come
            decisions = plan.decisions
            led = [decisions[i] for i in state.led if before < decisions[i].at <= minute]
            if led:
                new_decisions = [*new_decisions, *led]
        return new_events, new_decisions

    def _fire_events(self, only: Sequence[EventPlan] | None) -> bool:
        """Fire what is ready (among ``only``, or everything waiting); say whether anything fired."""
        state, known = self.state, self._not_ready
        not_ready = known.events
        minute, seen = state.minute, state.seen
        any_fired = False
        groups: tuple[Sequence[EventPlan], ...] | None = (only,) if only is not None else None
        while True:
            if groups is None:
                if not known.events_stirred:
                    return any_fired
                known.events_stirred = False
                groups = (state.waiting_events, self.plan.watch_events)
            fired = False
            for group in groups:
                for event in group:
                    if event.id in seen or event.id in not_ready or minute > event.until:
                        continue
                    if self._event_ready(event):
                        self._fire(event)
                        fired = True
                    else:
                        not_ready.add(event.id)
            if not fired:
                return any_fired
            any_fired = True
            groups = None  # the state changed: everything waiting deserves another look (if what it reads changed)

    def _event_ready(self, event: EventPlan) -> bool:
        if event.when is not None and not event.when(self.state):
            return False
        return event.chance >= 1.0 or self.luck.chance(event.chance, "event", event.id)

    def _fire(self, event: EventPlan) -> None:
        self.state.seen.add(event.id)
        self._stir(("seen", event.id))
        changes = self._apply_effects(event.effects)
        trust = self._apply_trust(event.trust, None) if event.trust else ()
        if not self.lean:
            self.log.append(
                LogEntry(
                    self.state.minute, "event", event.id, visible_to=event.visible_to, changes=changes, trust=trust
                )
            )
            self._record()

    def _due_decision(self, only: Sequence[DecisionPlan] | None) -> DecisionPlan | None:
        """The earliest decision that is due and whose condition holds (among ``only``, or all waiting)."""
        state = self.state
        minute, decided = state.minute, state.decided
        if only is None:
            only = state.waiting_decisions
            if state.led:
                only = only + [self.plan.decisions[i] for i in state.led if self.plan.decisions[i].at <= minute]
        not_ready = self._not_ready.decisions
        best: DecisionPlan | None = None
        for decision in only:
            if decision.id in decided or decision.until < minute or decision.at > minute:
                continue
            if best is not None and (decision.at, decision.order) >= (best.at, best.order):
                continue
            if decision.when is None:
                best = decision
            elif decision.id in not_ready:
                continue
            elif decision.when(state):
                best = decision
            else:
                not_ready.add(decision.id)
        return best

    def _next_time(self) -> int | None:
        # A moment whose items have all been dealt with is still visited; nothing happens there.
        state, plan = self.state, self.plan
        following = plan.moments[state.cursor].at if state.cursor < len(plan.moments) else None
        if state.led:
            now, decisions = state.minute, plan.decisions
            for i in state.led:
                at = decisions[i].at
                if at > now and i not in state.decided and (following is None or at < following):
                    following = at
        return following

    def _check_early(self) -> bool:
        known = self._not_ready
        if not known.endings_stirred:
            return False
        known.endings_stirred = False
        not_ready = known.endings
        for ending in self.plan.early_endings:
            if ending.id in not_ready:
                continue
            if ending.when(self.state):
                self._end(ending)
                return True
            not_ready.add(ending.id)
        return False

    def _finish(self) -> None:
        for ending in self.plan.endings.values():
            if ending.trigger == "end" and ending.when(self.state):
                self._end(ending)
                return
        raise RuntimeError("no ending applies")  # the loader requires a fallback ending

    def _end(self, ending: EndingPlan) -> None:
        self.ending = ending
        if not self.lean:
            self.log.append(LogEntry(self.state.minute, "ending", ending.id))
            self._record()

    # --- decisions -----------------------------------------------------------

    def _start(self, decision: DecisionPlan) -> None:
        state = self.state
        state.decided.add(decision.id)
        self._stir(("decided", decision.id))
        state.led.discard(decision.id)
        available = decision.available(state)
        if not available:
            self.skipped.append(decision.id)
            if not self.lean:
                self.log.append(LogEntry(state.minute, "skipped", decision.id, visible_to=decision.visible_to))
            return
        vote = decision.vote
        recused: dict[str, LText | None] = {}
        if vote is not None:
            for r in vote.recuse:
                if r.when(state):
                    recused[r.seat] = r.reason
        players = self.players
        waiting = [s for s in decision.actors if s in players and s not in recused]
        if waiting:
            self.pending = Pending(decision, waiting, recused=recused)
        elif vote is not None:
            self._resolve_vote(decision, {}, recused, available)
        else:
            seat = decision.actors[0]
            self._apply_option(decision, seat, policy.choose(self, decision, seat, available), by_player=False)

    def _apply_option(self, decision: DecisionPlan, seat: str, option: OptionPlan, *, by_player: bool) -> None:
        self.state.chosen.add((decision.id, option.id))
        self._stir(("chose", decision.id, option.id))
        changes = self._apply_effects(option.effects)
        trust = self._apply_trust(option.trust, seat) if option.trust else ()
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
                trust=trust,
            )
        )
        self._record()
        self._follow(option.next_decision, option.next_ending)

    def _follow(self, decision_id: str | None, ending_id: str | None) -> None:
        if ending_id is not None:
            self._end(self.plan.endings[ending_id])
        elif decision_id is not None and decision_id not in self.state.decided:
            self.state.led.add(decision_id)

    def _resolve_vote(
        self,
        decision: DecisionPlan,
        ballots: dict[str, str],
        recused: dict[str, LText | None],
        available: list[OptionPlan] | None = None,
    ) -> None:
        vote = decision.vote
        assert vote is not None
        cast = dict(ballots)
        for seat in vote.voters:
            if seat not in recused and seat not in cast:
                cast[seat] = policy.choose(self, decision, seat, available).id
        changes: dict[str, tuple[int | bool, int | bool]] = {}
        trust: tuple[TrustRecord, ...] = ()
        for seat, option_id in cast.items():
            self.state.chosen.add((decision.id, option_id))
            self._stir(("chose", decision.id, option_id))
            option = decision.by_id[option_id]
            self._merge(changes, self._apply_effects(option.effects))
            if option.trust:
                trust += self._apply_trust(option.trust, seat)
        tally = votes.tally(vote, decision, cast, recused)
        result = vote.passed if tally["passed"] else vote.failed
        self._merge(changes, self._apply_effects(result.effects))
        if result.trust:
            trust += self._apply_trust(result.trust, None)
        if self.lean:
            self._follow(result.next_decision, result.next_ending)
            return
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
                trust,
            )
        )
        self._record()
        self._follow(result.next_decision, result.next_ending)

    # --- values --------------------------------------------------------------

    def _stir(self, dep: Dep) -> None:
        """Something a condition can read has changed: what reads it may be ready now."""
        watchers = self.plan.watchers.get(dep)
        if watchers is not None:
            self._not_ready.forget(watchers)

    def _apply_effects(self, effects: tuple[Effect, ...]) -> dict[str, tuple[int | bool, int | bool]]:
        values = self.state.values
        watched = self.plan.watchers
        changes: dict[str, tuple[int | bool, int | bool]] = {}
        lean = self.lean  # a lean game keeps no log, so nobody reads the changes
        for effect in effects:
            name = effect.name
            old = values[name]
            # The loader allows 'add' only on numbers, and only numbers have bounds.
            new = old + effect.value if effect.op == "add" else effect.value
            if effect.lo is not None and new < effect.lo:
                new = effect.lo
            if effect.hi is not None and new > effect.hi:
                new = effect.hi
            if new != old:
                values[name] = new
                watchers = watched.get(name)
                if watchers is not None:
                    self._not_ready.forget(watchers)
                if not lean:
                    changes[name] = (changes[name][0] if name in changes else old, new)
        return changes

    def _apply_trust(self, moves: tuple[TrustMove, ...], chooser: str | None) -> tuple[TrustRecord, ...]:
        """Move trust; ``chooser`` is the seat whose choice or ballot did it (the subject where none is named)."""
        values = self.state.values
        records = []
        for move in moves:
            subject = move.subject or chooser
            if subject is None or subject == move.observer:
                continue  # a ballot's trust in the seat that cast it, when the observer cast it
            key = move.key or trust_key(move.observer, subject)
            old = values[key]
            new = min(HIGH, max(LOW, old + move.change))
            if new == old:
                continue
            values[key] = new
            watchers = self.plan.watchers.get(key)
            if watchers is not None:
                self._not_ready.forget(watchers)
            if not self.lean:
                records.append(TrustRecord(move.observer, subject, int(old), int(new), move.because, chooser))
        return tuple(records)

    @staticmethod
    def _merge(into: dict[str, tuple[int | bool, int | bool]], more: dict[str, tuple[int | bool, int | bool]]) -> None:
        for k, (old, new) in more.items():
            into[k] = (into[k][0] if k in into else old, new)

    def _record(self) -> None:
        if self.lean:
            return
        self.trajectory.append((self.state.minute, dict(self.state.values)))


def _fresh_list(_: object) -> list[object]:
    return []


def _copy_pending(pending: Pending | None) -> Pending | None:
    return pending.copy() if pending is not None else None


# How Game.fork carries each attribute: None shares it (it is immutable, or replaced rather than changed in
# place), else the function makes the fork's own. A fork is lean: it keeps no log, trajectory or undo marks.
_FORK: dict[str, Callable[[Any], object] | None] = {
    "plan": None,
    "players": None,
    "luck": lambda luck: Luck(luck.seed, luck.traits, luck.draws),
    "uid": None,
    "state": State.copy,
    "log": _fresh_list,
    "choices": list,
    "trajectory": _fresh_list,
    "ending": None,
    "pending": _copy_pending,
    "previous": None,
    "_since": lambda _: 0,
    "_marks": _fresh_list,
    "lean": lambda _: True,
    "history": None,
    "skipped": list,
    "_not_ready": lambda _: _NotReady(),
}
