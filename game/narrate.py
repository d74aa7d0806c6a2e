"""Plain-text wording of a game: log lines, meter changes, vote results.

Used by plain mode, replay transcripts and the Textual log, so all three read alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .engine import Game, LogEntry
from .i18n import stamp, t
from .scenario.plan import Plan

if TYPE_CHECKING:
    from .saves import Restored


def seat_name(plan: Plan, seat: str, lang: str) -> str:
    s = plan.seats.get(seat)
    return s.name.get(lang) if s else seat


def decision_title(plan: Plan, decision: str, lang: str) -> str:
    return plan.decisions[decision].model.title.get(lang)


def option_text(plan: Plan, decision: str, option: str, lang: str) -> str:
    return plan.decisions[decision].by_id[option].model.text.get(lang)


def label(plan: Plan, name: str, lang: str) -> str:
    for group in (plan.model.meters, plan.model.counters, plan.model.flags):
        for item in group:
            if item.id == name:
                return item.label.get(lang) if item.label is not None else name
    return name


def visible_names(plan: Plan) -> set[str]:
    names = {m.id for m in plan.model.meters if m.visible}
    names |= {c.id for c in plan.model.counters if c.visible}
    return names


def changes_text(plan: Plan, changes: dict[str, tuple[int | bool, int | bool]], lang: str) -> str:
    shown = visible_names(plan)
    parts = []
    for name, (old, new) in changes.items():
        if name not in shown or isinstance(new, bool):
            continue
        delta = int(new) - int(old)
        parts.append(f"{label(plan, name, lang)} {'+' if delta > 0 else '−'}{abs(delta)}")
    return ", ".join(parts)


def stance_label(plan: Plan, lang: str) -> str:
    """What the scenario calls trust ('Trust' unless it names it)."""
    stance = plan.stance
    return stance.label.get(lang) if stance is not None and stance.label is not None else t("stance.label", lang)


def trust_lines(plan: Plan, entry: LogEntry, viewer: str | None, lang: str) -> list[str]:
    """The trust an entry moved, as ``viewer`` is told: their own standing with each seat, with the reasons."""
    word = stance_label(plan, lang)
    lines = []
    for record in entry.trust:
        if viewer is not None and record.subject != viewer:
            continue
        delta = f"{'▲' if record.change > 0 else '▼'}{abs(record.change)}"
        seat = seat_name(plan, record.observer, lang)
        if record.subject == viewer:
            text = t("stance.toward_you", lang, seat=seat, label=word, delta=delta)
        else:
            subject = seat_name(plan, record.subject, lang)
            text = t("stance.toward", lang, seat=seat, label=word, subject=subject, delta=delta)
        because = record.because.get(lang) if record.because is not None else ""
        lines.append(t("stance.because", lang, text=text, because=because) if because else text)
    return lines


def vote_text(plan: Plan, entry: LogEntry, lang: str) -> str:
    tally = entry.tally or {}
    counts = tally.get("counts", {})
    assert isinstance(counts, dict)
    text = t(
        "plain.vote_result",
        lang,
        result=t("vote.passed" if tally.get("passed") else "vote.failed", lang),
        yes=counts.get("yes", 0),
        no=counts.get("no", 0),
        abstain=counts.get("abstain", 0),
        needed=tally.get("needed", 0),
    )
    recused = tally.get("recused") or []
    assert isinstance(recused, list)
    if recused:
        text += " " + t("vote.recused", lang, seats=", ".join(seat_name(plan, s, lang) for s in recused))
    if not tally.get("quorate", True):
        text += f" ({t('vote.not_quorate', lang)})"
    return text


def entry_text(game: Game, entry: LogEntry, lang: str, viewer: str | None = None) -> tuple[str, str]:
    """A log entry as (headline, detail), as ``viewer`` (a seat) reads it."""
    plan = game.plan
    if entry.kind == "event":
        model = plan.events[entry.id].model
        return model.title.get(lang), model.text.get(lang)
    if entry.kind == "decision":
        assert entry.seat and entry.option
        option = plan.decisions[entry.id].by_id[entry.option].model
        if option.news is not None and viewer is not None and viewer != entry.seat:
            # Others learn the news, not the chooser's own words (options are written to the chooser).
            return option.news.get(lang), ""
        if entry.by_player:
            head = t("log.you_chose", lang, option=option.text.get(lang))
        else:
            head = t("log.chose", lang, seat=seat_name(plan, entry.seat, lang), option=option.text.get(lang))
        detail = option.outcome.get(lang) if entry.by_player and option.outcome else ""
        if option.news is not None:
            detail = (detail + "\n" if detail else "") + option.news.get(lang)
        return head, detail
    if entry.kind == "vote":
        decision = plan.decisions[entry.id]
        vote = decision.vote
        result = (vote.passed if (entry.tally or {}).get("passed") else vote.failed) if vote else None
        detail = vote_text(plan, entry, lang)
        if result is not None and result.text is not None:
            detail += "\n" + result.text.get(lang)
        return decision.model.title.get(lang), detail
    if entry.kind == "ending":
        return t("ending.title", lang, title=plan.endings[entry.id].model.title.get(lang)), ""
    return decision_title(plan, entry.id, lang), ""


def log_lines(game: Game, viewer: str | None, lang: str) -> list[str]:
    lines = []
    for entry in game.visible_log(viewer):
        head, detail = entry_text(game, entry, lang, viewer)
        when = stamp(game.plan, entry.minute, lang)
        lines.append(f"[{when}] {head}")
        if detail:
            lines.extend(f"    {line}" for line in detail.splitlines())
        delta = changes_text(game.plan, entry.changes, lang)
        if delta:
            lines.append(f"    ({delta})")
        lines.extend(f"    {line}" for line in trust_lines(game.plan, entry, viewer, lang))
    return lines


def load_notice(restored: Restored, lang: str) -> tuple[str, str] | None:
    """The title and text that tell a player how a save fared against an edited scenario (None: unchanged).

    The TUI shows them in a dialog or a notice, plain mode prints them: the same words in both.
    """
    if restored.stopped_at is not None:
        pending = restored.game.pending
        n, total = restored.stopped_at + 1, restored.stopped_at + len(restored.skipped)
        where = pending.decision.model.title.get(lang) if pending else t("ui.load.at_end", lang)
        return t("ui.load.changed_title", lang), t("ui.load.changed", lang, n=n, total=total, decision=where)
    if restored.scenario_changed:
        return t("ui.load.changed_title", lang), t("ui.load.updated", lang)
    return None
