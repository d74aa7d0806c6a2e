"""What the teacher's dashboard and the projector show, as plain data (the pages turn it into HTML).

Every string comes from the class record or a scenario, so both are cleaned on read already; the pages
still put them in the document only as text (``textContent``), never as markup.

Key outcomes are read by replaying each finished game (report.py's collector, the same figures the debrief
report prints). A replay is only needed when a game finishes, so the result is kept until the set of
finished games changes; the replay runs on its own read-only connection, off the server's event loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..classroom.debrief import GameRecord, outcome_cell, summary_lines
from ..classroom.live import OBSERVER, LiveClass
from ..classroom.report import collect_record
from ..narrate import seat_name
from ..scenario.plan import Plan
from .class_text import tr


@dataclass
class Outcomes:
    """Each finished game's replayed record, by game number, refreshed when another game finishes."""

    path: Path
    find_plan: Callable[[str], Plan | None]
    finished: frozenset[int] = frozenset()
    records: dict[int, GameRecord] = field(default_factory=dict)

    def stale(self, finished: frozenset[int]) -> bool:
        return finished != self.finished

    def refresh(self, finished: frozenset[int]) -> None:
        """Blocking (it replays games): the server calls it in a worker thread."""
        data = collect_record(self.path, self.find_plan)
        records = {
            r.game: r
            for summary in data.summaries.values()
            for r in summary.records
            if r.game is not None and r.game in finished
        }
        self.records, self.finished = records, finished


def _title(plan: Plan, decision: str | None, lang: str) -> str:
    found = plan.decisions.get(decision or "")
    return found.model.title.get(lang) if found else ""


def _seat(plan: Plan, seat: str | None, lang: str) -> str:
    if not seat:
        return ""
    return tr("dash.observer", lang) if seat == OBSERVER else seat_name(plan, seat, lang)


def _running_discussions(live: LiveClass) -> dict[int, tuple[int, str, float]]:
    """Each table's newest discussion that has not ended: (moves, decision, end time)."""
    out: dict[int, tuple[int, str, float]] = {}
    for tbl, moves, decision, ends in live.record._rows(
        "SELECT d.tbl, d.moves, d.decision, d.ends FROM discussion d JOIN board_table t ON t.id = d.tbl "
        "WHERE t.session=? AND d.ended_by IS NULL ORDER BY d.moves",
        (live.session,),
    ):
        if isinstance(moves, int) and isinstance(decision, str) and isinstance(ends, (int, float)):
            out[int(tbl)] = (moves, decision, float(ends))
    return out


def _timeouts(live: LiveClass) -> dict[int, int]:
    return {
        int(game): int(n or 0)
        for game, n in live.record._rows(
            "SELECT c.game, SUM(c.timed_out) FROM choice c JOIN game g ON g.id = c.game WHERE g.session=? "
            "GROUP BY c.game",
            (live.session,),
        )
    }


def finished_games(live: LiveClass) -> frozenset[int]:
    return frozenset(
        int(g)
        for (g,) in live.record._rows("SELECT id FROM game WHERE session=? AND status='finished'", (live.session,))
    )


def class_state(live: LiveClass, plan: Plan, lang: str, outcomes: dict[int, GameRecord]) -> dict[str, Any]:
    """Everything the dashboard shows, as JSON-ready data."""
    now = time.time()
    control = live.control()
    presence = live.presence()
    names = {p.student: p.name for p in presence}
    assigned = {p.student: live.assigned(p.student) for p in presence}
    games = live.record.games(live.session)
    timeouts = _timeouts(live)
    labels = [o.model.label.get(lang) for o in plan.outcomes]

    def game_row(g: Any) -> dict[str, Any]:
        ending = plan.endings.get(g.ending or "")
        record = outcomes.get(g.id)
        return {
            "id": g.id,
            "players": ", ".join(f"{names.get(st, '?')} ({_seat(plan, s, lang)})" for s, st in g.players.items()),
            "group": g.group or "",
            "status": g.status,
            "moves": g.moves,
            "ending": ending.model.title.get(lang) if ending else "",
            "historical": bool(ending and ending.historical),
            "outcomes": [outcome_cell(o, record.outcomes.get(o.id), lang) for o in plan.outcomes] if record else [],
            "timeouts": timeouts.get(g.id, 0),
            "finished": g.finished,
        }

    rows = [game_row(g) for g in games]
    finished = [r for r in rows if r["status"] == "finished"]
    discussions = _running_discussions(live)
    tables = []
    for table in live.tables():
        running = discussions.get(table.id)
        tables.append(
            {
                "id": table.id,
                "label": table.label,
                "status": table.status,
                "discussion": table.discussion,
                "game": table.game,
                "seats": [
                    {"seat": s, "name": _seat(plan, s, lang), "student": names.get(table.members.get(s, -1), "")}
                    for s in table.seats
                ],
                "observers": [names.get(o, "?") for o in table.observers],
                "debate": None
                if running is None
                else {
                    "moves": running[0],
                    "decision": running[1],
                    "title": _title(plan, running[1], lang),
                    "left": max(0, round(running[2] - now)),
                },
            }
        )
    return {
        "control": {
            "paused": control.paused,
            "warning": round(control.warning_left(now)),
            "debrief": control.debrief,
            "prompt": control.prompt,
            "seat_mode": control.seat_mode,
            "revision": control.revision,
        },
        "students": [
            {
                "id": p.student,
                "name": p.name,
                "screen": p.screen,
                "seat": _seat(plan, p.seat, lang),
                "decision": _title(plan, p.decision, lang),
                "seen": max(0, round(now - p.seen)),
                "assigned": assigned[p.student] or "",
                "game": p.game,
            }
            for p in presence
        ],
        "games": rows,
        "endings": [
            {"game": r["id"], "players": r["players"], "ending": r["ending"], "historical": r["historical"]}
            for r in sorted(finished, key=lambda r: -(r["finished"] or 0))
        ],
        "outcome_labels": labels,
        "summary": summary_lines(plan, [outcomes[g] for g in sorted(outcomes)], lang) if outcomes else [],
        "counts": {
            "joined": len(presence),
            "playing": sum(1 for r in rows if r["status"] == "playing"),
            "finished": len(finished),
        },
        "tables": tables,
        "seats": [{"id": s.id, "name": s.name.get(lang)} for s in plan.playable_seats()],
    }


def projector_state(full: dict[str, Any]) -> dict[str, Any]:
    """What the projector may show the room: counts and the class's outcomes, never a name."""
    return {"counts": full["counts"], "summary": full["summary"], "control": full["control"]}
