"""What a choice caused, as a player is shown it: the "what happened" card, and the last days of the week.

After every choice the player sees, in order: what their choice did, then everything they could see that
happened since (events, other seats' choices, votes with their tallies), then how the meters moved and how
the other seats' trust in them moved, with the reasons the game knows. When the player's last decision is
behind them, the rest of the week is told the same way, one card a day, before the ending.

Pure: the Textual screens, plain mode and the class server all render these values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .engine import Game, LogEntry, TrustRecord
from .i18n import stamp, t
from .narrate import entry_text, label, seat_name, trust_lines, visible_names
from .scenario.plan import Plan

_WEEKDAYS_ZH = "一二三四五六日"


@dataclass(frozen=True)
class MeterMove:
    name: str
    label: str
    old: int
    new: int

    @property
    def delta(self) -> int:
        return self.new - self.old


@dataclass(frozen=True)
class Happening:
    """One log entry, worded for the seat that reads it."""

    stamp: str  # a short in-world time: 'Fri 12:00'
    kind: str  # event, decision, vote, skipped, ending
    head: str
    detail: str
    moves: tuple[MeterMove, ...]
    ballots: tuple[tuple[str, str], ...]  # (seat name, ballot word) for a vote whose ballots are open
    trust: tuple[str, ...]  # 'Toner: trust in you ▼10: you went to Altman first'


@dataclass(frozen=True)
class TrustMove:
    seat: str  # the name of the seat whose trust moved
    value: int
    delta: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    """One screenful of consequences."""

    heading: str
    yours: Happening | None  # what the reader's own choice did (None on a card of the last days)
    since: tuple[Happening, ...]  # then what happened, in order
    moves: tuple[MeterMove, ...]  # net meter changes over the card
    trust: tuple[TrustMove, ...]  # the other seats' trust in the reader that moved over the card
    ending: str | None  # the ending's title when the game ended within the card

    @property
    def empty(self) -> bool:
        return self.yours is None and not self.since and not self.moves and not self.trust


def day_heading(moment: datetime, lang: str) -> str:
    if lang == "zh":
        return f"{moment.month}月{moment.day}日 周{_WEEKDAYS_ZH[moment.weekday()]}"
    return f"{moment:%A} {moment.day} {moment:%B}"


def _moves(game: Game, changes: dict[str, tuple[int | bool, int | bool]], lang: str) -> tuple[MeterMove, ...]:
    shown = visible_names(game.plan)
    return tuple(
        MeterMove(name, label(game.plan, name, lang), int(old), int(new))
        for name, (old, new) in changes.items()
        if name in shown and not isinstance(new, bool) and new != old
    )


def _ballots(game: Game, entry: LogEntry, lang: str) -> tuple[tuple[str, str], ...]:
    tally = entry.tally or {}
    cast = tally.get("ballots")
    if not isinstance(cast, dict):
        return ()
    decision = game.plan.decisions[entry.id]
    out = []
    for seat in decision.vote.voters if decision.vote else ():
        option_id = cast.get(seat)
        if option_id is None:
            continue
        ballot = decision.by_id[option_id].ballot or "abstain"
        out.append((seat_name(game.plan, seat, lang), t(f"ballot.{ballot}", lang)))
    return tuple(out)


def happening(game: Game, entry: LogEntry, reader: str, lang: str, *, open_ballots: bool) -> Happening:
    """``entry`` as ``reader`` reads it. Another player's choice is worded as theirs, never as 'You chose'."""
    plan = game.plan
    if entry.kind == "decision" and entry.by_player and entry.seat != reader and entry.seat and entry.option:
        option = plan.decisions[entry.id].by_id[entry.option].model
        head = t("log.chose", lang, seat=seat_name(plan, entry.seat, lang), option=option.text.get(lang))
        detail = option.news.get(lang) if option.news is not None else ""
    else:
        head, detail = entry_text(game, entry, lang, reader)
    ballots = _ballots(game, entry, lang) if entry.kind == "vote" and open_ballots else ()
    return Happening(
        stamp(plan, entry.minute, lang),
        entry.kind,
        head,
        detail,
        _moves(game, entry.changes, lang),
        ballots,
        tuple(trust_lines(plan, entry, reader, lang)),
    )


def _own(entry: LogEntry, reader: str) -> bool:
    """The reader's own choice: a decision they took, or a vote they cast a ballot in."""
    return entry.by_player and reader in (entry.seat or "").split(",")


Values = dict[str, int | bool]


def _values_until(game: Game, minute: int) -> Values:
    """The world as it stood after everything that happened up to ``minute`` (seen by the reader or not)."""
    values = game.trajectory[0][1]
    for at, state in game.trajectory:
        if at > minute:
            break
        values = state
    return values


def _net(before: Values, after: Values) -> dict[str, tuple[int | bool, int | bool]]:
    # From the world's values, not from the entries the reader saw: a meter moved by something the reader
    # could not see still moved, and the card must not disagree with the meters on the play screen.
    return {name: (before[name], value) for name, value in after.items() if name in before and before[name] != value}


def _day_end(game: Game, minute: int) -> int:
    moment = game.plan.time(minute)
    midnight = moment.replace(hour=0, minute=0) + timedelta(days=1)
    return minute + int((midnight - moment).total_seconds() // 60) - 1


def _trust(game: Game, reader: str, entries: list[LogEntry], lang: str) -> tuple[TrustMove, ...]:
    plan = game.plan
    if plan.stance is None:
        return ()
    moved: dict[str, list[str]] = {}
    delta: dict[str, int] = {}
    for entry in entries:
        for record in entry.trust:
            if record.subject != reader:
                continue
            delta[record.observer] = delta.get(record.observer, 0) + record.new - record.old
            reasons = moved.setdefault(record.observer, [])
            if record.because is not None:
                reasons.append(record.because.get(lang))
    now = {view.seat: view.value for view in game.stances(reader)}
    return tuple(
        TrustMove(seat_name(plan, seat, lang), now.get(seat, 0), delta[seat], tuple(moved[seat]))
        for seat in plan.trusted_by.get(reader, ())
        if delta.get(seat)
    )


def _card(
    game: Game,
    reader: str,
    entries: list[LogEntry],
    lang: str,
    heading: str,
    span: tuple[Values, Values],
    *,
    open_ballots: bool,
) -> Card:
    yours = None
    rest = entries
    if entries and _own(entries[0], reader):
        yours = happening(game, entries[0], reader, lang, open_ballots=open_ballots)
        rest = entries[1:]
    since = tuple(
        happening(game, e, reader, lang, open_ballots=open_ballots) for e in rest if e.kind not in ("ending",)
    )
    ending = next((e for e in entries if e.kind == "ending"), None)
    title = game.plan.endings[ending.id].model.title.get(lang) if ending is not None else None
    moves = _moves(game, _net(*span), lang)
    return Card(heading, yours, since, moves, _trust(game, reader, entries, lang), title)


def _why(plan: Plan, record: TrustRecord, reader: str, lang: str) -> str:
    """The reason a move is told by: the scenario's own words, else whose choice (or what event) moved it."""
    if record.because is not None:
        return record.because.get(lang)
    if record.cause is not None and record.cause != reader:
        return t("stance.after_choice", lang, seat=seat_name(plan, record.cause, lang))
    return t("stance.after_events", lang)


def standings(game: Game, reader: str, lang: str) -> tuple[TrustMove, ...]:
    """Every other seat's trust in the reader now, what moved it since just before the last choice, and why.

    Empty when the scenario keeps no stances toward the reader. Unmoved seats are listed too (delta 0), so a
    characters panel shows everyone.
    """
    plan = game.plan
    return tuple(
        TrustMove(
            seat_name(plan, view.seat, lang),
            view.value,
            view.delta,
            tuple(dict.fromkeys(_why(plan, r, reader, lang) for r in view.reasons)),
        )
        for view in game.stances(reader)
    )


def after_choice(game: Game, reader: str, lang: str, *, open_ballots: bool = True) -> Card:
    """What happened from the reader's last choice up to now (the next decision, or the end of the game).

    A game that has ended shows only up to the end of the day of the reader's last choice here; the days
    after it belong to :func:`last_days`.
    """
    entries = game.visible_log(reader)
    start = max((i for i, e in enumerate(entries) if _own(e, reader)), default=None)
    if start is None:
        return Card(t("aftermath.heading", lang), None, (), (), (), None)
    stretch = entries[start:]
    after = game.values
    if game.over:
        end = _day_end(game, stretch[0].minute)
        stretch = [e for e in stretch if e.minute <= end]
        after = _values_until(game, end)
    span = (game.previous, after)
    return _card(game, reader, stretch, lang, t("aftermath.heading", lang), span, open_ballots=open_ballots)


def since_turn(game: Game, reader: str, start: int, before: Values, lang: str, *, open_ballots: bool = False) -> Card:
    """Hot seat: what the reader could see happen from log entry ``start`` on (while the others played), with
    the meters' net moves from ``before`` (the world as the reader last saw it). Ballots stay secret unless
    ``open_ballots``. Empty when nothing happened, or when an undo took the log back past ``start``."""
    heading = t("aftermath.since_turn", lang)
    if start > len(game.log):
        return Card(heading, None, (), (), (), None)
    entries = [e for e in game.log[start:] if e.visible(reader)]
    return _card(game, reader, entries, lang, heading, (before, game.values), open_ballots=open_ballots)


def last_days(game: Game, reader: str, lang: str, *, open_ballots: bool = True) -> list[Card]:
    """After the reader's last choice, the rest of the week as the clock ran it: one card a day.

    Empty while the game is still going. The day of the last choice itself is on the after-choice card.
    """
    if not game.over:
        return []
    entries = game.visible_log(reader)
    start = max((i + 1 for i, e in enumerate(entries) if _own(e, reader)), default=0)
    first_day = game.plan.time(entries[start - 1].minute).date() if start else None
    days: dict[object, list[LogEntry]] = {}
    for entry in entries[start:]:
        day = game.plan.time(entry.minute).date()
        if day == first_day:
            continue
        days.setdefault(day, []).append(entry)
    cards = []
    for group in days.values():
        first = group[0].minute
        heading = day_heading(game.plan.time(first), lang)
        span = (_values_until(game, _day_end(game, first) - 24 * 60), _values_until(game, _day_end(game, first)))
        cards.append(_card(game, reader, group, lang, heading, span, open_ballots=open_ballots))
    return cards
