"""Whole-scenario checks (references, names, times, citations) and compilation into a Plan."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import models
from .expr import Condition, ExprError, Symbols, compile_condition
from .facts import FactBase
from .models import Scenario, SetTo, parse_time
from .plan import (
    DecisionPlan,
    Effect,
    EndingPlan,
    EventPlan,
    OptionPlan,
    OutcomePlan,
    Plan,
    Recuse,
    Result,
    Rule,
    TrustMove,
    VotePlan,
    needed_votes,
)
from .problems import Loc, Problem
from .stance import is_trust_key, pair_of, trust_key
from .text import LText

if TYPE_CHECKING:
    from .loader import Merged

_TRUE = compile_condition(True, Symbols())
Broken = dict[str, dict[str, set[str]]]  # list key -> id -> (for decisions) option ids


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


_OPERATORS = {  # what other languages write, and what conditions say instead
    "&&": "and",
    "&": "and",
    "||": "or",
    "|": "or",
    "!=": "!=",
    "!": "not",
    "=>": ">=",
    "=<": "<=",
    "==": "==",
    "=": "==",
}


def operator_hint(source: str, offset: int) -> str:
    """A hint for an operator from another language at ``offset`` of a condition."""
    rest = source[offset:]
    for written, meant in _OPERATORS.items():
        if rest.startswith(written):
            if written == meant:
                return ""
            return f"; did you mean `{meant}`?" if meant in ("==", ">=", "<=") else f"; use `{meant}`"
    word = rest.split(maxsplit=1)[0] if rest.strip() else ""
    if word.lower() in ("and", "or", "not", "true", "false") and word != word.lower():
        return f"; write `{word.lower()}` in lower case"
    return ""


class _Compiler:
    def __init__(self, model: Scenario, merged: Merged, facts: FactBase, broken: Broken | None = None):
        self.m = model
        self.merged = merged
        self.facts = facts
        self.problems: list[Problem] = []
        self.start = parse_time(model.clock.start)
        self.end = self.minutes(model.clock.end)
        # Items left out for errors of their own are still known by id: what refers to them is not wrong.
        self.broken = broken or {}
        gone = {key: set(ids) for key, ids in self.broken.items()}
        self.symbols = Symbols(
            numbers={x.id for x in model.meters}
            | {x.id for x in model.counters}
            | gone.get("meters", set())
            | gone.get("counters", set()),
            flags={x.id for x in model.flags} | gone.get("flags", set()),
            seats={x.id for x in model.seats} | gone.get("seats", set()),
            decisions={d.id: {o.id for o in d.options} for d in model.decisions} | self.broken.get("decisions", {}),
            events={e.id for e in model.events} | gone.get("events", set()),
            stance=model.stance is not None,
            traits={x.id: set(x.disposition) for x in model.seats},
            trait_ranges={(x.id, t): (lo, hi) for x in model.seats for t, (lo, hi) in x.disposition.items()},
        )
        self.moved: set[tuple[str, str]] = set()  # trust pairs some option, event or vote result moves
        # A name given twice, to a meter and a flag say, is reported once as a duplicate; effects on it are
        # then neither a flag's nor a number's, and are not reported again. Nor are effects on broken items.
        kinds = [{x.id for x in model.meters}, {x.id for x in model.counters}, {x.id for x in model.flags}]
        self.ambiguous = {n for i, a in enumerate(kinds) for b in kinds[i + 1 :] for n in a & b}
        self.ambiguous |= gone.get("meters", set()) | gone.get("counters", set()) | gone.get("flags", set())
        self.compiled: dict[str | bool, Condition] = {}
        self.bounds: dict[str, tuple[int | None, int | None]] = {m.id: (m.min, m.max) for m in model.meters}
        self.bounds.update({c.id: (0, c.max) for c in model.counters})

    def error(self, path: Loc, msg: str, *, key: bool = False, code: str = "error") -> None:
        self.problems.append(self.merged.problem(path, msg, key=key, code=code))

    def minutes(self, text: str) -> int:
        return int((parse_time(text) - self.start).total_seconds() // 60)

    # --- pieces -------------------------------------------------------------

    def unique(self, kind: str, ids: Sequence[tuple[str, Loc]]) -> None:
        seen: dict[str, Loc] = {}
        for ident, path in ids:
            if ident in seen:
                line, _ = self.merged.where(seen[ident])
                self.error(
                    path,
                    f"duplicate {kind} id '{ident}' (first used at {self.merged.file(seen[ident])}:{line})",
                    code="duplicate-id",
                )
            else:
                seen[ident] = path

    def cond(self, value: str | bool | None, path: Loc) -> Condition | None:
        if value is None:
            return None
        cached = self.compiled.get(value)
        if cached is not None:
            return cached  # scenarios repeat conditions; the symbols are the same, so is the result
        try:
            self.compiled[value] = compile_condition(value, self.symbols)
            return self.compiled[value]
        except ExprError as exc:
            line, col = self.merged.where_in(path, exc.offset)
            hint = operator_hint(str(value), exc.offset)
            self.problems.append(
                Problem(self.merged.file(path), line, col, f"in condition: {exc}{hint}", code="condition")
            )
            return _TRUE

    def effects(self, effects: dict[str, models.EffectValue], path: Loc) -> tuple[Effect, ...]:
        out = []
        for name, value in effects.items():
            here = path + (name,)
            if name in self.ambiguous:
                continue
            if name in self.symbols.flags:
                if not isinstance(value, bool):
                    self.error(here, f"'{name}' is a flag: set it to true or false", code="type")
                    continue
                out.append(Effect(name, "set", value))
            elif name in self.symbols.numbers:
                lo, hi = self.bounds[name]
                if isinstance(value, bool):
                    self.error(here, f"'{name}' is a number: add to it (e.g. -10) or use {{set: N}}", code="type")
                    continue
                if isinstance(value, SetTo):
                    out.append(Effect(name, "set", value.set, lo, hi))
                else:
                    out.append(Effect(name, "add", value, lo, hi))
            else:
                known = self.symbols.numbers | self.symbols.flags
                self.error(
                    here, f"unknown meter, counter or flag '{name}'{_hint(name, known)}", key=True, code="reference"
                )
        return tuple(out)

    def seat(self, seat: str, path: Loc, *, key: bool = False) -> None:
        if seat not in self.symbols.seats:
            self.error(path, f"unknown seat '{seat}'{_hint(seat, self.symbols.seats)}", key=key, code="reference")

    def trust(
        self, entries: list[models.TrustChange], path: Loc, chooser: str | None = None, voters: tuple[str, ...] = ()
    ) -> tuple[TrustMove, ...]:
        """Compile trust changes. ``chooser``: the deciding seat of an option; ``voters``: of an option in a
        vote, whose subject is whoever casts it. Neither: an event or vote result, which must name the subject."""
        if entries and not self.symbols.stance:
            self.error(path, "trust changes need a 'stance:' block at the top of the scenario", code="stance")
            return ()
        moves = []
        for j, entry in enumerate(entries):
            here = path + (j,)
            self.seat(entry.seat, here + ("seat",))
            if entry.of is not None:
                self.seat(entry.of, here + ("of",))
            subject = entry.of or chooser
            if subject is None and not voters:
                self.error(here, "say whose trust moves: add 'of: SEAT' (the seat trusted more or less)", code="stance")
                continue
            if subject == entry.seat:
                self.error(
                    here, f"'{entry.seat}' cannot change its trust in itself; name another seat in 'of'", code="stance"
                )
                continue
            if subject is not None:
                self.moved.add((entry.seat, subject))
                key: str | None = trust_key(entry.seat, subject)
            else:
                self.moved.update((entry.seat, v) for v in voters if v != entry.seat)
                key = None
            moves.append(TrustMove(entry.seat, subject, entry.change, entry.because, key))
        return tuple(moves)

    def stance(self, initial: dict[str, int | bool]) -> dict[str, tuple[str, ...]]:
        """Start every trust pair that is declared, moved or read; return who trusts whom, in seat order."""
        stance = self.m.stance
        if stance is None:
            return {}
        pairs = set(self.moved)
        for observer, row in stance.toward.items():
            self.seat(observer, ("stance", "toward", observer), key=True)
            for subject in row:
                self.seat(subject, ("stance", "toward", observer, subject), key=True)
                if subject == observer:
                    self.error(("stance", "toward", observer, subject), "a seat has no trust in itself", code="stance")
                pairs.add((observer, subject))
        for condition in self.compiled.values():
            pairs.update(pair_of(dep) for dep in condition.deps if isinstance(dep, str) and is_trust_key(dep))
        order = {s.id: i for i, s in enumerate(self.m.seats)}
        trusted_by: dict[str, list[str]] = {}
        for observer, subject in sorted(pairs, key=lambda p: (order.get(p[1], -1), order.get(p[0], -1))):
            if observer not in order or subject not in order or observer == subject:
                continue  # reported above
            initial[trust_key(observer, subject)] = stance.toward.get(observer, {}).get(subject, stance.start)
            trusted_by.setdefault(subject, []).append(observer)
        return {subject: tuple(observers) for subject, observers in trusted_by.items()}

    def target(self, target: str | None, path: Loc) -> tuple[str | None, str | None]:
        if target is None:
            return None, None
        if target in self.symbols.decisions:
            return target, None
        if target in self.ending_ids:
            return None, target
        known = set(self.symbols.decisions) | self.ending_ids
        self.error(path, f"'next' names no decision or ending '{target}'{_hint(target, known)}", code="reference")
        return None, None

    def cite(self, sources: list[str], path: Loc) -> None:
        for i, fact in enumerate(sources):
            if not self.facts.known(fact):
                self.error(path + (i,), f"unknown fact id '{fact}'{_hint(fact, self.facts.facts)}", code="fact")

    def when_in_clock(self, text: str | None, path: Loc) -> int | None:
        if text is None:
            return None
        minute = self.minutes(text)
        if minute < 0 or minute > self.end:
            self.error(
                path, f"time {text} is outside the clock ({self.m.clock.start} to {self.m.clock.end})", code="time"
            )
        return minute

    def result(self, r: models.Result, path: Loc) -> Result:
        dec, end = self.target(r.next, path + ("next",))
        self.cite(r.sources, path + ("sources",))
        trust = self.trust(r.trust, path + ("trust",))
        return Result(r.text, self.effects(r.effects, path + ("effects",)), dec, end, trust)

    # --- the whole scenario ---------------------------------------------------

    def run(self, path: Path, files: list[str], content_hash: str) -> Plan:
        m = self.m
        self.ending_ids = {e.id for e in m.endings} | set(self.broken.get("endings", ()))
        names = [(x.id, ("meters", i, "id")) for i, x in enumerate(m.meters)]
        names += [(x.id, ("counters", i, "id")) for i, x in enumerate(m.counters)]
        names += [(x.id, ("flags", i, "id")) for i, x in enumerate(m.flags)]
        self.unique("meter, counter or flag", names)
        self.unique("seat", [(x.id, ("seats", i, "id")) for i, x in enumerate(m.seats)])
        self.unique(
            "decision or ending",
            [(x.id, ("decisions", i, "id")) for i, x in enumerate(m.decisions)]
            + [(x.id, ("endings", i, "id")) for i, x in enumerate(m.endings)],
        )
        self.unique("event", [(x.id, ("events", i, "id")) for i, x in enumerate(m.events)])
        if self.end <= 0:
            self.error(("clock", "end"), "the clock must end after it starts", code="time")

        initial: dict[str, int | bool] = {}
        for i, meter in enumerate(m.meters):
            if meter.min >= meter.max:
                self.error(("meters", i, "max"), f"max ({meter.max}) must be above min ({meter.min})", code="range")
            if not meter.min <= meter.start <= meter.max:
                self.error(
                    ("meters", i, "start"), f"start {meter.start} is outside {meter.min}..{meter.max}", code="range"
                )
            initial[meter.id] = meter.start
        for i, counter in enumerate(m.counters):
            if counter.max is not None and not 0 <= counter.start <= counter.max:
                self.error(("counters", i, "start"), f"start {counter.start} is outside 0..{counter.max}", code="range")
            initial[counter.id] = counter.start
        for flag in m.flags:
            initial[flag.id] = flag.start
        dispositions: dict[tuple[str, str], tuple[int, int]] = {}
        for i, seat in enumerate(m.seats):
            self.cite(seat.sources, ("seats", i, "sources"))
            for trait, (low, high) in seat.disposition.items():
                if low > high:
                    self.error(
                        ("seats", i, "disposition", trait), f"'{trait}': low {low} is above high {high}", code="range"
                    )
                dispositions[(seat.id, trait)] = (low, high)
        if not any(s.playable for s in m.seats) and "seats" not in self.broken:
            self.error(("seats",), "no seat is playable", code="seat")

        decisions = {d.id: self.decision(i, d) for i, d in enumerate(m.decisions)}
        events = {e.id: self.event(i, e) for i, e in enumerate(m.events)}
        endings = {}
        for i, e in enumerate(m.endings):
            p = ("endings", i)
            endings[e.id] = EndingPlan(e, e.id, self.cond(e.when, p + ("when",)) or _TRUE, e.trigger, e.historical)
            self.cite(e.sources, p + ("sources",))
        historical = [i for i, e in enumerate(m.endings) if e.historical]
        for i in historical[1:]:
            self.error(
                ("endings", i, "historical"),
                f"ending '{m.endings[i].id}' is marked historical, and so is '{m.endings[historical[0]].id}': "
                "history has one ending, so mark one",
                code="historical",
            )
        if not any(e.trigger == "end" and e.when is True for e in m.endings) and "endings" not in self.broken:
            self.error(
                ("endings",),
                "add a fallback ending with 'trigger: end' and no 'when', "
                "so the game always has an ending when the clock runs out",
                code="ending",
            )

        outcomes = self.outcomes()
        trusted_by = self.stance(initial)
        plan = Plan(
            model=m,
            path=path,
            files=files,
            content_hash=content_hash,
            start=self.start,
            length=self.end,
            seats={s.id: s for s in m.seats},
            initial=initial,
            visible_meters=tuple(x.id for x in m.meters if x.visible),
            decisions=decisions,
            events=events,
            endings=endings,
            facts=self.facts,
            stance=m.stance,
            trusted_by=trusted_by,
            trust_moved=frozenset(self.moved),
            dispositions=dispositions,
        )
        plan.timed_events = tuple(
            sorted((e for e in events.values() if e.at is not None), key=lambda e: (e.at, e.order))
        )
        plan.watch_events = tuple(e for e in events.values() if e.at is None)
        plan.early_endings = tuple(e for e in endings.values() if e.trigger == "early")
        plan.outcomes = outcomes
        plan.scheduled = tuple(sorted((d for d in decisions.values() if d.scheduled), key=lambda d: (d.at, d.order)))
        plan.index_moments()
        plan.index_watchers()
        return plan

    def outcomes(self) -> tuple[OutcomePlan, ...]:
        """Key outcomes for class reports: each a yes-or-no 'when' or a list of 'cases', never both."""
        self.unique("outcome", [(x.id, ("outcomes", i, "id")) for i, x in enumerate(self.m.outcomes)])
        out = []
        for i, o in enumerate(self.m.outcomes):
            p = ("outcomes", i)
            if (o.when is None) == (not o.cases):
                self.error(
                    p + ("id",),
                    f"outcome '{o.id}': give 'when' (a yes-or-no outcome) or 'cases' (one of several answers), "
                    + ("not both" if o.cases else "not neither"),
                    code="outcome",
                )
            cases = tuple(
                (c.label, self.cond(c.when, p + ("cases", j, "when")) or _TRUE) for j, c in enumerate(o.cases)
            )
            out.append(OutcomePlan(o, o.id, self.cond(o.when, p + ("when",)), cases))
        return tuple(out)

    def decision(self, i: int, d: models.Decision) -> DecisionPlan:
        p = ("decisions", i)
        at = self.when_in_clock(d.at, p + ("at",)) or 0
        until = self.when_in_clock(d.until, p + ("until",))
        if until is not None and until < at:
            self.error(p + ("until",), "'until' is before 'at'", code="time")
        vote = None
        if (d.actor is None) == (d.vote is None):
            self.error(p, f"decision '{d.id}' needs exactly one of 'actor' (one seat decides) or 'vote'", code="actor")
            actors: tuple[str, ...] = ()
        elif d.actor is not None:
            self.seat(d.actor, p + ("actor",))
            actors = (d.actor,)
        elif d.vote is not None:
            actors = tuple(d.vote.voters)
            vote = self.vote(d.vote, p + ("vote",))
        self.unique("option", [(o.id, p + ("options", j, "id")) for j, o in enumerate(d.options)])
        self.cite(d.sources, p + ("sources",))
        visible: frozenset[str] | None
        if d.visible_to == "all":
            visible = None
        elif d.visible_to == "actors":
            visible = frozenset(actors)
        else:
            for j, s in enumerate(d.visible_to):
                self.seat(s, p + ("visible_to", j))
            visible = frozenset(d.visible_to)
        options = tuple(self.option(d, vote, p + ("options", j), o) for j, o in enumerate(d.options))
        historical = [o for o in options if o.historical_for]
        if vote is None and len(historical) > 1:
            self.error(
                p + ("options",),
                f"decision '{d.id}' marks {len(historical)} options historical; mark exactly one",
                code="historical",
            )
        if vote is not None:
            counted: dict[str, str] = {}
            for o in options:
                for seat in o.historical_for:
                    if seat in counted:
                        self.error(
                            p + ("options",),
                            f"seat '{seat}' is historical in both '{counted[seat]}' and '{o.id}'",
                            code="historical",
                        )
                    counted[seat] = o.id
        plan = DecisionPlan(
            d,
            d.id,
            i,
            at,
            self.end if until is None else until,
            self.cond(d.when, p + ("when",)),
            d.scheduled,
            actors,
            options,
            vote,
            visible,
        )
        plan.by_id = {o.id: o for o in options}
        return plan

    def vote(self, v: models.Vote, p: Loc) -> VotePlan:
        for j, s in enumerate(v.voters):
            self.seat(s, p + ("voters", j))
        if len(set(v.voters)) != len(v.voters):
            self.error(p + ("voters",), "a seat is listed twice among the voters", code="vote")
        recuse = []
        for j, r in enumerate(v.recuse):
            self.seat(r.seat, p + ("recuse", j, "seat"))
            if r.seat not in v.voters:
                self.error(p + ("recuse", j, "seat"), f"'{r.seat}' is not among the voters", code="vote")
            recuse.append(Recuse(r.seat, self.cond(r.when, p + ("recuse", j, "when")) or _TRUE, r.reason))
        if isinstance(v.threshold, int) and v.threshold > len(v.voters):
            self.error(
                p + ("threshold",), f"threshold {v.threshold} is more than the {len(v.voters)} voters", code="vote"
            )
        if v.quorum > len(v.voters):
            self.error(p + ("quorum",), f"quorum {v.quorum} is more than the {len(v.voters)} voters", code="vote")
        self.reachable(v, p)
        return VotePlan(
            tuple(v.voters),
            tuple(recuse),
            v.threshold,
            v.base,
            v.quorum,
            self.result(v.passed, p + ("passed",)),
            self.result(v.failed, p + ("failed",)),
        )

    def reachable(self, v: models.Vote, p: Loc) -> None:
        """A vote that its unconditional recusals leave unable to pass. (One that conditional recusals can
        leave so is not flagged: a board that has lost its quorum may be the scenario's point.)"""
        voters = set(v.voters)
        recused = {r.seat for r in v.recuse if r.when is True} & voters
        if not recused:
            return
        present = len(voters - recused)
        need = needed_votes(v.threshold, present if v.base == "present" else len(voters))
        if present >= need and present >= v.quorum:
            return
        why = f"the quorum is {v.quorum}" if present < v.quorum else f"it needs {need} yes votes"
        self.error(
            p + ("threshold",),
            f"this vote can never pass: {', '.join(sorted(recused))} always recused, {present} of "
            f"{len(voters)} voters are left, and {why}",
            code="vote",
        )

    def option(self, d: models.Decision, vote: VotePlan | None, p: Loc, o: models.Option) -> OptionPlan:
        rules = []
        for k, rule in enumerate(o.policy):
            if rule.seats is not None:
                for j, s in enumerate(rule.seats):
                    self.seat(s, p + ("policy", k, "seats", j))
            rules.append(
                Rule(
                    self.cond(rule.when, p + ("policy", k, "when")) or _TRUE,
                    None if rule.seats is None else frozenset(rule.seats),
                    rule.chance,
                )
            )
        if vote is not None:
            if o.ballot is None:
                self.error(p, f"option '{o.id}' is in a vote: give it 'ballot: yes', 'no' or 'abstain'", code="vote")
            if isinstance(o.historical, bool):
                if o.historical:
                    self.error(
                        p + ("historical",),
                        "in a vote, 'historical' lists the seats that cast this ballot",
                        code="historical",
                    )
                hist: frozenset[str] = frozenset()
            else:
                for j, s in enumerate(o.historical):
                    if s not in vote.voters:
                        self.error(p + ("historical", j), f"'{s}' is not among the voters", code="historical")
                hist = frozenset(o.historical)
        else:
            if o.ballot is not None:
                self.error(p + ("ballot",), "'ballot' is only for options in a vote", code="vote")
            if isinstance(o.historical, list):
                self.error(p + ("historical",), "'historical' is true or false outside a vote", code="historical")
                hist = frozenset()
            else:
                hist = frozenset([d.actor]) if o.historical and d.actor else frozenset()
        self.cite(o.sources, p + ("sources",))
        dec, end = self.target(o.next, p + ("next",))
        return OptionPlan(
            o,
            o.id,
            self.cond(o.when, p + ("when",)),
            self.effects(o.effects, p + ("effects",)),
            dec,
            end,
            tuple(rules),
            hist,
            o.ballot,
            self.trust(o.trust, p + ("trust",), d.actor, vote.voters if vote is not None else ()),
        )

    def event(self, i: int, e: models.Event) -> EventPlan:
        p = ("events", i)
        at = self.when_in_clock(e.at, p + ("at",))
        until = self.when_in_clock(e.until, p + ("until",))
        if until is not None and at is not None and until < at:
            self.error(p + ("until",), "'until' is before 'at'", code="time")
        if e.at is None and e.when is None:
            self.error(p, f"event '{e.id}' needs 'at', 'when' or both", code="event")
        visible = None
        if e.visible_to != "all":
            for j, s in enumerate(e.visible_to):
                self.seat(s, p + ("visible_to", j))
            visible = frozenset(e.visible_to)
        self.cite(e.sources, p + ("sources",))
        return EventPlan(
            e,
            e.id,
            i,
            at,
            self.end if until is None else until,
            self.cond(e.when, p + ("when",)),
            e.chance,
            self.effects(e.effects, p + ("effects",)),
            visible,
            self.trust(e.trust, p + ("trust",)),
        )


def compile_plan(
    model: Scenario,
    merged: Merged,
    facts: FactBase,
    path: Path,
    files: list[str],
    content_hash: str,
    *,
    broken: Broken | None = None,
) -> tuple[Plan, list[Problem]]:
    """``broken``: ids of the items left out of ``model`` for errors already reported, by list key."""
    compiler = _Compiler(model, merged, facts, broken)
    plan = compiler.run(path, files, content_hash)
    return plan, compiler.problems


def text_of(value: LText | None, lang: str) -> str:
    return value.get(lang) if value is not None else ""
