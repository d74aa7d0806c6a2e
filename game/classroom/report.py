"""Class reports: every save and transcript in a folder, or every game in a class record, summed up for a
debrief (the figures themselves are in debrief.py).

Unreadable files are listed, never fatal.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import safefile, saves
from ..engine.history import compare, diverged_at
from ..i18n import t
from ..narrate import seat_name
from ..sanitize import clean_tree
from ..scenario.plan import DecisionPlan, Plan
from ..verdict import Verdict
from .debrief import (
    GameRecord,
    divergence_rows,
    game_rows,
    group_rows,
    in_time_order,
    sources_of,
    summary_lines,
    when,
)
from .html import bar_chart, e, page
from .record import ClassRecord, RecordError
from .transcript import MD_DATA_PREFIX

RECORD_SUFFIXES = (".sqlite", ".sqlite3", ".db")

MAX_FILES = 2000
MAX_TRANSCRIPT_BYTES = 8 * 1024 * 1024
_HTML_DATA = re.compile(r'<script type="application/json" id="boardroom-data">(.*?)</script>', re.S)


@dataclass
class ScenarioSummary:
    plan: Plan
    records: list[GameRecord] = field(default_factory=list)


@dataclass
class ClassData:
    summaries: dict[str, ScenarioSummary]
    unreadable: list[tuple[str, str]]
    files: int
    reflections: list[tuple[str, str, str]] = field(default_factory=list)  # (student, prompt, answer)


def _from_transcript(path: Path, folder: Path) -> dict[str, Any]:
    text = safefile.read_limited(path, MAX_TRANSCRIPT_BYTES, folder=folder).decode("utf-8-sig")
    if path.suffix == ".md":
        line = next((x for x in text.splitlines() if x.startswith(MD_DATA_PREFIX)), None)
        if line is None:
            raise ValueError("no Boardroom data in this Markdown file")
        payload = line[len(MD_DATA_PREFIX) :].removesuffix("-->").strip()
    else:
        match = _HTML_DATA.search(text)
        if match is None:
            raise ValueError("no Boardroom data in this HTML file")
        payload = match.group(1).replace("<\\/", "</")
    try:
        data = clean_tree(json.loads(payload))
    except RecursionError:
        raise ValueError("its Boardroom data is nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != "boardroom-transcript":
        raise ValueError("not a Boardroom transcript")
    return data


class _Collector:
    """Replays each game it is given and keeps, for each playthrough, its furthest record."""

    def __init__(self, find_plan: Callable[[str], Plan | None]):
        self.find_plan = find_plan
        self.summaries: dict[str, ScenarioSummary] = {}
        self.unreadable: list[tuple[str, str]] = []
        self.by_game: dict[str, GameRecord] = {}
        # Looked up once per scenario id: a folder of saves naming an unknown id must not reload every scenario.
        self.plans: dict[str, Plan | None] = {}

    def add(
        self, name: str, save: saves.SaveFile, *, group: str = "", players: str = "", number: int | None = None
    ) -> None:
        if save.scenario not in self.plans:
            self.plans[save.scenario] = self.find_plan(save.scenario)
        plan = self.plans[save.scenario]
        if plan is None:
            self.unreadable.append((name, f"unknown scenario '{save.scenario}'"))
            return
        try:
            restored = saves.restore(plan, save)
        except saves.SaveError as exc:
            self.unreadable.append((name, str(exc)))
            return
        game = restored.game
        rows = compare(game)
        record = GameRecord(
            name,
            save.scenario,
            list(save.seats),
            [(c.decision, c.seat, c.option) for c in game.choices],
            game.ending.id if game.ending else None,
            diverged_at(game),
            [d for d, _s, _o, _h, v in rows if v is Verdict.DIVERGED],
            [c.decision for c in game.choices if c.timed_out],
            {o.id: o.read(game.state) for o in plan.outcomes} if game.over else {},
            group,
            players,
            number,
        )
        summary = self.summaries.setdefault(save.scenario, ScenarioSummary(plan))
        earlier = self.by_game.get(save.game_id) if save.game_id else None
        if earlier is None:
            summary.records.append(record)
        elif len(record.choices) > len(earlier.choices):
            summary.records[summary.records.index(earlier)] = record
        else:
            return
        if save.game_id:
            self.by_game[save.game_id] = record


def _save_of(scenario: str, seats: list[str], choices: list[tuple[str, str, str]], **more: object) -> saves.SaveFile:
    """A save's checks on fields read from elsewhere (a transcript, a class record): ids, never paths."""
    return saves.SaveFile(
        format="boardroom-save",
        version=saves.VERSION,
        scenario=scenario,
        scenario_hash="",
        seats=seats,
        choices=choices,
        **more,
    )


def collect(source: Path, find_plan: Callable[[str], Plan | None]) -> ClassData:
    """A folder of saves and transcripts, or a class record (a .sqlite file)."""
    if source.suffix in RECORD_SUFFIXES and not source.is_dir():
        return collect_record(source, find_plan)
    return collect_folder(source, find_plan)


def collect_folder(folder: Path, find_plan: Callable[[str], Plan | None]) -> ClassData:
    into = _Collector(find_plan)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".json", ".md", ".html"))
    for path in files[:MAX_FILES]:
        name = safefile.shown(path.relative_to(folder))
        try:
            if path.suffix == ".json":
                save = saves.read(path, folder=folder)
            else:
                raw = _from_transcript(path, folder)
                save = _save_of(
                    str(raw["scenario"]),
                    [str(s) for s in raw["seats"]],
                    [tuple(c) for c in raw["choices"]],
                    game_id=str(raw.get("game_id") or ""),
                    timeouts=raw.get("timeouts") or [],  # older transcripts have none
                )
        # ValidationError is a ValueError; a damaged file is listed, whatever is wrong with it.
        except (saves.SaveError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
            into.unreadable.append((name, safefile.shown(exc)[:300]))
            continue
        into.add(name, save)
    if len(files) > MAX_FILES:
        into.unreadable.append((f"{len(files) - MAX_FILES} more files", f"only the first {MAX_FILES} were read"))
    return ClassData(into.summaries, into.unreadable, len(files))


def collect_record(path: Path, find_plan: Callable[[str], Plan | None]) -> ClassData:
    """Every game in a class record, named by its players; a damaged record is listed, never fatal."""
    into = _Collector(find_plan)
    shown = safefile.shown(path.name)
    reflections: list[tuple[str, str, str]] = []
    try:
        with ClassRecord.read(path) as record:
            for session in record.sessions():
                names = {s.id: s.name for s in record.students(session.id)}
                for row in record.games(session.id):
                    who = ", ".join(dict.fromkeys(names.get(st, "?") for st in row.players.values()))
                    name = f"{shown} #{row.id}"
                    try:
                        choices = record.choices(row.id)
                        save = _save_of(
                            session.scenario,
                            sorted(row.players),
                            [(c.decision, c.seat, c.option) for c in choices],
                            seed=row.seed,
                            game_id=row.uid,
                            timeouts=[c.index for c in choices if c.timed_out],
                        )
                    except (RecordError, ValueError) as exc:  # one damaged game; the others are still read
                        into.unreadable.append((name, safefile.shown(exc)[:300]))
                        continue
                    into.add(name, save, group=row.group or "", players=who, number=row.id)
                reflections += [(names.get(r.student, "?"), r.prompt, r.answer) for r in record.reflections(session.id)]
    except RecordError as exc:
        into.unreadable.append((shown, str(exc)))
    return ClassData(into.summaries, into.unreadable, 1, reflections)


@dataclass
class Figures:
    seats: Counter[str]
    endings: Counter[str]
    options: dict[str, Counter[str]]
    divergences: Counter[str]  # first divergences
    questions: list[tuple[str, int]]
    timeouts: Counter[str]  # choices where time ran out, by decision


def figures(summary: ScenarioSummary, lang: str) -> Figures:
    plan = summary.plan
    seats: Counter[str] = Counter()
    endings: Counter[str] = Counter()
    options: dict[str, Counter[str]] = defaultdict(Counter)
    divergences: Counter[str] = Counter()
    timeouts: Counter[str] = Counter()
    for record in summary.records:
        timeouts.update(record.timed_out)
        seats.update(record.seats)
        endings[record.ending or "-"] += 1
        for decision, _seat, option in record.choices:
            options[decision][option] += 1
        if record.diverged_at:
            divergences[record.diverged_at] += 1
    # Questions fit this class when they belong to endings it reached, and more so the more games reached them.
    scored: Counter[str] = Counter()
    for ending_id, count in endings.items():
        ending = plan.endings.get(ending_id)
        if ending is not None:
            for question in ending.model.questions:
                scored[question.get(lang)] += count
    return Figures(seats, endings, options, divergences, scored.most_common(6), timeouts)


def _decided(plan: Plan, f: Figures) -> Iterator[tuple[DecisionPlan, Counter[str], int, set[str]]]:
    """Each decision the class met, in time order: its option counts, their total and history's options."""
    for decision in in_time_order(plan, set(f.options)):
        counts = f.options[decision.id]
        yield decision, counts, sum(counts.values()), {o.id for o in decision.options if o.historical_for}


def _md_table(rows: list[list[str]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out = ["| " + " | ".join(cell(c) for c in rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows[1:]]
    return out


def _html_table(rows: list[list[str]], cls: str = "") -> str:
    head = "".join(f"<th>{e(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows[1:])
    return f"<table class='{cls}'><tr>{head}</tr>{body}</table>"


def render_markdown(data: ClassData, lang: str) -> str:
    out: list[str] = []
    if not data.summaries:
        out.append(f"# {t('rp.nothing', lang)}")
    for summary in data.summaries.values():
        plan, records = summary.plan, summary.records
        f = figures(summary, lang)
        out += [
            f"# {t('rp.title', lang, scenario=plan.model.title.get(lang))}",
            "",
            t("rp.games", lang, n=len(records), files=data.files),
            "",
            f"## {t('rp.summary', lang)}",
            "",
        ]
        out += [f"- {line}" for line in summary_lines(plan, records, lang)]
        out += ["", f"## {t('rp.per_group', lang)}", ""]
        out += _md_table(group_rows(plan, records, lang))
        out += ["", f"## {t('rp.per_game', lang)}", ""]
        out += _md_table(game_rows(plan, records, lang))
        out += ["", f"## {t('rp.seats', lang)}", ""]
        out += [f"- {seat_name(plan, s, lang)}: {n}" for s, n in f.seats.most_common()]
        out += ["", f"## {t('rp.endings', lang)}", ""]
        for ending_id, n in f.endings.most_common():
            ending = plan.endings.get(ending_id)
            name = ending.model.title.get(lang) if ending else t("rp.unfinished", lang)
            mark = f" ({t('rp.historical_mark', lang)})" if ending and ending.historical else ""
            out.append(f"- {name}{mark}: {n}")
        out += ["", f"## {t('rp.divergence', lang)}", ""]
        if f.divergences:
            out += [
                f"- {d.model.title.get(lang)}: {f.divergences[d.id]}" for d in in_time_order(plan, set(f.divergences))
            ]
            out += ["", t("rp.divergence_note", lang), ""]
            out += _md_table(divergence_rows(plan, records, lang))
        else:
            out.append(t("rp.no_divergence", lang))
        out += ["", f"## {t('rp.decisions', lang)}", ""]
        for decision, counts, total, history in _decided(plan, f):
            out += [
                f"### {decision.model.title.get(lang)} ({when(plan, decision, lang)})",
                "",
                f"| {t('rp.option', lang)} | {t('rp.class', lang)} | {t('rp.history', lang)} |",
                "|---|---|---|",
            ]
            for option in decision.options:
                share = counts.get(option.id, 0) * 100 // total
                out.append(
                    f"| {option.model.text.get(lang)} | {share}% ({counts.get(option.id, 0)}) | "
                    f"{'✓' if option.id in history else ''} |"
                )
            out.append("")
            if f.timeouts.get(decision.id):
                out += [t("rp.timed_out_here", lang, n=f.timeouts[decision.id]), ""]
            sources = sources_of(plan, decision, lang)
            if sources:
                out += [t("rp.sources_line", lang, sources="; ".join(sources)), ""]
        out += ["", f"## {t('rp.questions', lang)}", ""]
        out += [f"{n}. {q}" for n, (q, _score) in enumerate(f.questions, 1)]
        out.append("")
    if data.reflections:
        out += [f"## {t('rp.reflections', lang)}", ""]
        out += [f"- **{who}** — {prompt}: {answer}" for who, prompt, answer in data.reflections]
        out.append("")
    out += [f"## {t('rp.unreadable', lang)}", ""]
    out += [f"- {name}: {why}" for name, why in data.unreadable] or [t("rp.none_unreadable", lang)]
    return "\n".join(out) + "\n"


def render_html(data: ClassData, lang: str) -> str:
    body: list[str] = []
    title = t("rp.nothing", lang)
    for summary in data.summaries.values():
        plan, records = summary.plan, summary.records
        f = figures(summary, lang)
        title = t("rp.title", lang, scenario=plan.model.title.get(lang))
        body += [f"<h1>{e(title)}</h1>", f"<p>{e(t('rp.games', lang, n=len(records), files=data.files))}</p>"]
        # The one screen a teacher projects first.
        body.append(f"<section class='summary'><h2>{e(t('rp.summary', lang))}</h2><ul>")
        body += [f"<li>{e(line)}</li>" for line in summary_lines(plan, records, lang)]
        body.append("</ul></section>")
        body.append(f"<h2>{e(t('rp.per_group', lang))}</h2>")
        body.append(_html_table(group_rows(plan, records, lang), "wide"))
        body.append(f"<h2>{e(t('rp.per_game', lang))}</h2>")
        body.append(_html_table(game_rows(plan, records, lang), "wide"))
        body.append(f"<h2>{e(t('rp.endings', lang))}</h2>")
        rows = []
        for ending_id, n in f.endings.most_common():
            ending = plan.endings.get(ending_id)
            rows.append(
                (
                    ending.model.title.get(lang) if ending else t("rp.unfinished", lang),
                    n,
                    bool(ending and ending.historical),
                )
            )
        body.append(bar_chart(rows))
        body.append(f"<p class='small'><span class='hist'>■</span> {e(t('rp.historical_mark', lang))}</p>")
        body.append(f"<h2>{e(t('rp.seats', lang))}</h2>")
        body.append(bar_chart([(seat_name(plan, s, lang), n, False) for s, n in f.seats.most_common()]))
        body.append(f"<h2>{e(t('rp.divergence', lang))}</h2>")
        if f.divergences:
            body.append(f"<p>{e(t('rp.divergence_note', lang))}</p>")
            body.append(_html_table(divergence_rows(plan, records, lang), "wide"))
        else:
            body.append(f"<p>{e(t('rp.no_divergence', lang))}</p>")
        body.append(f"<h2>{e(t('rp.questions', lang))}</h2><ol>")
        body += [f"<li>{e(q)}</li>" for q, _score in f.questions]
        body.append("</ol>")
        # Every decision's table, closed until opened: the page stays a debrief, the detail stays one click away.
        body.append(f"<details><summary><h2>{e(t('rp.decisions', lang))}</h2></summary>")
        for decision, counts, total, history in _decided(plan, f):
            who = ", ".join(seat_name(plan, a, lang) for a in decision.actors)
            body.append(
                f"<h3>{e(decision.model.title.get(lang))} <span class='muted small'>"
                f"{e(when(plan, decision, lang))} · {e(who)}</span></h3>"
                f"<table><tr><th>{e(t('rp.option', lang))}</th>"
                f"<th>{e(t('rp.class', lang))}</th><th>{e(t('rp.history', lang))}</th></tr>"
            )
            for option in decision.options:
                n = counts.get(option.id, 0)
                bar = f"<svg width='160' height='16'><rect class='bar' width='{n * 160 // total}' height='16'/></svg>"
                body.append(
                    f"<tr><td>{e(option.model.text.get(lang))}</td><td class='num'>{bar} {n * 100 // total}% ({n})</td>"
                    f"<td class='hist'>{'✓' if option.id in history else ''}</td></tr>"
                )
            body.append("</table>")
            if f.timeouts.get(decision.id):
                body.append(f"<p class='small'>⏱ {e(t('rp.timed_out_here', lang, n=f.timeouts[decision.id]))}</p>")
            sources = sources_of(plan, decision, lang)
            if sources:
                body.append(f"<p class='small muted'>{e(t('rp.sources_line', lang, sources='; '.join(sources)))}</p>")
        body.append("</details>")
    if data.reflections:
        body.append(f"<h2>{e(t('rp.reflections', lang))}</h2><ul>")
        body += [f"<li><b>{e(who)}</b> — {e(prompt)}: {e(answer)}</li>" for who, prompt, answer in data.reflections]
        body.append("</ul>")
    body.append(f"<h2>{e(t('rp.unreadable', lang))}</h2>")
    if data.unreadable:
        body.append("<ul>" + "".join(f"<li><code>{e(n)}</code>: {e(w)}</li>" for n, w in data.unreadable) + "</ul>")
    else:
        body.append(f"<p>{e(t('rp.none_unreadable', lang))}</p>")
    return page(title, "\n".join(body), lang)
