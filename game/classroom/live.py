"""A live class on top of the class record: the teacher's controls, who is where, and board tables.

This is the contract between the three parts of a class session, which run in different processes:
the web server (join page, teacher's dashboard), each student's game (a process per browser, started by
textual-serve), and board tables whose seats sit on different devices. They share nothing but the class
record file, so every fact one of them needs from another is a row here, written in one short
transaction and read by polling. Forty students polling once a second is a few hundred reads a second of
a WAL database, which SQLite serves without writers waiting.

``control.revision`` goes up with every change the teacher makes, so a student's game can poll one
integer and re-read the rest only when it moved.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..sanitize import clean, clean_line
from .record import MAX_TEXT, ClassRecord, RecordError, Student, hash_token

SEAT_MODES = ("free", "assigned", "balanced")
OBSERVER = "observer"  # a student's seat when the teacher makes them watch instead of play
WARNING_SECONDS = 120
SCREENS = ("lobby", "seat", "play", "table", "ending", "reflection", "debrief")
MAX_TABLE_SEATS = 12
_DISCUSSION = (10, 900)  # seconds a discussion before a vote may be set to, at least and at most


@dataclass(frozen=True)
class Control:
    paused: bool
    warning_until: float | None  # a two-minute warning shows until this time
    debrief: bool  # the teacher has released the debrief: history and the class's choices may be shown
    prompt: str  # the reflection prompt; empty means the game's own
    seat_mode: str
    revision: int

    def warning_left(self, now: float) -> float:
        """Seconds left on the teacher's warning; 0 when none is running."""
        return max(0.0, self.warning_until - now) if self.warning_until is not None else 0.0


@dataclass(frozen=True)
class Presence:
    student: int
    name: str
    screen: str  # one of SCREENS
    game: int | None
    seat: str | None
    decision: str | None
    seen: float  # real time of the student's game's last report


@dataclass(frozen=True)
class BoardTable:
    id: int
    label: str
    seats: tuple[str, ...]  # the seats played at this table, in the scenario's order
    discussion: int  # seconds of discussion before each vote
    game: int | None  # the shared game, once every seat is taken and it has started
    status: str  # open, playing, finished, closed
    members: dict[str, int] = field(default_factory=dict)  # seat -> student
    observers: tuple[int, ...] = ()

    def free_seats(self) -> list[str]:
        return [s for s in self.seats if s not in self.members]


@dataclass(frozen=True)
class Discussion:
    table: int
    moves: int  # the table's game had made this many choices when the discussion opened
    decision: str  # the vote being discussed
    ends: float
    ended_by: str | None  # None while it runs; "time", "teacher" or the seat that ended it

    def left(self, now: float) -> float:
        return 0.0 if self.ended_by is not None else max(0.0, self.ends - now)


class LiveClass:
    """One session of a class record, live. Each process opens its own (SQLite connections are not shared)."""

    def __init__(self, record: ClassRecord, session: int) -> None:
        self.record = record
        self.session = session
        self.db = record.db

    # --- the teacher's controls ------------------------------------------------------------------

    def control(self) -> Control:
        rows = self.record._rows(
            "SELECT paused, warning_until, debrief, prompt, seat_mode, revision FROM control WHERE session=?",
            (self.session,),
        )
        if not rows:
            return Control(False, None, False, "", "free", 0)
        paused, until, debrief, prompt, mode, revision = rows[0]
        return Control(
            bool(paused),
            float(until) if isinstance(until, (int, float)) else None,
            bool(debrief),
            clean(prompt)[:MAX_TEXT] if isinstance(prompt, str) else "",
            mode if mode in SEAT_MODES else "free",
            revision if isinstance(revision, int) else 0,
        )

    def _set(self, column: str, value: object) -> Control:
        # ``column`` is always one of ours, never a caller's string
        assert column in ("paused", "warning_until", "debrief", "prompt", "seat_mode")
        with self.record._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO control(session, updated) VALUES (?, ?)",
                (self.session, time.time()),
            )
            db.execute(
                f"UPDATE control SET {column}=?, revision=revision+1, updated=? WHERE session=?",
                (value, time.time(), self.session),
            )
        return self.control()

    def pause(self, paused: bool = True) -> Control:
        """Pause or resume the class. A discussion's end is a time in the record that every device at the
        table reads, so on resuming each running discussion's end moves on by as long as the pause took: the
        table gets back the minutes the teacher borrowed."""
        now = time.time()
        with self.record._write() as db:
            db.execute("INSERT OR IGNORE INTO control(session, updated) VALUES (?, ?)", (self.session, now))
            row = db.execute("SELECT paused, paused_at FROM control WHERE session=?", (self.session,)).fetchone()
            was_paused, since = bool(row[0]), row[1]
            if paused and not was_paused:
                db.execute(
                    "UPDATE control SET paused=1, paused_at=?, revision=revision+1, updated=? WHERE session=?",
                    (now, now, self.session),
                )
            elif not paused and was_paused:
                if isinstance(since, (int, float)):
                    db.execute(
                        "UPDATE discussion SET ends = ends + ? WHERE ended_by IS NULL AND tbl IN "
                        "(SELECT id FROM board_table WHERE session=?)",
                        (max(0.0, now - since), self.session),
                    )
                db.execute(
                    "UPDATE control SET paused=0, paused_at=NULL, revision=revision+1, updated=? WHERE session=?",
                    (now, self.session),
                )
        return self.control()

    def warn(self, seconds: int = WARNING_SECONDS) -> Control:
        return self._set("warning_until", time.time() + max(0, min(seconds, 3600)))

    def release_debrief(self, released: bool = True) -> Control:
        return self._set("debrief", int(released))

    def set_prompt(self, prompt: str) -> Control:
        return self._set("prompt", clean(prompt).strip()[:MAX_TEXT])

    def set_seat_mode(self, mode: str) -> Control:
        if mode not in SEAT_MODES:
            raise RecordError(f"seat mode {clean_line(mode)[:20]!r}: use one of {', '.join(SEAT_MODES)}")
        return self._set("seat_mode", mode)

    # --- students --------------------------------------------------------------------------------

    def join(self, name: str) -> tuple[Student, str]:
        """The student of that name (joining again, from any device, resumes them) and a new browser key.

        The key goes in the browser's cookie so a reload finds the student again; the record keeps only its
        hash. The newest device's key replaces the one before.
        """
        student = self.record.join(self.session, name)
        key = secrets.token_urlsafe(24)
        with self.record._write() as db:
            db.execute("UPDATE student SET key_hash=? WHERE id=?", (hash_token(key), student.id))
        return student, key

    def student_by_key(self, key: str) -> Student | None:
        if not key or len(key) > 100:
            return None
        digest = hash_token(key)
        for sid, name, joined, stored in self.record._rows(
            "SELECT id, name, joined, key_hash FROM student WHERE session=? AND key_hash IS NOT NULL",
            (self.session,),
        ):
            if isinstance(stored, str) and hmac.compare_digest(stored, digest):
                return Student(int(sid), self.session, clean_line(name)[:80], float(joined))
        return None

    def student(self, student: int) -> Student | None:
        rows = self.record._rows(
            "SELECT id, name, joined FROM student WHERE session=? AND id=?", (self.session, student)
        )
        return Student(int(rows[0][0]), self.session, clean_line(rows[0][1])[:80], float(rows[0][2])) if rows else None

    def assign(self, student: int, seat: str | None) -> None:
        """The teacher's assignment: a seat id, OBSERVER, or None for none."""
        with self.record._write() as db:
            db.execute("UPDATE student SET seat=? WHERE id=? AND session=?", (seat, student, self.session))

    def assigned(self, student: int) -> str | None:
        rows = self.record._rows("SELECT seat FROM student WHERE id=? AND session=?", (student, self.session))
        value = rows[0][0] if rows else None
        return clean_line(value)[:64] if isinstance(value, str) and value else None

    def seat_counts(self) -> Counter[str]:
        """How many of the class play each seat now: games in progress, and the seats given to students who
        have not started theirs yet (a teacher's assignment, or balanced mode's pick). A student counts once."""
        counts: Counter[str] = Counter()
        busy: set[int] = set()
        for student, seat in self.record._rows(
            "SELECT p.student, p.seat FROM player p JOIN game g ON g.id = p.game "
            "WHERE g.session=? AND g.status='playing'",
            (self.session,),
        ):
            counts[str(seat)] += 1
            busy.add(int(student))
        for student, seat in self.record._rows(
            "SELECT id, seat FROM student WHERE session=? AND seat IS NOT NULL", (self.session,)
        ):
            if int(student) not in busy and seat != OBSERVER:
                counts[str(seat)] += 1
        return counts

    def seat_for(self, student: int, seats: Sequence[str]) -> str | None:
        """The seat the mode gives this student, or None where the student chooses (free mode, or no
        assignment yet). Balanced mode gives the seat fewest classmates play or have been given, first in order
        on a tie, and keeps it as the student's assignment: the pick and its keeping are one transaction, so a
        class arriving at once is spread over the seats instead of all given the same one."""
        mode = self.control().seat_mode
        if mode == "assigned":
            return self.assigned(student)
        if mode == "balanced" and seats:
            own = self.assigned(student)
            if own == OBSERVER or own in seats:
                return own
            with self.record._write() as db:
                counts = self.seat_counts()
                seat = min(seats, key=lambda s: (counts[s], seats.index(s)))
                db.execute("UPDATE student SET seat=? WHERE id=? AND session=?", (seat, student, self.session))
            return seat
        return None

    def touch(
        self,
        student: int,
        screen: str,
        *,
        game: int | None = None,
        seat: str | None = None,
        decision: str | None = None,
    ) -> None:
        """Where a student is now, for the dashboard."""
        if screen not in SCREENS:
            raise ValueError(f"unknown screen {screen!r}")
        with self.record._write() as db:
            db.execute(
                "INSERT INTO presence(student, screen, game, seat, decision, seen) VALUES (?,?,?,?,?,?) "
                "ON CONFLICT(student) DO UPDATE SET screen=excluded.screen, game=excluded.game, "
                "seat=excluded.seat, decision=excluded.decision, seen=excluded.seen",
                (student, screen, game, seat, decision, time.time()),
            )

    def presence(self) -> list[Presence]:
        """Every student of the session, in order of joining, with where they are (a lobby if never seen)."""
        out = []
        for sid, name, joined, screen, game, seat, decision, seen in self.record._rows(
            "SELECT s.id, s.name, s.joined, p.screen, p.game, p.seat, p.decision, p.seen "
            "FROM student s LEFT JOIN presence p ON p.student = s.id WHERE s.session=? ORDER BY s.id",
            (self.session,),
        ):
            out.append(
                Presence(
                    int(sid),
                    clean_line(name)[:80],
                    screen if screen in SCREENS else "lobby",
                    game if isinstance(game, int) else None,
                    clean_line(seat)[:64] if isinstance(seat, str) else None,
                    clean_line(decision)[:64] if isinstance(decision, str) else None,
                    float(seen) if isinstance(seen, (int, float)) else float(joined),
                )
            )
        return out

    # --- board tables ----------------------------------------------------------------------------

    def open_table(self, label: str, seats: Sequence[str], discussion: int = 120) -> int:
        if not seats or len(seats) > MAX_TABLE_SEATS or len(set(seats)) != len(seats):
            raise RecordError("a table needs between one and twelve different seats")
        seconds = max(_DISCUSSION[0], min(int(discussion), _DISCUSSION[1]))
        with self.record._write() as db:
            cur = db.execute(
                "INSERT INTO board_table(session, label, seats, discussion, status, created) "
                "VALUES (?,?,?,?, 'open', ?)",
                (
                    self.session,
                    clean_line(label).strip()[:60] or "Table",
                    json.dumps(list(seats)),
                    seconds,
                    time.time(),
                ),
            )
        return int(cur.lastrowid or 0)

    def tables(self) -> list[BoardTable]:
        members: dict[int, dict[str, int]] = {}
        observers: dict[int, list[int]] = {}
        for tbl, student, seat in self.record._rows(
            "SELECT m.tbl, m.student, m.seat FROM table_member m JOIN board_table t ON t.id = m.tbl "
            "WHERE t.session=? ORDER BY m.joined",
            (self.session,),
        ):
            if isinstance(seat, str):
                members.setdefault(int(tbl), {})[clean_line(seat)[:64]] = int(student)
            else:
                observers.setdefault(int(tbl), []).append(int(student))
        out = []
        for tid, label, seats, discussion, game, status in self.record._rows(
            "SELECT id, label, seats, discussion, game, status FROM board_table WHERE session=? ORDER BY id",
            (self.session,),
        ):
            try:
                parsed = json.loads(seats) if isinstance(seats, str) and len(seats) < 4096 else []
            except ValueError:
                parsed = []
            seat_ids = tuple(clean_line(s)[:64] for s in parsed if isinstance(s, str))[:MAX_TABLE_SEATS]
            out.append(
                BoardTable(
                    int(tid),
                    clean_line(label)[:60],
                    seat_ids,
                    int(discussion) if isinstance(discussion, int) else 120,
                    game if isinstance(game, int) else None,
                    status if status in ("open", "playing", "finished", "closed") else "closed",
                    members.get(int(tid), {}),
                    tuple(observers.get(int(tid), [])),
                )
            )
        return out

    def table(self, table: int) -> BoardTable | None:
        return next((t for t in self.tables() if t.id == table), None)

    def sit(self, table: int, student: int, seat: str | None) -> bool:
        """Take ``seat`` at a table (None: watch as an observer). False if the seat is taken or not the
        table's. A student holds one place at a table; sitting again moves them."""
        found = self.table(table)
        if found is None or found.status == "closed" or (seat is not None and seat not in found.seats):
            return False
        with self.record._write() as db:
            taken = db.execute("SELECT student FROM table_member WHERE tbl=? AND seat=?", (table, seat)).fetchone()
            if seat is not None and taken is not None and taken[0] != student:
                return False
            if found.status != "open" and seat is not None and taken is None:
                return False  # a started game's seats are fixed
            db.execute("DELETE FROM table_member WHERE tbl=? AND student=?", (table, student))
            db.execute(
                "INSERT INTO table_member(tbl, student, seat, joined) VALUES (?,?,?,?)",
                (table, student, seat, time.time()),
            )
        return True

    def leave(self, table: int, student: int) -> None:
        with self.record._write() as db:
            db.execute(
                "DELETE FROM table_member WHERE tbl=? AND student=? AND "
                "(seat IS NULL OR (SELECT status FROM board_table WHERE id=?) = 'open')",
                (table, student, table),
            )

    def set_table_game(self, table: int, game: int) -> bool:
        """Bind the table's shared game, once: False if another seat's process bound one first."""
        with self.record._write() as db:
            cur = db.execute(
                "UPDATE board_table SET game=?, status='playing' WHERE id=? AND game IS NULL AND session=?",
                (game, table, self.session),
            )
        return cur.rowcount == 1

    def set_table_status(self, table: int, status: str) -> None:
        if status not in ("open", "playing", "finished", "closed"):
            raise ValueError(status)
        with self.record._write() as db:
            db.execute("UPDATE board_table SET status=? WHERE id=? AND session=?", (status, table, self.session))

    # --- a table's discussion before a vote ------------------------------------------------------

    def open_discussion(self, table: int, moves: int, decision: str, seconds: int) -> Discussion:
        """The discussion before ``decision`` at this point of the table's game; the first seat to ask opens
        it, and every other seat gets the same one (same end time) back."""
        with self.record._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO discussion(tbl, moves, decision, ends) VALUES (?,?,?,?)",
                (table, moves, decision, time.time() + max(0, seconds)),
            )
        found = self.discussion(table, moves, decision)
        assert found is not None
        return found

    def discussion(self, table: int, moves: int, decision: str) -> Discussion | None:
        rows = self.record._rows(
            "SELECT ends, ended_by FROM discussion WHERE tbl=? AND moves=? AND decision=?", (table, moves, decision)
        )
        if not rows:
            return None
        ends, by = rows[0]
        return Discussion(table, moves, decision, float(ends), clean_line(by)[:64] if isinstance(by, str) else None)

    def end_discussion(self, table: int, moves: int, decision: str, by: str) -> None:
        with self.record._write() as db:
            db.execute(
                "UPDATE discussion SET ended_by=? WHERE tbl=? AND moves=? AND decision=? AND ended_by IS NULL",
                (clean_line(by)[:64], table, moves, decision),
            )


def session_by_code(record: ClassRecord, code: str) -> int | None:
    """The session a join code opens, compared in constant time; codes are read off a projector, so case
    and spaces around them do not matter."""
    wanted = clean_line(code).strip().upper()[:16]
    found = None
    for session in record.sessions():
        if hmac.compare_digest(session.join_code.encode(), wanted.encode()):
            found = session.id
    return found
