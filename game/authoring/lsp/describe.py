"""What an id is, in words: the one-line detail beside a completion and the hover text.

Scenario text comes from strangers and is shown as Markdown by editors, so every character of it that
Markdown or HTML would read is escaped: a scenario cannot make a hover fetch an image or run a link.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ...scenario.models import parse_time
from .index import FileIndex, Occurrence, ScenarioIndex, Span

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&\"'=:])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def md(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", _CONTROL.sub("", text))


def text_of(value: Any, lang: str = "en") -> str:
    """A scenario Text (one string, or {en: ..., zh: ...}) in one language, or '' if it has none."""
    if isinstance(value, str):
        return value if lang == "en" else ""
    if isinstance(value, dict):
        found = value.get(lang)
        return found if isinstance(found, str) else ""
    return ""


def short(text: str, limit: int = 80) -> str:
    text = " ".join(_CONTROL.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def when(value: Any) -> str:
    """A scenario time with its weekday and full date: 'Fri 17 Nov 2023 12:00'."""
    if not isinstance(value, str):
        return ""
    try:
        moment: datetime = parse_time(value)
    except ValueError:
        return value
    return moment.strftime("%a %d %b %Y %H:%M")


def _zone(index: ScenarioIndex) -> str:
    clock = index.scenario_value("clock")
    zone = clock.get("zone", "PT") if isinstance(clock, dict) else "PT"
    return zone if isinstance(zone, str) else "PT"


def detail(index: ScenarioIndex, occ: Occurrence) -> str:
    """One line: what a completion offers."""
    item = index.item(occ)
    kind = occ.kind
    if kind == "meter":
        return short(f"meter {text_of(item.get('label'))} ({_range(item)})")
    if kind in ("counter", "flag"):
        return short(f"{kind} {text_of(item.get('label'))}")
    if kind == "decision":
        return short(f"decision, {when(item.get('at'))}: {text_of(item.get('title'))}")
    if kind in ("ending", "event"):
        return short(f"{kind}: {text_of(item.get('title'))}")
    if kind == "seat":
        return short(f"seat: {text_of(item.get('name'))}")
    if kind == "option":
        return short(f"option: {text_of(item.get('text'))}")
    if kind == "fact":
        return short(text_of(item.get("text")))
    return kind


def _range(item: dict[str, Any]) -> str:
    lo, hi = item.get("min", 0), item.get("max", 100)
    return f"{lo}..{hi}, starts at {item.get('start', '?')}"


def hover(index: ScenarioIndex, occ: Occurrence) -> str:
    """Markdown for the id at the cursor, from its definition."""
    defs = index.definitions(occ.space, occ.name)
    if not defs:
        return f"**{md(occ.name)}**: not defined anywhere in this scenario or its fact sheets"
    d = defs[0]
    item = index.item(d)
    head = f"**{md(d.kind)} {md(d.name)}**"
    lines = [head]
    if d.kind == "fact":
        for lang, name in (("en", "English"), ("zh", "Chinese")):
            found = text_of(item.get("text"), lang)
            if found:
                lines.append(f"{name}: {md(found)}")
        if item.get("date"):
            lines.append(f"Date: {md(str(item.get('date')))} {md(str(item.get('time') or ''))}".rstrip())
    elif d.kind == "meter":
        lines.append(f"{md(_label(item.get('label')))}: from {md(_range(item))}")
        if item.get("visible") is False:
            lines.append("hidden from players")
    elif d.kind in ("counter", "flag"):
        lines.append(md(_label(item.get("label"))))
        if d.kind == "counter" and item.get("max") is not None:
            lines.append(f"out of {md(str(item.get('max')))}, starts at {md(str(item.get('start', 0)))}")
    elif d.kind == "decision":
        lines.append(md(_label(item.get("title"))))
        lines.append(f"At {md(when(item.get('at')))} {md(_zone(index))}")
        vote = item.get("vote")
        if isinstance(vote, dict):
            voters = vote.get("voters")
            names = ", ".join(v for v in voters if isinstance(v, str)) if isinstance(voters, list) else ""
            lines.append(f"A vote of {md(names)}")
        else:
            lines.append(f"Decided by {md(str(item.get('actor', '?')))}")
    elif d.kind in ("event", "ending"):
        lines.append(md(_label(item.get("title"))))
        if item.get("at"):
            lines.append(f"At {md(when(item.get('at')))} {md(_zone(index))}")
        if d.kind == "ending":
            lines.append(f"Trigger: {md(str(item.get('trigger', 'end')))}")
    elif d.kind == "seat":
        lines.append(f"{md(_label(item.get('name')))}, {md(_label(item.get('role')))}")
    elif d.kind == "option":
        lines.append(md(_label(item.get("text"))))
    if item.get("when") not in (None, True):
        lines.append(f"When: {md(str(item.get('when')))}")
    uses = len(index.references(d.space, d.name)) - len(defs)
    lines.append(f"{uses} reference{'s' if uses != 1 else ''} · {md(d.file.name)}:{d.span.line + 1}")
    return "\n\n".join(lines)


def _label(value: Any) -> str:
    en, zh = text_of(value, "en"), text_of(value, "zh")
    return " / ".join(x for x in (en, zh) if x)


def key_help(file: FileIndex, line: int, col: int) -> tuple[str, Span] | None:
    """Markdown for the key at the cursor: what the format says it is for."""
    from ...scenario.facts import FactSheet
    from ...scenario.models import Scenario
    from ...scenario.sources import model_at

    for path, (span, _) in file.keys.items():
        if not span.contains(line, col):
            continue
        model = model_at(FactSheet if file.facts else Scenario, path[:-1])
        fld = model.model_fields.get(str(path[-1])) if model else None
        if fld is None:
            return None
        required = " (required)" if fld.is_required() else ""
        about = md(fld.description or "")
        return f"**{md(str(path[-1]))}**{required} in {md(model.__name__ if model else '')}" + (
            f"\n\n{about}" if about else ""
        ), span
    return None
