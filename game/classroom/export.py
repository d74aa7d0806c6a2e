"""A class record as tables a teacher can open in a spreadsheet: one row per choice, and the reflections.

Names may be replaced by pseudonyms ("Student 07"). The pseudonym is a student's rank when the class's
names are ordered by HMAC-SHA256(session salt, name). The salt is random, made with the session and kept
only in the record, so:
- the same record always gives the same pseudonyms: a choices export and a reflections export (or this
  week's and next week's) can be matched by pseudonym;
- without the record nobody can test a guessed name against a pseudonym (a plain hash of a name could
  be looked up from a class list);
- the numbers say nothing about who joined first or how names sort.
A per-export random key would make two exports impossible to match, which a teacher usually needs.

Every cell that a spreadsheet would read as a formula (=, +, -, @ at its start) is quoted with a leading
apostrophe: names and answers are typed by students.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ..scenario.plan import Plan
from .record import ClassRecord, Student

CHOICE_COLUMNS = (
    "student",
    "game",
    "group",
    "seat",
    "index",
    "decision",
    "option",
    "in_world_time",
    "real_time",
    "timed_out",
    "historical",
    "verdict",
)
REFLECTION_COLUMNS = ("student", "game", "prompt", "answer", "real_time")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Export:
    choices: list[dict[str, str]]
    reflections: list[dict[str, str]]


def pseudonyms(students: list[Student], salt: bytes) -> dict[int, str]:
    """Student id -> "Student 07", numbered in the order of their names' HMAC under the session's salt."""
    digest = {s.id: hmac.new(salt, s.name.encode("utf-8"), hashlib.sha256).hexdigest() for s in students}
    width = max(2, len(str(len(students))))
    return {sid: f"Student {n:0{width}d}" for n, sid in enumerate(sorted(digest, key=digest.__getitem__), 1)}


def _real(at: float | None) -> str:
    return datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds") if at else ""


def _historical(history: str | None, option: str) -> str:
    """'yes', 'no', or '' where the record does not say what this seat did."""
    if history is None:
        return ""
    return "yes" if history == option else "no"


def build(record: ClassRecord, find_plan: Callable[[str], Plan | None], *, pseudonymise: bool = False) -> Export:
    out = Export([], [])
    for session in record.sessions():
        students = record.students(session.id)
        names = pseudonyms(students, record.salt(session.id)) if pseudonymise else {s.id: s.name for s in students}
        plan = find_plan(session.scenario)
        for game in record.games(session.id):
            for c in record.choices(game.id):
                when = plan.time(c.minute).strftime("%Y-%m-%d %H:%M") if plan else f"+{c.minute} min"
                out.choices.append(
                    {
                        "student": names.get(game.players.get(c.seat, -1), ""),
                        "game": str(game.id),
                        "group": game.group or "",
                        "seat": c.seat,
                        "index": str(c.index),
                        "decision": c.decision,
                        "option": c.option,
                        "in_world_time": when,
                        "real_time": _real(c.at),
                        "timed_out": "yes" if c.timed_out else "no",
                        "historical": _historical(c.history, c.option),
                        "verdict": c.verdict.value,
                    }
                )
        for r in record.reflections(session.id):
            out.reflections.append(
                {
                    "student": names.get(r.student, ""),
                    "game": "" if r.game is None else str(r.game),
                    "prompt": r.prompt,
                    "answer": r.answer,
                    "real_time": _real(r.at),
                }
            )
    return out


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def to_json(export: Export) -> str:
    return json.dumps(
        {
            "format": "boardroom-class-export",
            "version": 1,
            "choices": export.choices,
            "reflections": export.reflections,
        },
        ensure_ascii=False,
        indent=1,
    )
