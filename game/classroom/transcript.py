"""Readable records of a playthrough, in Markdown or HTML.

Both carry the walkthrough's data (a JSON block) so class reports can read
transcripts as well as saves.
"""

from __future__ import annotations

import json

from ..i18n import t
from ..narrate import label, seat_name
from .html import e, page, sparkline
from .walkthrough import Walkthrough

MD_DATA_PREFIX = "<!-- boardroom-data: "


def _trajectories(w: Walkthrough) -> list[tuple[str, list[int], int, int]]:
    model = w.plan.model
    out = []
    for meter in model.meters:
        if meter.visible:
            values = [int(v[meter.id]) for _, v in w.game.trajectory]
            out.append((meter.label.get(w.lang), values, meter.min, meter.max))
    return out


def _final_values(w: Walkthrough) -> list[tuple[str, str]]:
    plan, lang, values = w.plan, w.lang, w.game.values
    rows = [(label(plan, m.id, lang), str(values[m.id])) for m in plan.model.meters if m.visible]
    rows += [
        (label(plan, c.id, lang), f"{values[c.id]}" + (f" / {c.max}" if c.max else ""))
        for c in plan.model.counters
        if c.visible
    ]
    return rows


def _seats(w: Walkthrough) -> str:
    """The seats played, each with its player's name where the record knows it (a class's board table)."""
    return ", ".join(seat_name(w.plan, s, w.lang) + (f" ({w.names[s]})" if s in w.names else "") for s in w.seats)


def markdown(w: Walkthrough) -> str:
    plan, lang = w.plan, w.lang
    seats = _seats(w)
    out = [f"# {t('tr.title', lang, scenario=plan.model.title.get(lang))}", ""]
    out.append(f"- **{t('tr.seats', lang)}:** {seats}")
    first = w.diverged_at
    out.append(
        f"- **{t('tr.first_divergence', lang)}:** "
        + (plan.decisions[first].model.title.get(lang) if first else t("tr.none", lang))
    )
    if w.stopped:
        out += ["", f"> {t('tr.stopped', lang, reason=w.stopped)}"]
    out += ["", f"## {t('tr.decisions', lang)}", ""]
    for n, step in enumerate(w.steps, 1):
        who = f" — {seat_name(plan, step.seat, lang)}" if len(w.seats) > 1 else ""
        out.append(f"### {n}. {step.title} ({step.time}){who}")
        out.append("")
        for o in step.offered:
            mark = "**→**" if o.id == step.chosen else "  "
            note = f" *({t('tr.unavailable', lang)}: {o.reason})*" if not o.available and o.reason else ""
            hist = f" ⟵ {t('tr.history_did', lang)}" if o.id == step.historical else ""
            out.append(f"- {mark} {o.text}{note}{hist}")
        verdict = t(step.verdict_key, lang)
        cite = f" — {t('tr.sources', lang)}: {', '.join(step.sources)}" if step.sources else ""
        out += ["", f"*{verdict}*{cite}", ""]
    events = w.events()
    if events:
        out += [f"## {t('tr.events', lang)}", ""]
        out += [f"- **{time}** {head}" + (f": {detail}" if detail else "") for time, head, detail in events]
        out.append("")
    out += [f"## {t('tr.meters', lang)}", "", "| | |", "|---|---|"]
    out += [f"| {name} | {value} |" for name, value in _final_values(w)]
    out.append("")
    out.extend(_ending_md(w))
    out.append(MD_DATA_PREFIX + json.dumps(w.to_data(), ensure_ascii=False) + " -->")
    return "\n".join(out) + "\n"


def _ending_md(w: Walkthrough) -> list[str]:
    lang = w.lang
    ending = w.game.ending
    if ending is None:
        return [f"*{t('tr.unfinished', lang)}*", ""]
    out = [f"## {t('tr.ending', lang)}: {ending.model.title.get(lang)}", "", ending.model.text.get(lang), ""]
    if ending.historical:
        out += [f"*{t('tr.ending_historical', lang)}*", ""]
    if ending.model.history is not None:
        out += [f"### {t('tr.actual', lang)}", "", ending.model.history.get(lang), ""]
    if ending.model.questions:
        out += [f"### {t('tr.questions', lang)}", ""]
        out += [f"{n}. {q.get(lang)}" for n, q in enumerate(ending.model.questions, 1)]
        out.append("")
    return out


def html(w: Walkthrough) -> str:
    plan, lang = w.plan, w.lang
    title = t("tr.title", lang, scenario=plan.model.title.get(lang))
    seats = _seats(w)
    first = w.diverged_at
    body = [
        f"<h1>{e(title)}</h1>",
        f"<p><b>{e(t('tr.seats', lang))}:</b> {e(seats)}<br>",
        f"<b>{e(t('tr.first_divergence', lang))}:</b> "
        f"{e(plan.decisions[first].model.title.get(lang) if first else t('tr.none', lang))}</p>",
    ]
    if w.stopped:
        body.append(f"<p class='div'>{e(t('tr.stopped', lang, reason=w.stopped))}</p>")
    body.append(f"<h2>{e(t('tr.decisions', lang))}</h2>")
    for n, step in enumerate(w.steps, 1):
        who = f" — {e(seat_name(plan, step.seat, lang))}" if len(w.seats) > 1 else ""
        body.append(f"<h3>{n}. {e(step.title)} <span class='muted small'>{e(step.time)}</span>{who}</h3><ul>")
        for o in step.offered:
            cls = []
            if o.id == step.chosen:
                cls.append("div" if step.diverged else "hist")
            text = ("→ " if o.id == step.chosen else "") + o.text
            note = (
                f" <span class='muted'>({e(t('tr.unavailable', lang))}: {e(o.reason)})</span>"
                if (not o.available and o.reason)
                else ""
            )
            hist = f" <span class='hist'>⟵ {e(t('tr.history_did', lang))}</span>" if o.id == step.historical else ""
            body.append(f"<li class='{' '.join(cls)}'>{e(text)}{note}{hist}</li>")
        cite = f" — {e(t('tr.sources', lang))}: {e(', '.join(step.sources))}" if step.sources else ""
        verdict = t(step.verdict_key, lang)
        body.append(f"</ul><p class='small muted'>{e(verdict)}{cite}</p>")
    events = w.events()
    if events:
        body.append(f"<h2>{e(t('tr.events', lang))}</h2><ul>")
        body += [
            f"<li><b>{e(time)}</b> {e(head)}" + (f": {e(detail)}" if detail else "") + "</li>"
            for time, head, detail in events
        ]
        body.append("</ul>")
    body.append(f"<h2>{e(t('tr.meters', lang))}</h2><table>")
    spark = {name: (values, lo, hi) for name, values, lo, hi in _trajectories(w)}
    for name, value in _final_values(w):
        line = sparkline(*spark[name]) if name in spark else ""
        body.append(f"<tr><td>{e(name)}</td><td>{e(value)}</td><td>{line}</td></tr>")
    body.append("</table>")
    ending = w.game.ending
    if ending is None:
        body.append(f"<p><i>{e(t('tr.unfinished', lang))}</i></p>")
    else:
        body.append(f"<h2>{e(t('tr.ending', lang))}: {e(ending.model.title.get(lang))}</h2>")
        body.append(f"<p>{e(ending.model.text.get(lang))}</p>")
        if ending.historical:
            body.append(f"<p class='hist'>{e(t('tr.ending_historical', lang))}</p>")
        if ending.model.history is not None:
            body.append(f"<h3>{e(t('tr.actual', lang))}</h3><p>{e(ending.model.history.get(lang))}</p>")
        if ending.model.questions:
            body.append(f"<h3>{e(t('tr.questions', lang))}</h3><ol>")
            body += [f"<li>{e(q.get(lang))}</li>" for q in ending.model.questions]
            body.append("</ol>")
    return page(title, "\n".join(body), lang, w.to_data())
