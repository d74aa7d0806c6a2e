"""What a teacher runs a debrief from: key outcomes over the class, per game and per group, every point
where games left history, and sources a class can look up. Figures and text only; report.py lays them out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..i18n import clock, t
from ..narrate import seat_name
from ..scenario.plan import DecisionPlan, OutcomePlan, Plan

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class GameRecord:
    """One game as a class report sees it."""

    file: str  # where it was read: a file name, or the record and the game's number in it
    scenario: str
    seats: list[str]
    choices: list[tuple[str, str, str]]
    ending: str | None
    diverged_at: str | None
    diverged: list[str]  # every decision where a player left history, in the order played
    timed_out: list[str]  # every decision where a player's time ran out, in the order played
    outcomes: dict[str, int | None]  # outcome id -> OutcomePlan.read on the final state
    group: str = ""  # a set of games played together (a table, a hot seat); "" for a save: its seat decides
    players: str = ""  # who played, when the record knows (names from a class record)
    game: int | None = None  # the game's number in a class record; None for a save

    @property
    def timeouts(self) -> int:
        return len(self.timed_out)


def group_of(plan: Plan, record: GameRecord, lang: str) -> str:
    """A table's name where the record has one; else the seats played, which is what a save can tell."""
    return record.group or " + ".join(seat_name(plan, s, lang) for s in record.seats)


def in_time_order(plan: Plan, decision_ids: set[str]) -> list[DecisionPlan]:
    return sorted((plan.decisions[d] for d in decision_ids if d in plan.decisions), key=lambda d: (d.at, d.order))


def when(plan: Plan, decision: DecisionPlan, lang: str) -> str:
    return clock(plan.time(decision.at), lang, plan.model.clock.zone)


# --- outcomes --------------------------------------------------------------------------------------


def tally(outcome: OutcomePlan, records: Sequence[GameRecord]) -> Counter[int | None]:
    return Counter(r.outcomes.get(outcome.id) for r in records)


def answers(outcome: OutcomePlan, counts: Counter[int | None], lang: str) -> str:
    """'a new board 6 · the directors who fired him 12', most common first."""
    return " · ".join(
        f"{outcome.answer(v, lang) if v is not None else t('rp.none_answer', lang)} {n}"
        for v, n in counts.most_common()
    )


def outcome_cell(outcome: OutcomePlan, value: int | None, lang: str) -> str:
    """One game's answer: a mark for a yes-or-no outcome (✓ or blank), the case's label otherwise."""
    if outcome.when is not None:
        return "✓" if value else ""
    return outcome.answer(value, lang) if value is not None else t("rp.none_answer", lang)


def summary_lines(plan: Plan, records: Sequence[GameRecord], lang: str) -> list[str]:
    """The one-screen summary: '14 of 20 games: the board fired Altman', and so on."""
    total = len(records)
    lines = []
    for outcome in plan.outcomes:
        counts = tally(outcome, records)
        label = outcome.model.label.get(lang)
        if outcome.when is not None:
            lines.append(t("rp.outcome_line", lang, n=counts.get(1, 0), total=total, label=label))
        else:
            label = label[:1].upper() + label[1:]  # it starts the line here
            lines.append(t("rp.case_line", lang, label=label, answers=answers(outcome, counts, lang)))
    historical = sum(1 for r in records if r.ending and plan.endings[r.ending].historical)
    lines.append(t("rp.historical_line", lang, n=historical, total=total))
    timed = [r.timeouts for r in records if r.timeouts]
    if timed:
        lines.append(t("rp.timeouts_line", lang, n=sum(timed), games=len(timed), total=total))
    else:
        lines.append(t("rp.no_timeouts", lang))
    first = Counter(r.diverged_at for r in records if r.diverged_at)
    if first:
        decision, n = max(first.items(), key=lambda kv: (kv[1], -plan.decisions[kv[0]].at))
        lines.append(t("rp.first_line", lang, title=plan.decisions[decision].model.title.get(lang), n=n))
    return lines


# --- tables ----------------------------------------------------------------------------------------


def game_rows(plan: Plan, records: Sequence[GameRecord], lang: str) -> list[list[str]]:
    """A header and one row per game: who, group, ending, each key outcome, first divergence, timeouts."""
    head = [t("rp.col_game", lang), t("rp.col_group", lang), t("rp.col_ending", lang)]
    head += [o.model.label.get(lang) for o in plan.outcomes]
    head += [t("rp.col_first", lang), t("rp.col_timeouts", lang)]
    rows = [head]
    for r in records:
        ending = plan.endings.get(r.ending or "")
        row = [r.players or r.file, group_of(plan, r, lang)]
        row.append(ending.model.title.get(lang) if ending else t("rp.unfinished", lang))
        row += [outcome_cell(o, r.outcomes.get(o.id), lang) for o in plan.outcomes]
        row.append(plan.decisions[r.diverged_at].model.title.get(lang) if r.diverged_at else "")
        row.append(str(r.timeouts) if r.timeouts else "")
        rows.append(row)
    return rows


def group_rows(plan: Plan, records: Sequence[GameRecord], lang: str) -> list[list[str]]:
    """A header and one row per group: its games, how many of them reached each key outcome, its timeouts."""
    groups: dict[str, list[GameRecord]] = {}
    for r in records:
        groups.setdefault(group_of(plan, r, lang), []).append(r)
    head = [t("rp.col_group", lang), t("rp.col_games", lang)]
    head += [o.model.label.get(lang) for o in plan.outcomes]
    head += [t("rp.historical_mark", lang), t("rp.col_timeouts", lang)]
    rows = [head]
    for name, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        row = [name, str(len(members))]
        for o in plan.outcomes:
            counts = tally(o, members)
            row.append(f"{counts.get(1, 0)}/{len(members)}" if o.when is not None else answers(o, counts, lang))
        row.append(str(sum(1 for r in members if r.ending and plan.endings[r.ending].historical)))
        row.append(str(sum(r.timeouts for r in members)))
        rows.append(row)
    return rows


def divergence_rows(plan: Plan, records: Sequence[GameRecord], lang: str) -> list[list[str]]:
    """Every decision where any game left history, in time order: when, what, who, first there, at all."""
    first = Counter(r.diverged_at for r in records if r.diverged_at)
    anywhere = Counter(d for r in records for d in set(r.diverged))
    rows = [[t("rp.col_when", lang), t("rp.col_decision", lang), t("rp.col_first_here", lang), t("rp.col_any", lang)]]
    for decision in in_time_order(plan, set(anywhere)):
        rows.append(
            [
                when(plan, decision, lang),
                decision.model.title.get(lang),
                str(first.get(decision.id, 0)),
                str(anywhere[decision.id]),
            ]
        )
    return rows


# --- sources ---------------------------------------------------------------------------------------


def fact_date(value: str | None, lang: str) -> str:
    """'17 Nov 2023' / '2023年11月17日'; a month alone where only the month is known."""
    if not value:
        return ""
    try:
        day = datetime.strptime(value, "%Y-%m-%d")
        return (
            f"{day.year}年{day.month}月{day.day}日"
            if lang == "zh"
            else f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"
        )
    except ValueError:
        pass
    try:
        month = datetime.strptime(value, "%Y-%m")
    except ValueError:
        return value
    return f"{month.year}年{month.month}月" if lang == "zh" else f"{_MONTHS_EN[month.month - 1]} {month.year}"


def source_line(plan: Plan, fact_id: str, lang: str) -> str:
    """A cited fact as a class can look it up: outlet, title and date (a fact's own source where it names one)."""
    facts = plan.facts
    fact = facts.facts.get(fact_id)
    sheet = facts.sheets.get(facts.sheet_of.get(fact_id, ""))
    if fact is None or sheet is None:
        return fact_id
    if fact.source:  # the fact names its own source, its date included ("NYT, 9 Dec 2023")
        return fact.source
    info = sheet.source
    return ", ".join(x for x in (info.outlet.get(lang), f"“{info.title.get(lang)}”", fact_date(info.date, lang)) if x)


def sources_of(plan: Plan, decision: DecisionPlan, lang: str) -> list[str]:
    """The decision's own citations and its options', each once, as outlet, title and date."""
    ids = list(decision.model.sources)
    for option in decision.options:
        ids += [f for f in option.model.sources if f not in ids]
    return list(dict.fromkeys(source_line(plan, f, lang) for f in ids))
