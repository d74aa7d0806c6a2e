"""Class reports: every save and transcript in a folder, summed up for a debrief.

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
from ..engine.history import diverged_at
from ..i18n import t
from ..narrate import seat_name
from ..sanitize import clean_tree
from ..scenario.plan import DecisionPlan, Plan
from .html import bar_chart, e, page
from .transcript import MD_DATA_PREFIX

MAX_FILES = 2000
MAX_TRANSCRIPT_BYTES = 8 * 1024 * 1024
_HTML_DATA = re.compile(r'<script type="application/json" id="boardroom-data">(.*?)</script>', re.S)


@dataclass
class Record:
    file: str
    scenario: str
    seats: list[str]
    choices: list[tuple[str, str, str]]
    ending: str | None
    diverged_at: str | None


@dataclass
class ScenarioSummary:
    plan: Plan
    records: list[Record] = field(default_factory=list)


@dataclass
class ClassData:
    summaries: dict[str, ScenarioSummary]
    unreadable: list[tuple[str, str]]
    files: int


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


def collect(folder: Path, find_plan: Callable[[str], Plan | None]) -> ClassData:
    summaries: dict[str, ScenarioSummary] = {}
    unreadable: list[tuple[str, str]] = []
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".json", ".md", ".html"))
    # One playthrough may be saved in several slots and transcribed too: keep its furthest record.
    by_game: dict[str, Record] = {}
    # Looked up once per scenario id: a folder of saves naming an unknown id must not reload every scenario.
    plans: dict[str, Plan | None] = {}
    for path in files[:MAX_FILES]:
        name = safefile.shown(path.relative_to(folder))
        try:
            if path.suffix == ".json":
                data = saves.read(path, folder=folder)
                scenario, seats, game_id = data.scenario, list(data.seats), data.game_id
                choices = [tuple(c) for c in data.choices]
                timeouts = list(data.timeouts)
            else:
                raw = _from_transcript(path, folder)
                scenario, seats = str(raw["scenario"]), [str(s) for s in raw["seats"]]
                game_id = str(raw.get("game_id") or "")
                choices = [tuple(c) for c in raw["choices"]]
                timeouts = raw.get("timeouts") or []  # older transcripts have none
            # A transcript's fields are checked as a save's are (a scenario id, never a path).
            save = saves.SaveFile(
                format="boardroom-save",
                version=saves.VERSION,
                scenario=scenario,
                scenario_hash="",
                seats=seats,
                choices=choices,
                timeouts=timeouts,
            )
        # ValidationError is a ValueError; a damaged file is listed, whatever is wrong with it.
        except (saves.SaveError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
            unreadable.append((name, safefile.shown(exc)[:300]))
            continue
        if scenario not in plans:
            plans[scenario] = find_plan(scenario)
        plan = plans[scenario]
        if plan is None:
            unreadable.append((name, f"unknown scenario '{scenario}'"))
            continue
        try:
            restored = saves.restore(plan, save)
        except saves.SaveError as exc:
            unreadable.append((name, str(exc)))
            continue
        game = restored.game
        summary = summaries.setdefault(scenario, ScenarioSummary(plan))
        replayed = [(c.decision, c.seat, c.option) for c in game.choices]
        record = Record(name, scenario, seats, replayed, game.ending.id if game.ending else None, diverged_at(game))
        earlier = by_game.get(game_id) if game_id else None
        if earlier is None:
            summary.records.append(record)
        elif len(record.choices) > len(earlier.choices):
            summary.records[summary.records.index(earlier)] = record
        else:
            continue
        if game_id:
            by_game[game_id] = record
    if len(files) > MAX_FILES:
        unreadable.append((f"{len(files) - MAX_FILES} more files", f"only the first {MAX_FILES} were read"))
    return ClassData(summaries, unreadable, len(files))


@dataclass
class Figures:
    seats: Counter[str]
    endings: Counter[str]
    options: dict[str, Counter[str]]
    divergences: Counter[str]
    questions: list[tuple[str, int]]


def figures(summary: ScenarioSummary, lang: str) -> Figures:
    plan = summary.plan
    seats: Counter[str] = Counter()
    endings: Counter[str] = Counter()
    options: dict[str, Counter[str]] = defaultdict(Counter)
    divergences: Counter[str] = Counter()
    for record in summary.records:
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
    return Figures(seats, endings, options, divergences, scored.most_common(6))


def _decided(plan: Plan, f: Figures) -> Iterator[tuple[DecisionPlan, Counter[str], int, set[str]]]:
    """Each decision the class met: its option counts, their total and history's options."""
    for decision in plan.decisions.values():
        counts = f.options.get(decision.id)
        if counts:
            yield decision, counts, sum(counts.values()), {o.id for o in decision.options if o.historical_for}


def render_markdown(data: ClassData, lang: str) -> str:
    out: list[str] = []
    if not data.summaries:
        out.append(f"# {t('rp.nothing', lang)}")
    for summary in data.summaries.values():
        plan = summary.plan
        f = figures(summary, lang)
        out += [
            f"# {t('rp.title', lang, scenario=plan.model.title.get(lang))}",
            "",
            t("rp.games", lang, n=len(summary.records), files=data.files),
            "",
            f"## {t('rp.seats', lang)}",
            "",
        ]
        out += [f"- {seat_name(plan, s, lang)}: {n}" for s, n in f.seats.most_common()]
        out += ["", f"## {t('rp.endings', lang)}", ""]
        for ending_id, n in f.endings.most_common():
            ending = plan.endings.get(ending_id)
            name = ending.model.title.get(lang) if ending else t("rp.unfinished", lang)
            mark = f" ({t('rp.historical_mark', lang)})" if ending and ending.historical else ""
            out.append(f"- {name}{mark}: {n}")
        out += ["", f"## {t('rp.decisions', lang)}", ""]
        for decision, counts, total, history in _decided(plan, f):
            out += [
                f"### {decision.model.title.get(lang)}",
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
        out += [f"## {t('rp.divergence', lang)}", ""]
        if f.divergences:
            out += [f"- {plan.decisions[d].model.title.get(lang)}: {n}" for d, n in f.divergences.most_common(5)]
        else:
            out.append(t("rp.no_divergence", lang))
        out += ["", f"## {t('rp.questions', lang)}", ""]
        out += [f"{n}. {q}" for n, (q, _score) in enumerate(f.questions, 1)]
        out.append("")
    out += [f"## {t('rp.unreadable', lang)}", ""]
    out += [f"- {name}: {why}" for name, why in data.unreadable] or [t("rp.none_unreadable", lang)]
    return "\n".join(out) + "\n"


def render_html(data: ClassData, lang: str) -> str:
    body: list[str] = []
    title = t("rp.nothing", lang)
    for summary in data.summaries.values():
        plan = summary.plan
        f = figures(summary, lang)
        title = t("rp.title", lang, scenario=plan.model.title.get(lang))
        body += [f"<h1>{e(title)}</h1>", f"<p>{e(t('rp.games', lang, n=len(summary.records), files=data.files))}</p>"]
        body.append(f"<h2>{e(t('rp.seats', lang))}</h2>")
        body.append(bar_chart([(seat_name(plan, s, lang), n, False) for s, n in f.seats.most_common()]))
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
        body.append(f"<h2>{e(t('rp.decisions', lang))}</h2>")
        for decision, counts, total, history in _decided(plan, f):
            who = ", ".join(seat_name(plan, a, lang) for a in decision.actors)
            when = plan.time(decision.at).strftime("%a %d %b %H:%M")
            body.append(
                f"<h3>{e(decision.model.title.get(lang))} <span class='muted small'>{e(when)} · {e(who)}</span></h3>"
                f"<table><tr><th>{e(t('rp.option', lang))}</th>"
                f"<th>{e(t('rp.class', lang))}</th><th>{e(t('rp.history', lang))}</th></tr>"
            )
            for option in decision.options:
                n = counts.get(option.id, 0)
                bar = f"<svg width='120' height='10'><rect class='bar' width='{n * 120 // total}' height='10'/></svg>"
                body.append(
                    f"<tr><td>{e(option.model.text.get(lang))}</td><td class='num'>{bar} {n * 100 // total}% ({n})</td>"
                    f"<td class='hist'>{'✓' if option.id in history else ''}</td></tr>"
                )
            body.append("</table>")
        body.append(f"<h2>{e(t('rp.divergence', lang))}</h2>")
        if f.divergences:
            body.append(
                bar_chart(
                    [(plan.decisions[d].model.title.get(lang), n, False) for d, n in f.divergences.most_common(5)]
                )
            )
        else:
            body.append(f"<p>{e(t('rp.no_divergence', lang))}</p>")
        body.append(f"<h2>{e(t('rp.questions', lang))}</h2><ol>")
        body += [f"<li>{e(q)}</li>" for q, _score in f.questions]
        body.append("</ol>")
    body.append(f"<h2>{e(t('rp.unreadable', lang))}</h2>")
    if data.unreadable:
        body.append("<ul>" + "".join(f"<li><code>{e(n)}</code>: {e(w)}</li>" for n, w in data.unreadable) + "</ul>")
    else:
        body.append(f"<p>{e(t('rp.none_unreadable', lang))}</p>")
    return page(title, "\n".join(body), lang)
