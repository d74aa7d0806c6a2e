"""``lint``: everything ``validate`` checks, plus warnings found by reading and by playing the scenario."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine.game import Game
from ..engine.history import play_historical
from ..i18n import stamp
from ..scenario.models import Counter, Flag, Meter
from ..scenario.plan import DecisionPlan, Effect, Plan
from ..scenario.problems import Problem
from ..scenario.stance import is_trust_key, pair_of
from ..scenario.translations import declared_missing
from . import witness
from .explore import Exploration, TooManyStates, explore


@dataclass
class Lint:
    plan: Plan
    problems: list[Problem]

    def warn(self, path: tuple[Any, ...], message: str, code: str) -> None:
        assert self.plan.locate is not None
        self.problems.append(self.plan.locate(path, message, severity="warning", code=code))


def _option_path(plan: Plan, decision: str, option: str) -> tuple[Any, ...]:
    d = plan.decisions[decision]
    index = next(i for i, o in enumerate(d.options) if o.id == option)
    return ("decisions", d.order, "options", index)


def _effects(plan: Plan) -> Iterable[Effect]:
    for d in plan.decisions.values():
        for o in d.options:
            yield from o.effects
        if d.vote is not None:
            yield from d.vote.passed.effects
            yield from d.vote.failed.effects
    for e in plan.events.values():
        yield from e.effects


def _reads(plan: Plan) -> set[str]:
    return set().union(*(c.names for c in plan.conditions()))


def check_usage(lint: Lint) -> None:
    plan = lint.plan
    written = {e.name for e in _effects(plan)}
    read = _reads(plan)
    groups: tuple[tuple[str, Sequence[Meter | Counter | Flag], str], ...] = (
        ("meters", plan.model.meters, "meter"),
        ("counters", plan.model.counters, "counter"),
        ("flags", plan.model.flags, "flag"),
    )
    for key, items, kind in groups:
        for i, item in enumerate(items):
            visible = getattr(item, "visible", False)
            if item.id not in written:
                lint.warn((key, i, "id"), f"{kind} '{item.id}' is never changed by any option or event", "unused")
            if item.id not in read and not visible:
                lint.warn(
                    (key, i, "id"), f"{kind} '{item.id}' is never read by any condition and is not shown", "unused"
                )


def check_stance(lint: Lint) -> None:
    """A trust that a condition reads but nothing moves is a constant: probably a missing 'trust:' entry."""
    plan = lint.plan
    read = {pair_of(d) for c in plan.conditions() for d in c.deps if isinstance(d, str) and is_trust_key(d)}
    for observer, subject in sorted(read - plan.trust_moved):
        lint.warn(
            ("stance",),
            f"trust({observer}, {subject}) is read by a condition but no option, event or vote result moves it",
            "unused",
        )


def check_dispositions(lint: Lint) -> None:
    """A trait no condition reads changes nothing from game to game."""
    import re

    pattern = re.compile(r"disposition\(\s*([a-z][a-z0-9_]*)\s*,\s*([a-z][a-z0-9_]*)\s*\)")
    read = {pair for c in lint.plan.conditions() for pair in pattern.findall(c.source)}
    for i, seat in enumerate(lint.plan.model.seats):
        for trait in seat.disposition:
            if (seat.id, trait) not in read:
                lint.warn(
                    ("seats", i, "disposition", trait),
                    f"disposition trait '{trait}' of '{seat.id}' is read by no condition",
                    "unused",
                )


def check_translations(lint: Lint) -> None:
    declared = lint.plan.model.languages
    for path, langs in declared_missing(lint.plan.model):
        if len(langs) == len(declared) > 1:
            message = (
                f"text has no translations: write it as {{{', '.join(f'{x}: ...' for x in declared)}}} "
                f"(the scenario declares languages: [{', '.join(declared)}])"
            )
        else:
            message = (
                f"missing translation: {', '.join(langs)} (the scenario declares languages: [{', '.join(declared)}])"
            )
        lint.warn(path, message, "translation")


def check_stale_translations(lint: Lint) -> None:
    """Translations imported from a table whose source text has changed since (see ``boardroom strings``)."""
    from .strings import LOCK_FILE, stale

    source = lint.plan.model.languages[0]
    for entry, lang in stale(lint.plan):
        lint.warn(
            entry.path,
            f"translation ({lang}) may be stale: the {source} text changed after it was translated "
            f"({LOCK_FILE}); check it, or export the strings again for the translator",
            "stale-translation",
        )


def check_sources(lint: Lint) -> None:
    """A historical option claims that someone did this: it should say on what evidence."""
    for d in lint.plan.decisions.values():
        for j, o in enumerate(d.options):
            if o.historical_for and not o.model.sources:
                lint.warn(
                    ("decisions", d.order, "options", j, "historical"),
                    f"option '{o.id}' of '{d.id}' is marked historical but cites no fact: add 'sources'",
                    "history",
                )


def check_history(lint: Lint) -> None:
    plan = lint.plan
    historical = [e for e in plan.endings.values() if e.historical]
    if not historical:
        lint.warn(("endings",), "no ending is marked historical: true", "history")
        return
    for seat in plan.playable_seats():
        try:
            game = play_historical(plan, [seat.id])
        except Exception as exc:
            lint.warn(
                ("seats", list(plan.seats).index(seat.id)), f"history from seat '{seat.id}' fails: {exc}", "history"
            )
            continue
        if game.ending is None or not game.ending.historical:
            got = game.ending.id if game.ending else "no ending"
            lint.warn(
                ("seats", list(plan.seats).index(seat.id), "id"),
                f"broken historical path: from seat '{seat.id}', history's options lead to '{got}', "
                f"not the historical ending '{historical[0].id}'{_why_it_ended(game)}",
                "history",
            )


def _why_it_ended(game: Game) -> str:
    """Where an early ending cut history short: the author otherwise adds up effects by hand to find it."""
    ending = game.ending
    if ending is None or ending.trigger != "early":
        return ""
    steps = [e for e in game.log if e.kind in ("decision", "vote", "event")]
    last = steps[-1] if steps else None
    after = "" if last is None else f", after {last.id}" + (f".{last.option}" if last.option else "")
    when = f" ({' '.join(ending.model.when.split())})" if isinstance(ending.model.when, str) else ""
    return f"; the early ending '{ending.id}'{when} came at {stamp(game.plan, game.state.minute)}{after}"


def _draws_chance(decision: DecisionPlan) -> bool:
    """Whether the policy of one of the decision's actors draws a `chance` there."""
    return any(
        rule.chance < 1 and (rule.seats is None or not rule.seats.isdisjoint(decision.actors))
        for option in decision.options
        for rule in option.policy
    )


def check_reachability(lint: Lint, result: Exploration) -> None:
    plan = lint.plan
    for decision in result.never_decided:
        lint.warn(
            ("decisions", plan.decisions[decision].order, "id"),
            f"decision '{decision}' is never reached from any seat",
            "unreachable",
        )
    never = set(result.never_chosen)
    enabled = set().union(*(r.enabled for r in result.seats))
    for decision, option in sorted(never):
        d = plan.decisions[decision]
        played = [r for r in result.seats if r.seat in d.actors]
        if decision in result.never_decided or not played or (decision, option) in enabled:
            continue
        if any(decision in r.decisions for r in played):
            message = f"option '{option}' of '{decision}' can never be chosen: it is never available"
            code = "never-enabled"
        elif _draws_chance(d):
            # Exploration plays one seed, so it sees one draw of each `chance`: another seed may pick it.
            continue
        else:
            # Not the option's fault: its decision comes up only while someone else is played.
            seats = ", ".join(d.actors)
            message = (
                f"option '{option}' of '{decision}' is never picked: '{decision}' comes up only while another "
                f"seat is played, and the policy of {seats} never picks it"
            )
            code = "never-picked"
        lint.warn(_option_path(plan, decision, option), message, code)
    for ending in result.unreached_endings:
        index = list(plan.endings).index(ending)
        lint.warn(("endings", index, "id"), f"ending '{ending}' is reached from no seat", "unreachable")
    for report in result.seats:
        for decision, path in report.dead_ends.items():
            lint.warn(
                ("decisions", plan.decisions[decision].order, "id"),
                f"dead end: '{decision}' comes up with no option available (seat {report.seat}, "
                f"after: {', '.join(path) or 'the start'})",
                "dead-end",
            )


def check_reachability_cheaply(lint: Lint, max_states: int) -> None:
    """check_reachability, sparing the exploration of a large scenario when games show all it could.

    A scenario of up to EXPLORE_FIRST states a seat is explored at once, which costs less than the games. A
    larger one is played first (witness.py): when the games reach everything and no decision can come up
    with nothing open, exploring would warn of nothing, and is skipped. Otherwise it is explored in full, and
    the warnings are exploration's, as they always were.
    """
    plan = lint.plan
    try:
        check_reachability(lint, explore(plan, max_states=min(max_states, witness.EXPLORE_FIRST)))
        return
    except TooManyStates:
        pass
    seats = [seat.id for seat in plan.playable_seats()]
    if witness.dead_ends_impossible(plan) and witness.reached_everything(plan, seats):
        return
    try:
        check_reachability(lint, explore(plan, max_states=max_states))
    except TooManyStates as exc:
        lint.warn((), f"exploration stopped: {exc}; reachability warnings are incomplete", "explore-limit")


def own_sheets(plan: Plan, project_seeds: Path | None) -> set[str]:
    """Fact sheets that belong to this scenario: its own seeds/, and the project's if it is a project scenario."""
    folder = (plan.path if plan.path.is_dir() else plan.path.parent).resolve()
    mine = set()
    for sheet, file in plan.facts.files.items():
        where = Path(file).resolve()
        if where.is_relative_to(folder) or (project_seeds is not None and where.is_relative_to(project_seeds)):
            mine.add(sheet)
    return mine


def check_citations(lint: Lint, cited: set[str], sheets: set[str]) -> None:
    facts = lint.plan.facts
    by_sheet: dict[str, list[str]] = {}
    for fact_id, sheet in facts.sheet_of.items():
        if sheet in sheets:
            by_sheet.setdefault(sheet, []).append(fact_id)
    for sheet, ids in sorted(by_sheet.items()):
        uncited = [f for f in ids if f not in cited]
        if len(uncited) == len(ids):
            file, line, col = facts.where[ids[0]]
            lint.problems.append(
                Problem(file, 1, 1, f"fact sheet '{sheet}' is cited by no scenario", severity="warning", code="uncited")
            )
            continue
        for fact_id in uncited:
            file, line, col = facts.where[fact_id]
            lint.problems.append(
                Problem(
                    file, line, col, f"fact '{fact_id}' is cited by no scenario", severity="warning", code="uncited"
                )
            )


def citations(plan: Plan) -> set[str]:
    """Every fact id a scenario cites anywhere."""
    out: set[str] = set()

    def visit(value: Any) -> None:
        from pydantic import BaseModel

        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                item = getattr(value, name)
                if name == "sources" and isinstance(item, list):
                    out.update(item)
                else:
                    visit(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                visit(item)

    visit(plan.model)
    return out


def lint(
    plan: Plan,
    *,
    max_states: int = 200_000,
    cited_elsewhere: set[str] | None = None,
    check_facts: bool = True,
    project_seeds: Path | None = None,
) -> list[Problem]:
    """``project_seeds``: the project's fact folder, checked for uncited facts when this is a project scenario."""
    result = Lint(plan, [])
    check_usage(result)
    check_stance(result)
    check_dispositions(result)
    check_translations(result)
    check_stale_translations(result)
    check_history(result)
    check_sources(result)
    check_reachability_cheaply(result, max_states)
    if check_facts:
        check_citations(result, citations(plan) | (cited_elsewhere or set()), own_sheets(plan, project_seeds))
    return sorted(result.problems)
